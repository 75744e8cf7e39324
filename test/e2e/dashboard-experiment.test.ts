// A Rollout waiting at its experiment step on the local control plane, as the two readers show it:
// `kanary get rollout` draws the Experiment under its revision (with its template ReplicaSets,
// pods and AnalysisRun), as Argo's CLI does; the dashboard's Rollout page lists it with its
// templates' ReplicaSets and its analysis, over the API and in Chromium.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Experiment, Rollout } from '../../src/api/types.js';
import type { RolloutDetail } from '../../src/dashboard/contract.js';
import { kinds } from '../../src/kube/resources.js';
import { skipEachUnless } from '../support/needs.js';
import { ARTIFACTS, browsers, noChromium } from './dashboard-browser.js';
import { startDashboard, type DashboardProcess } from './dashboard-process.js';
import { controllerNamespace } from './controller-namespace.js';
import { kanary } from './experiment-support.js';
import { apply, waitFor } from './harness.js';
import { webRollout } from './web-rollout.js';

const env = controllerNamespace('dash-exp');
const browser = browsers();
let dashboard: DashboardProcess | undefined;

const SMOKE = `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: smoke}
spec:
  metrics:
  - name: smoke
    count: 2
    interval: 1s
    provider:
      job:
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers: [{name: check, image: busybox}]
`;
// No duration and no required analysis: the experiment runs until it is terminated.
const STEPS = ['experiment: {templates: [{name: baseline, specRef: stable}, {name: canary, specRef: canary}], analyses: [{name: smoke, templateName: smoke}]}', 'pause: {}'];

let experiment = '';

beforeAll(async () => {
  await apply(env.c, SMOKE, env.ns);
  await apply(env.c, webRollout({ steps: STEPS, replicas: 2 }), env.ns);
  const rollouts = env.clients.resource<Rollout & KubernetesObject>(kinds.Rollout);
  await waitFor('web to be Healthy', async () => (await rollouts.get({ namespace: env.ns, name: 'web' })).status?.phase === 'Healthy', { timeoutMs: 60_000 });
  expect((await kanary(env.c.kubeconfigPath, env.ns, 'set', 'image', 'web', 'web=demo:2')).code).toBe(0);
  experiment = await waitFor('the experiment step to start an Experiment', async () => (await rollouts.get({ namespace: env.ns, name: 'web' })).status?.canary?.currentExperiment, { timeoutMs: 60_000 });
  const experiments = env.clients.resource<Experiment & KubernetesObject>(kinds.Experiment);
  await waitFor(`Experiment ${experiment} to be Running with its run measured`, async () => {
    const e = await experiments.get({ namespace: env.ns, name: experiment });
    return e.status?.phase === 'Running' && (e.status.analysisRuns ?? []).length === 1;
  }, { timeoutMs: 90_000 });
  dashboard = await startDashboard(['--kubeconfig', env.c.kubeconfigPath, '-n', env.ns]);
});
afterAll(async () => {
  await browser.close();
  await dashboard?.stop();
});

describe('a Rollout at its experiment step', () => {
  it('kanary get rollout draws the Experiment under revision 2, after its ReplicaSet, with its template ReplicaSets, pods and run', async () => {
    const got = await waitFor('the tree to show both template ReplicaSets ready and the run', async () => {
      const r = await kanary(env.c.kubeconfigPath, env.ns, 'get', 'rollout', 'web', '--no-color');
      return /baseline,ready:1\/1/.test(r.out) && /canary,ready:1\/1/.test(r.out) && /AnalysisRun/.test(r.out) ? r : undefined;
    }, { timeoutMs: 60_000 });
    const rows = got.out.split('\n');
    const at = (re: RegExp) => rows.findIndex((l) => re.test(l));
    const rev2 = at(/# revision:2/);
    const exp = at(new RegExp(`Σ ${experiment}\\s+Experiment\\s+◌ Running`));
    const rev1 = at(/# revision:1/);
    expect(rev2).toBeGreaterThan(0);
    expect(exp).toBeGreaterThan(rev2);
    expect(rev1).toBeGreaterThan(exp);
    // Between the revision and the Experiment: revision 2's own (canary) ReplicaSet.
    expect(rows.slice(rev2, exp).some((l) => /ReplicaSet .*canary/.test(l)), got.out).toBe(true);
    const under = rows.slice(exp + 1, rev1).join('\n');
    expect(under).toMatch(new RegExp(`⧉ ${experiment}-baseline\\s+ReplicaSet`));
    expect(under).toMatch(new RegExp(`⧉ ${experiment}-canary\\s+ReplicaSet`));
    expect(under).toMatch(/□ \S+\s+Pod\s+✔ Running/);
    expect(under).toMatch(new RegExp(`α ${experiment}-smoke\\s+AnalysisRun`));
  });

  it('the dashboard API and page show the Experiment, its templates\' ReplicaSets and its analysis', async () => {
    const detail = await waitFor('the API to list the experiment with both ReplicaSets', async () => {
      const d = (await (await fetch(`${dashboard!.url}api/rollouts/${env.ns}/web`)).json()) as RolloutDetail;
      return d.experiments?.[0]?.templates.every((t) => t.replicaSet && t.ready === 'ready:1/1') ? d : undefined;
    }, { timeoutMs: 30_000 });
    expect(detail.experiments).toHaveLength(1);
    expect(detail.experiments[0]).toMatchObject({ name: experiment, revision: 2, current: true });
    expect(detail.experiments[0]!.templates.map((t) => [t.name, t.replicaSet])).toEqual([['baseline', `${experiment}-baseline`], ['canary', `${experiment}-canary`]]);
    expect(detail.experiments[0]!.runs.map((r) => r.analysisRun)).toEqual([`${experiment}-smoke`]);
  });

});

describe('the Rollout page in Chromium', () => {
  skipEachUnless(noChromium);

  it('shows the experiment the step waits for, its templates and its run', async () => {
    const p = await browser.page(`${dashboard!.url}#/rollouts/${env.ns}/web`);
    const panel = p.locator(`[data-experiment="${experiment}"]`);
    await expect.poll(() => panel.locator('[data-testid=experiment-phase]').textContent(), { timeout: 20_000 }).toBe('Running');
    expect(await panel.locator('[data-testid=experiment-template]').count()).toBe(2);
    await expect.poll(() => panel.textContent()).toContain(`${experiment}-smoke`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await p.screenshot({ path: path.join(ARTIFACTS, 'experiment.png'), fullPage: true });
  });
});
