// Kanary's ALB annotations and Ingress paths against what Argo Rollouts' own ALB reconciler (v1.10.1)
// wrote for the same steps (test/fixtures/argo-alb/generate.go): every annotation byte for byte,
// every rule equal, so an Ingress handed between the two controllers is never rewritten.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Rollout, SetHeaderRoute } from '../../api/types.js';
import { applyWrites } from '../contract.js';
import { routersOf } from '../index.js';
import { documentKey, type DesiredRoutes, type DesiredTraffic, type RoutingDocument } from '../router.js';
import { plannedWrites } from '../write.js';

interface Op {
  setWeight?: number;
  additional?: { serviceName: string; weight: number }[];
  setHeaderRoute?: SetHeaderRoute & { name: string };
  removeManagedRoutes?: boolean;
}
interface State { annotations?: Record<string, string>; rules?: unknown[]; error?: string }
interface Vector { name: string; rollout: Rollout; ingress: RoutingDocument; ops: Op[]; argo: State[] }

const vectors = JSON.parse(readFileSync(new URL('../../../test/fixtures/argo-alb/vectors.json', import.meta.url), 'utf8')) as Vector[];

describe('ALB annotations and paths, against Argo Rollouts\' own reconciler', () => {
  it('has vectors', () => expect(vectors.length).toBeGreaterThanOrEqual(3));

  for (const v of vectors) {
    it(v.name, () => {
      const configured = routersOf(v.rollout.spec?.strategy?.canary?.trafficRouting).routers[0];
      if (!configured) throw new Error('no router');
      const key = documentKey({ kind: 'Ingress', name: v.ingress.metadata?.name ?? '' });
      let docs = new Map<string, RoutingDocument | null>([[key, structuredClone(v.ingress)]]);
      const managed = (v.rollout.spec?.strategy?.canary?.trafficRouting?.managedRoutes ?? []).map((r) => r.name);
      const headers = new Map<string, SetHeaderRoute & { name: string }>();
      let desired: DesiredTraffic = { canary: { weight: 0 }, stable: { weight: 100 }, additional: [], maxWeight: 100 };
      v.ops.forEach((op, i) => {
        if (op.setWeight !== undefined) desired = { canary: { weight: op.setWeight }, stable: { weight: 100 - op.setWeight }, additional: op.additional ?? [], maxWeight: 100 };
        if (op.setHeaderRoute) {
          if (op.setHeaderRoute.match) headers.set(op.setHeaderRoute.name, op.setHeaderRoute);
          else headers.delete(op.setHeaderRoute.name);
        }
        if (op.removeManagedRoutes) headers.clear();
        const routes: DesiredRoutes | undefined = managed.length > 0
          ? { managed, routes: [...headers.values()].map((route) => ({ kind: 'header' as const, route })), maxWeight: 100 } : undefined;
        const result = plannedWrites(configured, v.rollout, docs, desired, routes);
        if (!result.ok) throw new Error(result.problems.join('; '));
        docs = applyWrites(docs, result.writes);
        const ingress = docs.get(key);
        const argo = v.argo[i];
        expect({ op: i, error: argo?.error }).toEqual({ op: i, error: undefined });
        expect({ op: i, annotations: ingress?.metadata?.annotations }).toEqual({ op: i, annotations: argo?.annotations });
        expect({ op: i, rules: ingress?.spec?.['rules'] }).toEqual({ op: i, rules: argo?.rules });
      });
    });
  }
});
