// `kanary get rollout NAME --watch` in a real terminal: tmux runs it in a detached session while
// the test drives the Rollout through its steps; the pane shows one tree redrawn in place (never
// scrolled), the cursor hidden while it draws, and Ctrl-C ends it with exit 0 and the cursor back.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { webRollout } from './web-rollout.js';
import { skipEachUnless } from '../support/needs.js';
import { missingProgram, onPath } from '../support/tools.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/kanary.js');
const TMUX = onPath('tmux') ?? 'tmux';
const noTmux = missingProgram('tmux', 'apt-get install -y tmux; .ci/run installs it');
const socket = path.join(mkdtempSync(path.join(tmpdir(), 'kanary-tmux-')), 'sock');
const SESSION = 'watch';

let c: Cluster;
let ns: string;
let controller: ControllerProcess | undefined;

const tmux = (...args: string[]) => execFileSync(TMUX, ['-S', socket, ...args], { encoding: 'utf8' });
/** The visible screen, or with `history` everything that ever scrolled off it too. */
const screen = (history = false) => tmux('capture-pane', '-p', '-t', SESSION, ...(history ? ['-S', '-'] : []));
const cursorVisible = () => tmux('display-message', '-p', '-t', SESSION, '#{cursor_flag}').trim() === '1';

function kanary(...args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    spawn(process.execPath, [bin, '--kubeconfig', c.kubeconfigPath, '-n', ns, ...args], { stdio: 'ignore' }).on('close', resolve);
  });
}

async function screenShows(pattern: RegExp): Promise<string> {
  let last = '';
  return waitFor(`the tmux pane to show ${pattern}`, async () => {
    last = screen();
    return pattern.test(last) ? last : undefined;
  }, { timeoutMs: 60_000, intervalMs: 250, describe: async () => last });
}

/** The tree is drawn once, at the top of the pane, and nothing scrolled off it. */
function expectDrawnInPlace(text: string): void {
  expect(text.split('\n')[0]).toBe('Name:            web');
  expect(text.match(/^Name:/gm)).toHaveLength(1);
  expect(text.match(/^NAME +KIND +STATUS +AGE +INFO$/gm)).toHaveLength(1);
  expect(screen(true).match(/^Name:/gm)).toHaveLength(1);
}

const MANIFEST = webRollout({ steps: ['setWeight: 20', 'pause: {}', 'setWeight: 60', 'pause: {}'] });

skipEachUnless(noTmux);

beforeAll(async () => {
  if (noTmux) return;
  spawnSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'ignore' });
  c = connect();
  ns = await createNamespace(c, 'cli-watch');
  await apply(c, MANIFEST, ns);
  controller = startControllerProcess(c.kubeconfigPath, ns);
  expect(await kanary('status', 'web', '--watch', '--timeout', '90s')).toBe(0);
}, 300_000);
afterAll(async () => {
  if (noTmux) return;
  spawnSync(TMUX, ['-S', socket, 'kill-server'], { stdio: 'ignore' });
  await controller?.stop();
  await deleteNamespace(c, ns);
});

describe('kanary get rollout --watch in tmux', () => {
  it('redraws the tree in place as the steps advance, and exits cleanly on Ctrl-C', { timeout: 240_000 }, async () => {
    const command = `${process.execPath} ${bin} --kubeconfig ${c.kubeconfigPath} -n ${ns} get rollout web --watch; echo EXIT=$?; sleep 600`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '160', '-y', '60', command);

    expectDrawnInPlace(await screenShows(/Status: +✔ Healthy\n(.*\n)* {2}Step: +4\/4\n/));
    expect(cursorVisible()).toBe(false);

    await kanary('set', 'image', 'web', 'web=demo:2');
    const paused = await screenShows(/Status: +॥ Paused\n(.*\n)* {2}Step: +1\/4\n {2}SetWeight: +20\n {2}ActualWeight: +20\n(.*\n)*├──# revision:2\n/);
    expectDrawnInPlace(paused);
    expect(paused).toMatch(/Images: +demo:1 \(stable\)\n +demo:2 \(canary\)\n/);

    await kanary('promote', 'web');
    expectDrawnInPlace(await screenShows(/Status: +॥ Paused\n(.*\n)* {2}Step: +3\/4\n {2}SetWeight: +60\n {2}ActualWeight: +60\n/));

    await kanary('promote', 'web', '--full');
    const done = await screenShows(/Status: +✔ Healthy\n(.*\n)* {2}Step: +4\/4\n(.*\n)*Images: +demo:2 \(stable\)\n/);
    expectDrawnInPlace(done);
    // The shorter tree (no canary pods any more) left no stale lines below it.
    await screenShows(/└──# revision:1\n {3}└──⧉ web-\w+ +ReplicaSet +• ScaledDown +\S+\n\n*$/);

    tmux('send-keys', '-t', SESSION, 'C-c');
    const after = await screenShows(/^(\^C)?EXIT=0$/m);
    expect(after.match(/^Name:/gm)).toHaveLength(1);
    expect(cursorVisible()).toBe(true);
  });
});
