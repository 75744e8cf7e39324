// The dashboard in real Chromium (playwright-core driving Debian's chromium) against the local
// control plane: the overview lists rollouts of several namespaces and follows them live, promote
// and promote full act from the page (full only after a confirmation), actions are recorded as
// Events naming who; read-only mode, the bind check and the CSRF guard are checked over HTTP.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import type { Rollout } from '../../src/api/types.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { CSRF_HEADER } from '../../src/dashboard/contract.js';
import { skipEachUnless } from '../support/needs.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { refusedDashboard, startDashboard, type DashboardProcess } from './dashboard-process.js';
import { ARTIFACTS, browsers, noChromium } from './dashboard-browser.js';
import { webRollout } from './web-rollout.js';

const STEPS = ['setWeight: 20', 'pause: {}', 'setWeight: 60', 'pause: {}'];

let c: Cluster;
let clients: KubeClients;
const namespaces: string[] = [];
const controllers: ControllerProcess[] = [];
let dashboard: DashboardProcess | undefined;
const browser = browsers();

beforeAll(async () => {
  c = connect();
  clients = createKubeClients(c.kc);
  for (const prefix of ['dash-shop', 'dash-pay']) {
    const ns = await createNamespace(c, prefix);
    namespaces.push(ns);
    await apply(c, webRollout({ steps: STEPS, replicas: 5 }), ns);
    controllers.push(startControllerProcess(c.kubeconfigPath, ns));
  }
  dashboard = await startDashboard(['--kubeconfig', c.kubeconfigPath, '-n', namespaces.join(',')]);
});
afterAll(async () => {
  await browser.close();
  await dashboard?.stop();
  for (const ctl of controllers) await ctl.stop();
  for (const ns of namespaces) await deleteNamespace(c, ns);
});

const ref = (i: number) => ({ namespace: namespaces[i]!, name: 'web' });

async function rollout(i: number): Promise<Rollout> {
  return clients.resource<Rollout & KubernetesObject>(kinds.Rollout).get(ref(i));
}

async function reach(i: number, phase: string, step: number): Promise<void> {
  await waitFor(`rollout ${namespaces[i]}/web ${phase} at step ${step}`, async () => {
    const r = await rollout(i);
    return r.status?.phase === phase && r.status?.currentStepIndex === step && r.status?.observedGeneration === String(r.metadata?.generation);
  }, { timeoutMs: 60_000 });
}

const page = (url: string): Promise<Page> => browser.page(url);

function row(p: Page, i: number) {
  return p.locator(`tr[data-rollout="${namespaces[i]}/web"]`);
}

async function post(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: { error?: string; message?: string } }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
  return { status: res.status, body: (await res.json()) as { error?: string; message?: string } };
}

