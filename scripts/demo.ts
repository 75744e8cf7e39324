// `npm run demo`: the main job, end to end on the local control plane. Brings the control plane
// up (building it on first use), installs the CRDs, starts the controller, creates the
// basic-canary example, updates its image, shows its progress through the steps live (promoting
// at each pause, as a person would) until it is Healthy; then, with a real Prometheus, shows an
// analysis step promote a good version and roll back a bad one; then stops everything it started.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import pino from 'pino';
import { parseAllDocuments } from 'yaml';
import * as actions from '../src/actions/rollout-actions.js';
import type { Rollout } from '../src/api/types.js';
import { startController } from '../src/controller/manager.js';
import { createKubeClients, loadKubeConfig } from '../src/kube/client.js';
import { kinds } from '../src/kube/resources.js';
import { displayPhase } from '../src/views/index.js';
import { startPrometheus } from '../test/support/prometheus.js';
import { locateTool } from '../test/support/tools.js';
import { installCrds } from '../src/kube/install-crds.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cluster = (verb: string) => execFileSync('bash', [path.join(repo, 'hack/cluster/cluster.sh'), verb], { stdio: 'inherit' });
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NS = 'kanary-demo';

function clusterIsUp(): boolean {
  try {
    execFileSync('bash', [path.join(repo, 'hack/cluster/cluster.sh'), 'status'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function docs(file: string): KubernetesObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as KubernetesObject).filter(Boolean);
}

async function main(): Promise<void> {
  const startedCluster = !clusterIsUp();
  if (startedCluster) {
    say('== starting the local control plane (the first run builds it from Go modules: several minutes)');
    cluster('up');
  } else say('== the local control plane is already up; using it');
  // The analysis half needs a Prometheus: find or build it now, not after the canary half.
  const prometheusBin = locateTool('prometheus');
  say(`== Prometheus for the analysis half: ${prometheusBin}`);
  const kubeconfig = path.join(repo, '.cluster/kubeconfig');
  const kc = loadKubeConfig({ kubeconfig });
  const clients = createKubeClients(kc);

  say('== installing the CRDs (manifests/crds)');
  const crdDir = path.join(repo, 'manifests/crds');
  await installCrds(clients, readdirSync(crdDir).sort().map((f) => readFileSync(path.join(crdDir, f), 'utf8')));

  const namespaces = clients.resource(kinds.Namespace);
  await namespaces.delete({ name: NS }).catch(() => undefined);
  await waitGone(() => namespaces.get({ name: NS }));
  await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await sleep(500);

  say(`== starting the controller (namespace ${NS}; its log goes to .cluster/demo-controller.log)`);
  const logger = pino({ level: 'info' }, pino.destination({ dest: path.join(repo, '.cluster/demo-controller.log'), sync: true }));
  const controller = await startController({ kubeconfig, namespace: NS, logger, metricsPort: 0, healthzPort: 0 });
  await controller.ready;

  try {
    say('== creating examples/basic-canary.yaml: Rollout basic-canary (5 replicas) and its two Services');
    // Services first: a Rollout naming a Service that does not exist yet is held as InvalidSpec.
    const objects = docs(path.join(repo, 'examples/basic-canary.yaml')).sort((a, b) => Number(a.kind === 'Rollout') - Number(b.kind === 'Rollout'));
    for (const obj of objects) {
      await clients.resource(obj.kind === 'Rollout' ? kinds.Rollout : kinds.Service).create({ ...obj, metadata: { ...obj.metadata, namespace: NS } });
    }
    const ref = { namespace: NS, name: 'basic-canary' };
    await follow(clients, ref, 'a new Rollout goes straight to full size');

    say('== kanary set image basic-canary app=argoproj/rollouts-demo:yellow');
    await actions.setImage(clients, ref, 'app', 'argoproj/rollouts-demo:yellow');
    await follow(clients, ref, 'the canary walks its steps: setWeight 20, pause, setWeight 50, pause 1m', true);
    say('== done: the new version is stable and Healthy');
    await analysisDemo(clients);
  } finally {
    say('== stopping the controller');
    await controller.stop();
    await namespaces.delete({ name: NS }).catch(() => undefined);
    if (startedCluster) {
      say('== stopping the local control plane');
      cluster('down');
    }
  }
}

async function waitGone(get: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      await get();
    } catch {
      return;
    }
    await sleep(500);
  }
}

/**
 * Seed 004's flow on real Prometheus data: an analysis step checks `result[0] <= 5` over the
 * 5xx count a local target serves. A good version (1 error) is promoted; a bad one (16.31) is
 * rolled back by the analysis, and the Rollout says why.
 */
