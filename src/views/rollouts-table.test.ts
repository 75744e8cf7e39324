import { describe, expect, it } from 'vitest';
import { rollout } from './fixtures.test-support.js';
import { rolloutsTable } from './rollouts-table.js';
import * as s from './scenarios.test-support.js';
import { plainText } from './text.js';

describe('rolloutsTable', () => {
  it('has one aligned row per Rollout, sorted, with the status toned', () => {
    const other = { ...s.pausedAtStep.rollout, metadata: { ...s.pausedAtStep.rollout.metadata, name: 'api' } };
    const lines = rolloutsTable([s.healthy.rollout, other]);
    expect(plainText(lines)).toBe(`
NAME  STRATEGY  STATUS   STEP  SET-WEIGHT  READY  DESIRED  UP-TO-DATE  AVAILABLE
api   Canary    Paused   3/6   40          5/5    5        2           5
web   Canary    Healthy  6/6   100         5/5    5        5           5
`.slice(1));
    expect(lines[1]?.find((seg) => seg.text === 'Paused')?.tone).toBe('paused');
  });

  it('adds NAMESPACE first across namespaces; blue-green has no step or weight', () => {
    const bg = rollout({ phase: 'Healthy', replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 }, { replicas: 2, strategy: { blueGreen: { activeService: 'web' } } });
    expect(plainText(rolloutsTable([bg], true))).toBe(`
NAMESPACE  NAME  STRATEGY   STATUS   STEP  SET-WEIGHT  READY  DESIRED  UP-TO-DATE  AVAILABLE
shop       web   BlueGreen  Healthy  -     -           2/2    2        2           2
`.slice(1));
  });
});
