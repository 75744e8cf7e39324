// `npm run demo`: the main job, end to end on the local control plane. Brings the control plane
// up (building it on first use), installs the CRDs, starts the controller, creates the
// basic-canary example, updates its image, shows its progress through the steps live (promoting
// at each pause, as a person would) until it is Healthy; then, with a real Prometheus, shows an
// analysis step promote a good version and roll back a bad one; then stops everything it started.
// `npm run demo -- blue-green` runs examples/blue-green.yaml instead: preview, pause, promote,
// the switch, the pods' roles, and the old version scaled down after its delay.
// `npm run demo -- experiment` runs seed 000 (examples/seeds/seed-000-experiment-with-analysis.yaml):
// two versions side by side, two Job analyses, and the Experiment ending on the failing one.
// `npm run demo -- istio` runs examples/istio-canary.yaml with Istio's real CRDs: the
// VirtualService's weights move step by step with the ReplicaSets, and end at 100% on the new version.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import pino from 'pino';
import { parseAllDocuments } from 'yaml';
import * as actions from '../src/actions/rollout-actions.js';
import type { Experiment, Rollout } from '../src/api/types.js';
import { startController } from '../src/controller/manager.js';
import { createKubeClients, loadKubeConfig } from '../src/kube/client.js';
import { kinds } from '../src/kube/resources.js';
import { displayPhase } from '../src/views/index.js';
import { startPrometheus } from '../test/support/prometheus.js';
import { locateTool } from '../test/support/tools.js';
import { installUpstreamCrds } from '../test/e2e/upstream-crds.js';
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

const VARIANTS = ['canary', 'blue-green', 'experiment', 'istio'] as const;
type Variant = (typeof VARIANTS)[number];

async function main(variant: Variant): Promise<void> {
  const startedCluster = !clusterIsUp();
  if (startedCluster) {
    say('== starting the local control plane (the first run builds it from Go modules: several minutes)');
    cluster('up');
  } else say('== the local control plane is already up; using it');
  // The analysis half needs a Prometheus: find or build it now, not after the canary half.
  if (variant === 'canary') say(`== Prometheus for the analysis half: ${locateTool('prometheus')}`);
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
    if (variant === 'blue-green') {
      await blueGreenDemo(clients);
      return;
    }
    if (variant === 'experiment') {
      await experimentDemo(clients);
      return;
    }
    if (variant === 'istio') {
      await istioDemo(clients, kc);
      return;
    }
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

/** examples/blue-green.yaml: the preview behind its Service, a pause, promote, the switch, then the old version's delay. */
async function blueGreenDemo(clients: ReturnType<typeof createKubeClients>): Promise<void> {
  say('== creating examples/blue-green.yaml: Rollout blue-green (2 replicas) and its active and preview Services');
  const objects = docs(path.join(repo, 'examples/blue-green.yaml')).sort((a, b) => Number(a.kind === 'Rollout') - Number(b.kind === 'Rollout'));
  for (const obj of objects) {
    await clients.resource(obj.kind === 'Rollout' ? kinds.Rollout : kinds.Service).create({ ...obj, metadata: { ...obj.metadata, namespace: NS } });
  }
  const ref = { namespace: NS, name: 'blue-green' };
  await follow(clients, ref, 'a new Rollout goes straight to full size; both Services select it');
  await sayRoles(clients);
  say('== kanary set image blue-green app=argoproj/rollouts-demo:green');
  await actions.setImage(clients, ref, 'app', 'argoproj/rollouts-demo:green');
  await follow(clients, ref, 'the preview starts behind the preview Service and the Rollout pauses before the switch; promote switches', true);
  await sayRoles(clients);
  await follow(clients, ref, 'the old version stays at full size for scaleDownDelaySeconds (30s), for an instant switch back', false,
    (r, sets) => displayPhase(r).phase === 'Healthy' && sets.every((x) => x.hash === r.status?.stableRS || x.spec === 0));
  say('== done: production switched to the new version; the old one is scaled down');
}

/**
 * Seed 000 as written: an Experiment runs purple and orange side by side with a Job analysis that
 * passes and one that exits with $RANDOM's parity. The local cluster runs no shell in its pods, so
 * the demo draws the odd number for it (a pod label the simulated kubelet honours); the Experiment
 * must then end Failed on that analysis, stop the other one and scale both versions down.
 */
async function experimentDemo(clients: ReturnType<typeof createKubeClients>): Promise<void> {
  const file = 'examples/seeds/seed-000-experiment-with-analysis.yaml';
  say(`== creating ${file}: AnalysisTemplates pass and random-fail, Experiment experiment-with-analysis`);
  say('   (the local cluster runs no shell: random-fail\'s Job pods are told to exit 1, as an odd $RANDOM would)');
  const objects = docs(path.join(repo, file)).sort((a, b) => Number(a.kind === 'Experiment') - Number(b.kind === 'Experiment'));
  for (const obj of objects) {
    const copy = structuredClone(obj) as KubernetesObject & { spec?: { metrics?: { provider?: { job?: { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } } } }[] } };
    const pod = obj.metadata?.name === 'random-fail' ? copy.spec?.metrics?.[0]?.provider?.job?.spec?.template : undefined;
    if (pod) pod.metadata = { ...pod.metadata, labels: { ...pod.metadata?.labels, 'sim.kanary.io/outcome': 'fail' } };
    await clients.resource(obj.kind === 'Experiment' ? kinds.Experiment : kinds.AnalysisTemplate).create({ ...copy, metadata: { ...copy.metadata, namespace: NS } });
  }
  const experiments = clients.resource<Experiment & KubernetesObject>(kinds.Experiment);
  let last = '';
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const e = await experiments.get({ namespace: NS, name: 'experiment-with-analysis' });
    const s = e.status ?? {};
    const templates = (s.templateStatuses ?? []).map((t) => `${t.name} ${t.availableReplicas ?? 0}/${t.replicas ?? 0} ${t.status ?? ''}`).join(', ');
    const runs = (s.analysisRuns ?? []).map((a) => `${a.name} ${a.phase ?? ''}`).join(', ');
    const line = `   ${(s.phase ?? 'Pending').padEnd(11)} templates: ${templates || '-'}  analyses: ${runs || '-'}${s.message ? `  (${s.message})` : ''}`;
    if (line !== last) {
      say(line);
      last = line;
    }
    const ended = ['Successful', 'Failed', 'Error', 'Inconclusive'].includes(s.phase ?? '');
    if (ended && (s.templateStatuses ?? []).every((t) => (t.replicas ?? 0) === 0)) {
      say(`== done: the Experiment ended ${s.phase}; both versions are scaled down (kanary get experiment experiment-with-analysis -n ${NS} draws it)`);
      return;
    }
    await sleep(250);
  }
  throw new Error('Experiment experiment-with-analysis did not end within 3 minutes; see .cluster/demo-controller.log');
}

