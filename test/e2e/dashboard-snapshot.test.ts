// The browser app from a recorded snapshot, with no cluster: recorded.html built with Vite, served
// by a bare static server, driven in real Chromium. The snapshot (web/recorded/sample-snapshot.json)
// was recorded with `kanary dashboard record` from the local control plane: an NGINX canary paused
// at 60%, a Rollout at its experiment step, an aborted one.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../src/dashboard/contract.js';
import { skipEachUnless } from '../support/needs.js';
import { ARTIFACTS, browsers, noChromium, repo } from './dashboard-browser.js';

const WEB = path.join(repo, 'src/dashboard/web');
const SAMPLE = path.join(WEB, 'recorded/sample-snapshot.json');
const recording = JSON.parse(readFileSync(SAMPLE, 'utf8')) as Recording;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

const browser = browsers();
let dir = '';
let server: Server | undefined;
let base = '';

beforeAll(async () => {
  if (noChromium) return;
  dir = mkdtempSync(path.join(tmpdir(), 'kanary-recorded-'));
  await build({
    configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn',
    build: { outDir: dir, emptyOutDir: true, rollupOptions: { input: path.join(WEB, 'recorded.html') } },
  });
  mkdirSync(path.join(dir, 'recorded'));
  copyFileSync(SAMPLE, path.join(dir, 'recorded/sample-snapshot.json'));
  server = createServer((req, res) => {
    const file = path.join(dir, new URL(req.url ?? '/', 'http://x').pathname);
    try {
      const data = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(data);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/recorded.html`;
}, 180_000);
afterAll(async () => {
  await browser.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the pages from a recorded snapshot, in Chromium, without a cluster', () => {
  skipEachUnless(noChromium);

  it('the overview lists every recorded Rollout, the aborted one in the attention band', async () => {
    const p = await browser.page(base);
    await expect.poll(() => p.locator('tr[data-rollout]').count(), { timeout: 20_000 }).toBe(recording.rollouts.length);
    for (const card of recording.rollouts) {
      expect(await p.locator(`tr[data-rollout="${card.namespace}/${card.name}"] [data-testid=phase]`).textContent()).toBe(card.phase);
    }
    expect(await p.locator('[data-testid=attention]').textContent()).toContain('payments/api');
    mkdirSync(ARTIFACTS, { recursive: true });
    await p.screenshot({ path: path.join(ARTIFACTS, 'recorded-overview.png'), fullPage: true });
  });

  it('a Rollout page draws the weight over time and the router\'s weight', async () => {
    const web = recording.details['shop/web']!;
    const p = await browser.page(`${base}#/rollouts/shop/web`);
    await expect.poll(() => p.locator('[data-testid=detail-phase]').textContent(), { timeout: 20_000 }).toBe(web.card.phase);
    expect(await p.locator('[data-testid=router-weight]').textContent()).toContain(`${web.weights.routerWeight}%`);
    expect(await p.locator('[data-testid=actual-weight]').count()).toBe(web.weights.actual.length);
    expect(await p.locator('.step-current').textContent()).toBe(web.steps.find((s) => s.state === 'current')!.text);
  });

  it('a Rollout page shows its experiment with the templates\' ReplicaSets', async () => {
    const [experiment] = recording.details['shop/checkout']!.experiments;
    const p = await browser.page(`${base}#/rollouts/shop/checkout`);
    const panel = p.locator(`[data-experiment="${experiment!.name}"]`);
    await expect.poll(() => panel.locator('[data-testid=experiment-phase]').textContent(), { timeout: 20_000 }).toBe(experiment!.mark.word);
    const rows = await panel.locator('[data-testid=experiment-template]').allTextContents();
    expect(rows).toHaveLength(experiment!.templates.length);
    experiment!.templates.forEach((t, i) => expect(rows[i]).toContain(t.replicaSet!));
    await p.screenshot({ path: path.join(ARTIFACTS, 'recorded-experiment.png'), fullPage: true });
  });

  it('an action is answered by the recording: refused, as a read-only server would, and said so on the page', async () => {
    const p = await browser.page(`${base}#/rollouts/shop/web`);
    await p.getByRole('button', { name: 'Promote', exact: true }).click();
    await expect.poll(() => p.locator('[data-testid=action-result]').textContent(), { timeout: 10_000 }).toContain('read-only');
  });

  it('an unknown Rollout is an error naming it, with the way back', async () => {
    const p = await browser.page(`${base}#/rollouts/shop/nope`);
    await expect.poll(() => p.locator('.error').textContent(), { timeout: 10_000 }).toBe('rollout "nope" not found in namespace "shop"');
    expect(await p.getByRole('link', { name: 'back' }).count()).toBe(1);
  });
});