async function analysisDemo(clients: ReturnType<typeof createKubeClients>): Promise<void> {
  say('\n== analysis: starting a real Prometheus scraping a target this demo serves');
  const errors = (n: number) => `# TYPE http_requests_total counter\nhttp_requests_total{code="500",service="checkout"} ${n}\n`;
  const prometheus = await startPrometheus(errors(1));
  try {
    await prometheus.waitForData('http_requests_total');
    const template = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', metadata: { name: 'http-error-count', namespace: NS },
      spec: { metrics: [{ name: 'http_error_count', successCondition: 'result[0] <= 5', failureLimit: 0,
        provider: { prometheus: { address: prometheus.url, query: 'max(http_requests_total{code="500",service="checkout"})' } } }] },
    };
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'checkout', namespace: NS },
      spec: {
        replicas: 4, selector: { matchLabels: { app: 'checkout' } },
        template: { metadata: { labels: { app: 'checkout' } }, spec: { containers: [{ name: 'app', image: 'checkout:1' }] } },
        strategy: { canary: { steps: [{ setWeight: 50 }, { pause: { duration: '2s' } }, { analysis: { templates: [{ templateName: 'http-error-count' }] } }] } },
      },
    };
    say('== creating AnalysisTemplate http-error-count (successCondition: result[0] <= 5) and Rollout checkout');
    await clients.resource(kinds.AnalysisTemplate).create(template as KubernetesObject);
    await clients.resource(kinds.Rollout).create(rollout as KubernetesObject);
    const ref = { namespace: NS, name: 'checkout' };
    await follow(clients, ref, 'a new Rollout goes straight to full size');

    say('== a good version: the target serves 1 error; kanary set image checkout app=checkout:2');
    await actions.setImage(clients, ref, 'app', 'checkout:2');
    await follow(clients, ref, 'setWeight 50, pause 2s, then the analysis decides');

    say('== a bad version: the target serves 16.31 errors; kanary set image checkout app=checkout:3');
    prometheus.target.setExposition(errors(16.31));
    await prometheus.waitForData('http_requests_total > 16');
    await actions.setImage(clients, ref, 'app', 'checkout:3');
    const aborted = await follow(clients, ref, 'the analysis fails and the rollout goes back to the stable version');
    say(`== rolled back by analysis: ${aborted.status?.message ?? ''}`);
  } finally {
    await prometheus.stop();
  }
}

/** Prints a line whenever the Rollout's state changes, promoting at each pause, until it is Healthy (or aborted and back on stable). */
async function follow(clients: ReturnType<typeof createKubeClients>, ref: { namespace: string; name: string }, what: string, promoteAtPauses = false): Promise<Rollout> {
  say(`   (${what})`);
  const rollouts = clients.resource<Rollout & KubernetesObject>(kinds.Rollout);
  const replicaSets = clients.resource<V1ReplicaSet>(kinds.ReplicaSet);
  let last = '';
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const r = await rollouts.get(ref);
    const s = r.status ?? {};
    const sets = (await replicaSets.list({ namespace: ref.namespace })).items
      .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.kind === 'Rollout' && o.name === ref.name))
      .map((rs) => ({ rev: rs.metadata?.annotations?.['rollout.argoproj.io/revision'] ?? '?', hash: rs.metadata?.labels?.['rollouts-pod-template-hash'], spec: rs.spec?.replicas ?? 0, avail: rs.status?.availableReplicas ?? 0 }))
      .sort((a, b) => Number(a.rev) - Number(b.rev))
      .map((x) => `rev ${x.rev}${x.hash === s.stableRS ? ' (stable)' : x.hash === s.currentPodHash ? ' (canary)' : ''} ${x.avail}/${x.spec}`)
      .join(', ');
    const steps = r.spec.strategy?.canary?.steps?.length ?? 0;
    // The phase as the CLI shows it: a status not yet about the latest spec is not Healthy.
    const shown = displayPhase(r);
    const line = `   ${shown.phase.padEnd(11)} step ${s.currentStepIndex ?? 0}/${steps}  ${sets}${shown.message ? `  (${shown.message})` : ''}`;
    if (line !== last) {
      say(line);
      last = line;
    }
    const settled = shown.phase === 'Healthy' && s.stableRS === s.currentPodHash;
    const rolledBack = shown.phase === 'Degraded' && s.abort === true && sets.endsWith(' 0/0');
    if (settled || rolledBack) return r;
    if (promoteAtPauses && shown.phase === 'Paused') {
      await sleep(1500);
      say(`== kanary promote ${ref.name}   (ends the pause at step ${(s.currentStepIndex ?? 0) + 1})`);
      await actions.promote(clients, ref);
    }
    await sleep(250);
  }
  throw new Error(`Rollout ${ref.name} did not settle within 3 minutes; see .cluster/demo-controller.log`);
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
