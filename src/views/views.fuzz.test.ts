// The CLI (and later the dashboard) draws whatever the cluster holds, and a status is
// anyone's to scribble on: the view model must draw something for any JSON at any of the paths
// it reads, never throw.
import fc from 'fast-check';
import { junk, setAt } from '../../test/support/json-fuzz.js';
import { describe, expect, it } from 'vitest';
import type { Experiment, Rollout } from '../api/types.js';
import { experimentsTable, experimentView } from './experiment-view.js';
import { statusLine } from './rollout-summary.js';
import { rolloutView } from './rollout-view.js';
import { rolloutsTable } from './rollouts-table.js';
import * as s from './scenarios.test-support.js';
import { plainText } from './text.js';

const PATHS = [
  ['status'], ['status', 'phase'], ['status', 'message'], ['status', 'currentStepIndex'], ['status', 'stableRS'], ['status', 'currentPodHash'],
  ['status', 'pauseConditions'], ['status', 'pauseConditions', 0], ['status', 'conditions'], ['status', 'conditions', 0, 'type'],
  ['status', 'canary'], ['status', 'canary', 'currentStepAnalysisRunStatus'], ['status', 'abort'], ['status', 'replicas'],
  ['status', 'availableReplicas'], ['status', 'observedGeneration'], ['spec', 'replicas'], ['spec', 'strategy'], ['spec', 'strategy', 'canary'],
  ['spec', 'strategy', 'canary', 'steps'], ['spec', 'strategy', 'canary', 'steps', 0], ['spec', 'strategy', 'canary', 'steps', 1, 'pause'],
  ['spec', 'template'], ['spec', 'template', 'spec', 'containers'], ['spec', 'paused'],
] as const; // metadata is typed by the API server itself


const junkValue = junk();
const scenarios = [s.healthy, s.progressing, s.pausedAtStep, s.degradedAborted, s.invalidSpec];

describe('the view model on malformed Rollouts', () => {
  it('draws the tree and the table for any JSON at any path it reads', () => {
    fc.assert(fc.property(fc.constantFrom(...scenarios), fc.array(fc.record({ path: fc.constantFrom(...PATHS), value: junkValue }), { minLength: 1, maxLength: 3 }), (scenario, edits) => {
      const rollout = structuredClone(scenario.rollout) as Rollout;
      for (const e of edits) setAt(rollout, e.path, e.value);
      const tree = plainText(rolloutView({ ...scenario, rollout }));
      expect(tree).toContain('Name:');
      expect(plainText(rolloutsTable([rollout])).split('\n')[0]).toContain('NAME');
      expect(statusLine(rollout)).not.toBe('');
    }), { numRuns: 1500 });
  });
});

describe('the view model on malformed Experiments', () => {
  const experiment: Experiment = {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment',
    metadata: { name: 'exp', namespace: 'shop', uid: 'exp-uid', creationTimestamp: '2026-01-01T11:00:00Z' },
    spec: { duration: '5m', templates: [{ name: 'canary', specRef: 'canary' } as never] },
    status: { phase: 'Running', message: 'waiting for the duration' },
  };
  const EXPERIMENT_PATHS = [['status'], ['status', 'phase'], ['status', 'message'], ['status', 'templateStatuses'], ['spec', 'duration'], ['spec', 'templates']] as const;

  it('draws the tree and the table for any JSON at any path it reads', () => {
    fc.assert(fc.property(fc.array(fc.record({ path: fc.constantFrom(...EXPERIMENT_PATHS), value: junkValue }), { minLength: 1, maxLength: 3 }), (edits) => {
      const e = structuredClone(experiment);
      for (const edit of edits) setAt(e, edit.path, edit.value);
      const input = { experiment: e, replicaSets: [], pods: [], analysisRuns: [], jobs: [], now: Date.parse('2026-01-01T12:00:00Z') };
      expect(plainText(experimentView(input))).toContain('Name:');
      expect(plainText(experimentsTable([e], input.now))).toContain('exp');
    }), { numRuns: 1000 });
  });
});
