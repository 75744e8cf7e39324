// The header and mirror routes a canary has at each step: a named table for the rule, and the
// routes a traffic-routed Rollout asks its routers for as it runs, aborts and completes.
import { describe, expect, it } from 'vitest';
import type { CanaryStep } from '../../api/types.js';
import { plannedManagedRoutes, type ManagedRoutesInput } from './managed-routes.js';
import { patchStatus, rollout, setImage, settle, world } from './world.test-support.js';

const header = (name: string, value?: string): CanaryStep => ({
  setHeaderRoute: { name, ...(value !== undefined ? { match: [{ headerName: 'x-canary', headerValue: { exact: value } }] } : {}) },
});
const mirror = (name: string, percentage?: number): CanaryStep => ({
  setMirrorRoute: { name, match: [{ path: { prefix: '/' } }], ...(percentage !== undefined ? { percentage } : {}) },
});
const managed = [{ name: 'h1' }, { name: 'm1' }];

describe('plannedManagedRoutes', () => {
  const rows: { name: string; input: ManagedRoutesInput; expected: string[] | undefined }[] = [
    { name: 'no managedRoutes: nothing is Kanary\'s to set or remove', input: { steps: [header('h1', 'yes')], currentStepIndex: 1, active: true }, expected: undefined },
    { name: 'before the header step: none yet', input: { steps: [{ setWeight: 20 }, header('h1', 'yes')], currentStepIndex: 0, managedRoutes: managed, active: true }, expected: [] },
    { name: 'at the header step: set', input: { steps: [{ setWeight: 20 }, header('h1', 'yes')], currentStepIndex: 1, managedRoutes: managed, active: true }, expected: ['header h1'] },
    { name: 'past it: kept', input: { steps: [header('h1', 'yes'), { pause: {} }, { setWeight: 50 }], currentStepIndex: 3, managedRoutes: managed, active: true }, expected: ['header h1'] },
    { name: 'a later step of the same name without match removes it',
      input: { steps: [header('h1', 'yes'), { pause: {} }, header('h1')], currentStepIndex: 2, managedRoutes: managed, active: true }, expected: [] },
    { name: 'a later step of the same name replaces it',
      input: { steps: [header('h1', 'yes'), header('h1', 'no')], currentStepIndex: 1, managedRoutes: managed, active: true }, expected: ['header h1'] },
    { name: 'header and mirror together', input: { steps: [{ setWeight: 10 }, mirror('m1', 50), header('h1', 'yes')], currentStepIndex: 2, managedRoutes: managed, active: true },
      expected: ['mirror m1', 'header h1'] },
    { name: 'aborted, fully promoted or no available canary pod: all removed',
      input: { steps: [header('h1', 'yes')], currentStepIndex: 1, managedRoutes: managed, active: false }, expected: [] },
  ];
  it.each(rows)('$name', ({ input, expected }) => {
    const planned = plannedManagedRoutes(input);
    expect(planned?.routes.map((r) => `${r.kind} ${r.route.name}`)).toEqual(expected);
    if (planned) expect(planned.managed).toEqual(['h1', 'm1']);
  });

  it('a mirror route splits the traffic it matches at the weight in effect at its step', () => {
    const planned = plannedManagedRoutes({ steps: [{ setWeight: 20 }, mirror('m1', 35), { setWeight: 60 }], currentStepIndex: 3, managedRoutes: managed, active: true });
    expect(planned?.routes).toEqual([{ kind: 'mirror', route: mirror('m1', 35).setMirrorRoute, canaryWeight: 20 }]);
  });
});

describe('a traffic-routed canary with header routes', () => {
  const canary = {
    canaryService: 'web-canary', stableService: 'web-stable',
    trafficRouting: { istio: { virtualService: { name: 'vsvc', routes: ['primary'] } }, managedRoutes: [{ name: 'h1' }] },
  };
  const services = { 'web-canary': { name: 'web-canary', selector: { app: 'web' } }, 'web-stable': { name: 'web-stable', selector: { app: 'web' } } };
  const steps = [{ setCanaryScale: { replicas: 1 } }, header('h1', 'yes'), { pause: {} }, { setWeight: 50 }, { pause: {} }];

  it('sets the route at its step, keeps it while paused, and removes it when the update completes', () => {
    const w = world(rollout({ replicas: 4, steps, canary }), structuredClone(services));
    settle(w);
    expect(w.routes).toEqual([]);
    setImage(w, 'web:2');
    settle(w);
    expect(w.rollout.status).toMatchObject({ currentStepIndex: 2, phase: 'Paused' });
    expect(w.routes).toEqual(['header h1']);
    expect(w.routed).toEqual({ canary: 0, stable: 100 });
    patchStatus(w, { pauseConditions: undefined });
    settle(w);
    expect(w.rollout.status?.currentStepIndex).toBe(4);
    expect(w.routes).toEqual(['header h1']);
    patchStatus(w, { pauseConditions: undefined });
    settle(w);
    expect(w.rollout.status?.stableRS).toBe(w.rollout.status?.currentPodHash);
    expect(w.routes).toEqual([]);
  });

  it('removes the route on abort', () => {
    const w = world(rollout({ replicas: 4, steps, canary }), structuredClone(services));
    settle(w);
    setImage(w, 'web:2');
    settle(w);
    expect(w.routes).toEqual(['header h1']);
    patchStatus(w, { abort: true });
    settle(w);
    expect(w.routes).toEqual([]);
    expect(w.routed).toEqual({ canary: 0, stable: 100 });
  });
});
