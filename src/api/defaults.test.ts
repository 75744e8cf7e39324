import { describe, expect, it } from 'vitest';
import { abortScaleDownDelaySecondsOf, effectiveCountOf, previewReplicaCountOf, scaleDownDelaySecondsOf } from './defaults.js';
import type { Metric, Rollout, RolloutStrategy } from './types.js';

const rollout = (strategy: RolloutStrategy, replicas?: number): Rollout => ({ metadata: {}, spec: { replicas, strategy } });
const metric = (m: Partial<Metric>): Metric => ({ name: 'm', provider: { web: { url: 'http://x' } }, ...m });

describe('defaults', () => {
  it.each([
    ['blue-green default', rollout({ blueGreen: { activeService: 'a' } }), 30],
    ['blue-green explicit', rollout({ blueGreen: { activeService: 'a', scaleDownDelaySeconds: 5 } }), 5],
    ['canary with traffic routing', rollout({ canary: { trafficRouting: { nginx: { stableIngress: 'i' } } } }), 30],
    ['basic canary ignores it', rollout({ canary: { scaleDownDelaySeconds: 99 } }), 0],
  ])('scaleDownDelaySecondsOf: %s', (_n, r, want) => expect(scaleDownDelaySecondsOf(r)).toBe(want));

  it.each([
    ['blue-green default', rollout({ blueGreen: { activeService: 'a' } }), 30],
    ['0 means never', rollout({ blueGreen: { activeService: 'a', abortScaleDownDelaySeconds: 0 } }), undefined],
    ['basic canary scales down at once', rollout({ canary: {} }), 0],
  ])('abortScaleDownDelaySecondsOf: %s', (_n, r, want) => expect(abortScaleDownDelaySecondsOf(r)).toBe(want));

  it('previewReplicaCount defaults to spec.replicas, then 1', () => {
    expect(previewReplicaCountOf(rollout({ blueGreen: { activeService: 'a' } }, 4))).toBe(4);
    expect(previewReplicaCountOf(rollout({ blueGreen: { activeService: 'a' } }))).toBe(1);
  });

  it.each([
    ['neither count nor interval', {}, 1],
    ['interval only runs until stopped', { interval: '1m' }, undefined],
    ['count', { count: 3, interval: '1m' }, 3],
  ])('effectiveCountOf: %s', (_n, m, want) => expect(effectiveCountOf(metric(m))).toBe(want));
});