describe('the dashboard in Chromium', () => {
  skipEachUnless(noChromium);

  it('lists the rollouts of several namespaces, then follows one through an update without a reload', async () => {
    await reach(0, 'Healthy', 4);
    await reach(1, 'Healthy', 4);
    const p = await page(dashboard!.url);
    await expect.poll(() => row(p, 0).locator('[data-testid=phase]').textContent(), { timeout: 20_000 }).toBe('Healthy');
    await expect.poll(() => row(p, 1).locator('[data-testid=phase]').textContent(), { timeout: 20_000 }).toBe('Healthy');

    await p.evaluate(() => { (globalThis as unknown as { marker: number }).marker = 1; });
    await actions.setImage(clients, ref(0), 'web', 'demo:2');
    await expect.poll(() => row(p, 0).locator('[data-testid=phase]').textContent(), { timeout: 30_000 }).toBe('Paused');
    await expect.poll(() => row(p, 0).locator('[data-testid=step]').textContent()).toBe('1/4');
    await expect.poll(() => p.locator('[data-testid=attention]').textContent()).toContain('a promote');
    // The same document: no reload happened.
    expect(await p.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(1);
    mkdirSync(ARTIFACTS, { recursive: true });
    await p.screenshot({ path: path.join(ARTIFACTS, 'overview.png'), fullPage: true });
  });

  it('promote from the page moves the rollout; promote full asks first, then finishes it; both are recorded as Events', async () => {
    await reach(0, 'Paused', 1);
    const p = await page(`${dashboard!.url}#/rollouts/${namespaces[0]}/web`);
    await p.getByRole('button', { name: 'Promote', exact: true }).click();
    await expect.poll(() => p.locator('[data-testid=action-result]').textContent(), { timeout: 10_000 }).toContain('promoted: the pause is over');
    await reach(0, 'Paused', 3);
    await expect.poll(() => p.locator('.step-current').textContent(), { timeout: 20_000 }).toBe('pause');
    await p.screenshot({ path: path.join(ARTIFACTS, 'detail.png'), fullPage: true });

    await p.getByRole('button', { name: 'Promote Full' }).click();
    const dialog = p.getByRole('dialog', { name: 'confirm promote full' });
    await expect.poll(() => dialog.textContent()).toContain('skips every remaining step, pause and analysis');
    expect((await rollout(0)).status?.phase).toBe('Paused');
    await dialog.getByRole('button', { name: 'Promote Full' }).click();
    await reach(0, 'Healthy', 4);
    await expect.poll(() => p.locator('[data-testid=detail-phase]').textContent(), { timeout: 20_000 }).toBe('Healthy');

    const events = await c.core.listNamespacedEvent({ namespace: namespaces[0]! });
    const said = events.items.filter((e) => e.reason === 'DashboardAction').map((e) => e.message ?? '');
    expect(said.some((m) => /^promote by ".+" from .+ via the dashboard: rollout "web" promoted/.test(m))).toBe(true);
    expect(said.some((m) => m.startsWith('promote-full by "'))).toBe(true);
  });

  it('read-only mode shows no action buttons', async () => {
    const ro = await startDashboard(['--kubeconfig', c.kubeconfigPath, '-n', namespaces[1]!, '--read-only']);
    try {
      const p = await page(`${ro.url}#/rollouts/${namespaces[1]}/web`);
      await expect.poll(() => p.locator('[data-testid=detail-phase]').textContent(), { timeout: 20_000 }).toBe('Healthy');
      expect(await p.locator('[data-testid=read-only]').count()).toBe(1);
      expect(await p.locator('[data-testid=actions]').count()).toBe(0);
      expect(await p.getByRole('button').count()).toBe(0);
    } finally {
      await ro.stop();
    }
  });
});

describe('the dashboard over HTTP', () => {
  it('read-only mode refuses actions, even with the page\'s CSRF secret', async () => {
    const ro = await startDashboard(['--kubeconfig', c.kubeconfigPath, '-n', namespaces[1]!, '--read-only']);
    try {
      const html = await (await fetch(ro.url)).text();
      const csrf = /name="kanary-csrf" content="([^"]+)"/.exec(html)?.[1] ?? '';
      expect(csrf).not.toBe('');
      const res = await post(`${ro.url}api/rollouts/${namespaces[1]}/web/abort`, { [CSRF_HEADER]: csrf });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatch(/read-only/);
      expect((await rollout(1)).status?.abort).not.toBe(true);
    } finally {
      await ro.stop();
    }
  });

  it('an action without the CSRF secret, or from another origin, is refused', async () => {
    const url = `${dashboard!.url}api/rollouts/${namespaces[1]}/web/abort`;
    const none = await post(url);
    expect(none.status).toBe(403);
    expect(none.body.error).toMatch(/x-kanary-csrf/);
    const html = await (await fetch(dashboard!.url)).text();
    const csrf = /name="kanary-csrf" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const foreign = await post(url, { [CSRF_HEADER]: csrf, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatch(/evil\.example may not act here/);
    expect((await rollout(1)).status?.abort).not.toBe(true);
  });

  it('refuses to listen beyond loopback without a token', async () => {
    const refused = await refusedDashboard(['--kubeconfig', c.kubeconfigPath, '--address', '0.0.0.0']);
    expect(refused.exitCode).toBe(2);
    expect(refused.output).toContain('refusing to listen on 0.0.0.0 without a token');
  });
});
