// Fault 6: malformed Rollouts created straight through the API (no `kanary lint`, no admission
// webhook: only the CRD's schema stands in the way). Whatever the API server accepts, the
// controller logs and holds (no ReplicaSet moved for it, a condition saying what is wrong), never
// crashes (I7), and keeps serving the well-formed Rollout beside them through an update.
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { rolloutFixture, type RolloutFixture } from '../../../src/api/rollout-fixture.test-support.js';
import { KubeError } from '../../../src/kube/errors.js';
import { kinds } from '../../../src/kube/resources.js';
import { waitFor } from '../harness.js';
import { FaultCase, report, type RolloutObject } from './fault-case.js';

let f: FaultCase | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && f) console.error(f.logs());
  await f?.close();
  f = undefined;
});

/** Each malformed Rollout: a name and what makes it wrong. */
const MALFORMED: [string, RolloutFixture | ((r: RolloutObject) => void)][] = [
  ['bad-weight', { steps: [{ setWeight: 150 }] }],
  ['negative-weight', { steps: [{ setWeight: -5 }] }],
  ['bad-pause', { steps: [{ pause: { duration: 'soon' } }] }],
  ['selector-mismatch', (r) => { r.spec.selector = { matchLabels: { app: 'someone-else' } }; }],
  ['containers-not-a-list', (r) => { (r.spec.template as { spec: unknown }).spec = { containers: 'nope' }; }],
  ['two-strategies', { spec: { strategy: { canary: { steps: [] }, blueGreen: { activeService: 'x' } } } }],
  ['no-strategy', { spec: { strategy: {} } }],
  ['bad-max-surge', { canary: { maxSurge: 'lots' } }],
  ['negative-replicas', { replicas: -3 }],
];

function build(name: string, how: RolloutFixture | ((r: RolloutObject) => void)): RolloutObject {
  if (typeof how === 'function') {
    const r = rolloutFixture({ name, image: 'demo:1' }) as RolloutObject;
    how(r);
    return r;
  }
  return rolloutFixture({ ...how, name, image: 'demo:1' }) as RolloutObject;
}

describe('fault: malformed objects through the API', () => {
  it('holds each malformed Rollout the API server accepts, and keeps serving the others', async () => {
    const fc = (f = await FaultCase.open('fault-malformed', ['setWeight: 40', 'pause: {duration: 1s}']));
    const p = await fc.startController();
    await fc.reach('Healthy');
    const rollouts = fc.clients.resource<RolloutObject>(kinds.Rollout);
    const accepted: string[] = [];
    const rejected: string[] = [];
    for (const [name, how] of MALFORMED) {
      try {
        await rollouts.create({ ...build(name, how), metadata: { name, namespace: fc.ns } } as RolloutObject & KubernetesObject);
        accepted.push(name);
      } catch (err) {
        if (!(err instanceof KubeError) || err.kind !== 'Invalid') throw err;
        rejected.push(name);
      }
    }
    console.log(`[faults] malformed Rollouts accepted by the API server: ${accepted.join(', ')}; rejected by its schema: ${rejected.join(', ')}`);
    expect(accepted.length).toBeGreaterThanOrEqual(4);

    // The well-formed Rollout goes through an update while the malformed ones sit there.
    const started = Date.now();
    await fc.setImage('demo:2');
    await fc.reach('Healthy', { timeoutMs: 60_000 });
    report('update of a well-formed Rollout beside malformed ones', Date.now() - started);

    // Each accepted malformed Rollout is held with a reason: an InvalidSpec condition when the
    // controller's validation catches it, else (the API server refused the ReplicaSet made from
    // it) a warning in the log naming the Rollout and the API server's reason.
    const said: string[] = [];
    for (const name of accepted) {
      const how = await waitFor(`Rollout ${name} to be held with a reason`, async () => {
        const got = await rollouts.get({ namespace: fc.ns, name });
        const invalid = got.status?.conditions?.find((c) => c.type === 'InvalidSpec' && c.status === 'True');
        if (invalid?.message) return `${name}: InvalidSpec`;
        const logged = p.proc.log().split('\n').find((l) => l.includes(`rollout=${fc.ns}/${name}`) && /WARN|ERROR/.test(l) && l.includes('err='));
        return logged ? `${name}: logged (${/kind=(\w+)/.exec(logged)?.[1] ?? '?'})` : undefined;
      }, { timeoutMs: 20_000, describe: async () => (await rollouts.get({ namespace: fc.ns, name })).status });
      said.push(how);
    }
    console.log(`[faults] malformed Rollouts held: ${said.join('; ')}`);
    const sets = await fc.replicaSets();
    const owners = new Set(sets.map((s) => s.metadata?.labels?.app));
    for (const name of accepted) expect(owners.has(name)).toBe(false);
    expect(p.proc.child.exitCode).toBe(null);
    fc.assertInvariants();
  });
});
