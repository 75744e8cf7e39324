// The canary's size after an abort under traffic routing: the rows of abortScaleDown's rule.
import { describe, expect, it } from 'vitest';
import { abortScaleDown, type AbortScaleDownInput } from './abort-scale-down.js';

const base: AbortScaleDownInput = { aborted: true, trafficRouted: true, dynamicStableScale: false, canary: { replicas: 2 }, stableAvailable: 5, replicas: 5, now: 0 };

describe('abortScaleDown', () => {
  const rows: { name: string; input: Partial<AbortScaleDownInput>; expected: ReturnType<typeof abortScaleDown> }[] = [
    { name: 'delay unset, stable fully available: hold, deadline in 30 s', input: {}, expected: { kind: 'hold', replicas: 2, setDeadline: '1970-01-01T00:00:30Z', nextCheckAt: 30_000 } },
    { name: 'delay 10: deadline in 10 s', input: { abortScaleDownDelaySeconds: 10 }, expected: { kind: 'hold', replicas: 2, setDeadline: '1970-01-01T00:00:10Z', nextCheckAt: 10_000 } },
    { name: 'stable not yet fully available: hold, no deadline yet', input: { stableAvailable: 3 }, expected: { kind: 'hold', replicas: 2 } },
    { name: 'deadline not passed: hold until it', input: { canary: { replicas: 2, scaleDownDeadline: 30_000 }, now: 10_000 }, expected: { kind: 'hold', replicas: 2, nextCheckAt: 30_000 } },
    { name: 'deadline passed: scale down', input: { canary: { replicas: 2, scaleDownDeadline: 30_000 }, now: 31_000 }, expected: { kind: 'scaleDown' } },
    { name: 'delay 0: the arithmetic decides', input: { abortScaleDownDelaySeconds: 0 }, expected: { kind: 'follow', clearDeadline: false } },
    { name: 'dynamicStableScale, delay unset: the arithmetic decides', input: { dynamicStableScale: true }, expected: { kind: 'follow', clearDeadline: false } },
    { name: 'dynamicStableScale, delay written: hold', input: { dynamicStableScale: true, abortScaleDownDelaySeconds: 5 },
      expected: { kind: 'hold', replicas: 2, setDeadline: '1970-01-01T00:00:05Z', nextCheckAt: 5_000 } },
    { name: 'no traffic routing: the arithmetic decides', input: { trafficRouted: false }, expected: { kind: 'follow', clearDeadline: false } },
    { name: 'a canary already at 0: nothing to hold', input: { canary: { replicas: 0 } }, expected: { kind: 'follow', clearDeadline: false } },
    { name: 'running again with a deadline left over: cleared', input: { aborted: false, canary: { replicas: 2, scaleDownDeadline: 5 } }, expected: { kind: 'follow', clearDeadline: true } },
  ];
  it.each(rows)('$name', ({ input, expected }) => {
    expect(abortScaleDown({ ...base, ...input })).toEqual(expected);
  });
});
