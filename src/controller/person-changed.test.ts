import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { Rollout } from '../api/types.js';
import { textLine } from './manager.js';
import { personChanged } from './rollout-controller.js';

type R = Rollout & KubernetesObject;
const ro = (generation: number, status: Record<string, unknown> = {}) => ({ metadata: { generation }, spec: {}, status }) as unknown as R;
const pause = [{ reason: 'CanaryPauseStep', startTime: 't' }];

describe('personChanged', () => {
  it.each<[string, R, R, boolean]>([
    ['a new spec (generation)', ro(1), ro(2), true],
    ['abort', ro(1), ro(1, { abort: true }), true],
    ['promote --full', ro(1), ro(1, { promoteFull: true }), true],
    ['promote (pause conditions removed)', ro(1, { pauseConditions: pause }), ro(1, {}), true],
    ['the controller entering a pause', ro(1, {}), ro(1, { pauseConditions: pause }), false],
    ['status churn (replica counts)', ro(1, { availableReplicas: 1 }), ro(1, { availableReplicas: 2 }), false],
  ])('%s', (_name, before, after, want) => {
    expect(personChanged(before, after)).toBe(want);
  });
});

describe('textLine', () => {
  it('turns a JSON log record into a line a person reads', () => {
    const line = textLine(JSON.stringify({ time: '2026-11-21T10:00:00.000Z', level: 'info', msg: 'stable share of canary weight 40', rollout: 'shop/web', from: 4, to: 3 }));
    expect(line).toBe('2026-11-21T10:00:00.000Z INFO  stable share of canary weight 40  rollout=shop/web from=4 to=3\n');
  });

  it('quotes values with spaces and passes through what is not JSON', () => {
    expect(textLine(JSON.stringify({ time: 't', level: 'warn', msg: 'm', err: 'two words' }))).toBe('t WARN  m  err="two words"\n');
    expect(textLine('not json')).toBe('not json');
  });
});