/** The pods and the role label activeMetadata / previewMetadata put on them. */
async function sayRoles(clients: ReturnType<typeof createKubeClients>): Promise<void> {
  const pods = (await clients.resource(kinds.Pod).list({ namespace: NS })).items as { metadata?: { labels?: Record<string, string>; deletionTimestamp?: unknown } }[];
  const counts = new Map<string, number>();
  for (const p of pods.filter((x) => x.metadata?.deletionTimestamp === undefined)) {
    const key = `${p.metadata?.labels?.['rollouts-pod-template-hash'] ?? '?'} role=${p.metadata?.labels?.['role'] ?? '-'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  say(`   pods: ${[...counts].map(([k, n]) => `${n}x ${k}`).join(', ')}`);
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

interface VirtualService extends KubernetesObject {
  spec?: { http?: { name?: string; route?: { destination?: { host?: string }; weight?: number }[] }[] };
}

/** examples/istio-canary.yaml: each step's weight in the VirtualService, read back from the API server, beside the ReplicaSets. */
async function istioDemo(clients: ReturnType<typeof createKubeClients>, kc: ReturnType<typeof loadKubeConfig>): Promise<void> {
  say("== installing Istio's CRDs (from the istio.io/api Go module pinned in hack/crds/go.mod)");
  await installUpstreamCrds(kc);
  say('== creating examples/istio-canary.yaml: Rollout istio-canary (4 replicas), its two Services and VirtualService');
  const order = (k?: string) => (k === 'Rollout' ? 2 : k === 'VirtualService' ? 1 : 0);
  const objects = docs(path.join(repo, 'examples/istio-canary.yaml')).sort((a, b) => order(a.kind) - order(b.kind));
  for (const obj of objects) {
    const kind = obj.kind === 'Rollout' ? kinds.Rollout : obj.kind === 'VirtualService' ? kinds.VirtualService : kinds.Service;
    await clients.resource(kind).create({ ...obj, metadata: { ...obj.metadata, namespace: NS } });
  }
  const ref = { namespace: NS, name: 'istio-canary' };
  const weights = async () => {
    const vs = await clients.resource<VirtualService>(kinds.VirtualService).get({ namespace: NS, name: 'istio-canary' });
    const route = vs.spec?.http?.find((h) => h.name === 'primary')?.route ?? [];
    return `VirtualService ${route.map((d) => `${(d.destination?.host ?? '?').replace('istio-canary-', '')} ${d.weight ?? 0}`).join(' / ')}`;
  };
  await follow(clients, ref, 'a new Rollout goes straight to full size', false, undefined, weights);
  say('== kanary set image istio-canary app=argoproj/rollouts-demo:yellow');
  await actions.setImage(clients, ref, 'app', 'argoproj/rollouts-demo:yellow');
  await follow(clients, ref, 'setWeight 25, pause, 50, pause, 75, pause: the weights move with the canary\'s pods', true, undefined, weights);
  say(`== done: the stable Service now selects the new version and takes all traffic; ${await weights()}`);
}

/** Prints a line whenever the Rollout's state changes, promoting at each pause, until it is Healthy (or aborted and back on stable). */
interface ShownSet { readonly rev: string; readonly hash?: string; readonly spec: number; readonly avail: number }

async function follow(
  clients: ReturnType<typeof createKubeClients>, ref: { namespace: string; name: string }, what: string, promoteAtPauses = false,
  done?: (r: Rollout, sets: readonly ShownSet[]) => boolean, traffic?: () => Promise<string>,
): Promise<Rollout> {
  say(`   (${what})`);
  const rollouts = clients.resource<Rollout & KubernetesObject>(kinds.Rollout);
  const replicaSets = clients.resource<V1ReplicaSet>(kinds.ReplicaSet);
  let last = '';
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const r = await rollouts.get(ref);
    const s = r.status ?? {};
    const shownSets: ShownSet[] = (await replicaSets.list({ namespace: ref.namespace })).items
      .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.kind === 'Rollout' && o.name === ref.name))
      .map((rs) => ({ rev: rs.metadata?.annotations?.['rollout.argoproj.io/revision'] ?? '?', hash: rs.metadata?.labels?.['rollouts-pod-template-hash'], spec: rs.spec?.replicas ?? 0, avail: rs.status?.availableReplicas ?? 0 }))
      .sort((a, b) => Number(a.rev) - Number(b.rev));
    const blueGreen = r.spec.strategy?.blueGreen !== undefined;
    // Blue-green names the Services' choices; canary the stable and canary versions.
    const tag = (hash?: string) => (blueGreen
      ? [hash === s.blueGreen?.activeSelector ? 'active' : '', hash === s.blueGreen?.previewSelector ? 'preview' : ''].filter(Boolean).join(', ')
      : hash === s.stableRS ? 'stable' : hash === s.currentPodHash ? 'canary' : '');
    const sets = shownSets.map((x) => `rev ${x.rev}${tag(x.hash) ? ` (${tag(x.hash)})` : ''} ${x.avail}/${x.spec}`).join(', ');
    const steps = r.spec.strategy?.canary?.steps?.length ?? 0;
    // The phase as the CLI shows it: a status not yet about the latest spec is not Healthy.
    const shown = displayPhase(r);
    const where = blueGreen ? '' : ` step ${s.currentStepIndex ?? 0}/${steps}`;
    const routed = traffic ? `  ${await traffic()}` : '';
    const line = `   ${shown.phase.padEnd(11)}${where}  ${sets}${routed}${shown.message ? `  (${shown.message})` : ''}`;
    if (line !== last) {
      say(line);
      last = line;
    }
    const settled = shown.phase === 'Healthy' && s.stableRS === s.currentPodHash;
    const rolledBack = shown.phase === 'Degraded' && s.abort === true && sets.endsWith(' 0/0');
    if (done ? done(r, shownSets) : settled || rolledBack) return r;
    if (promoteAtPauses && shown.phase === 'Paused') {
      await sleep(1500);
      say(`== kanary promote ${ref.name}   (${blueGreen ? 'switches the active Service' : `ends the pause at step ${(s.currentStepIndex ?? 0) + 1}`})`);
      await actions.promote(clients, ref);
    }
    await sleep(250);
  }
  throw new Error(`Rollout ${ref.name} did not settle within 3 minutes; see .cluster/demo-controller.log`);
}

const variant = process.argv[2] ?? 'canary';
if (!(VARIANTS as readonly string[]).includes(variant)) {
  process.stderr.write(`usage: npm run demo [-- ${VARIANTS.join('|')}]   (got "${variant}")\n`);
  process.exit(2);
}
main(variant as Variant).then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
