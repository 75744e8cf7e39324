// The events one canary Rollout records through its life, in order, as Argo Rollouts records
// them (rollout/sync.go, canary.go, pause.go): the reasons people read in `kubectl describe` and
// alert on.
import { describe, expect, it } from 'vitest';
import type { Plan, PlanEvent } from './plan.js';
import { patchStatus, rollout, setImage, settle, world, type World } from './world.test-support.js';

/** Reasons in order, a run of ScalingReplicaSet events written once as `ScalingReplicaSet*`. */
function reasons(events: readonly PlanEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    const r = e.reason === 'ScalingReplicaSet' ? 'ScalingReplicaSet*' : e.reason;
    if (r !== out.at(-1) || r !== 'ScalingReplicaSet*') out.push(r);
  }
  return out;
}

interface Stage {
  readonly name: string;
  readonly act: (w: World) => void;
  readonly reasons: readonly string[];
  /** Messages that must appear among the stage's events. */
  readonly messages?: readonly string[];
}

const STEPS = [{ setWeight: 50 }, { pause: {} }, { setWeight: 75 }, { pause: { duration: '10s' } }];

const stages: Stage[] = [
  {
    name: 'create: the first ReplicaSet, scaled from 0, completed as the initial deploy',
    act: () => {},
    reasons: ['RolloutUpdated', 'NewReplicaSetCreated', 'ScalingReplicaSet*', 'RolloutCompleted'],
    messages: ['Rollout updated to revision 1', 'Created ReplicaSet web-{1} (revision 1)', 'Scaled up ReplicaSet web-{1} (revision 1) from 0 to 4',
      'Rollout completed update to revision 1 ({1}): Initial deploy'],
  },
  {
    name: 'update: not completed first, then the new ReplicaSet, its scales, the step, the pause',
    act: (w) => setImage(w, 'web:2'),
    reasons: ['RolloutNotCompleted', 'RolloutUpdated', 'NewReplicaSetCreated', 'ScalingReplicaSet*', 'RolloutStepCompleted', 'RolloutPaused'],
    messages: ['Rollout not completed, started update to revision 2 ({2})', 'Created ReplicaSet web-{2} (revision 2)',
      'Scaled up ReplicaSet web-{2} (revision 2) from 0 to 1', 'Rollout step 1/4 completed (setWeight: 50)', 'Rollout is paused (CanaryPauseStep)'],
  },
  {
    name: 'promote: the pause step completes (no RolloutResumed: the person ended the pause), the next weight, the next pause',
    act: (w) => patchStatus(w, { pauseConditions: null }),
    reasons: ['RolloutStepCompleted', 'ScalingReplicaSet*', 'RolloutStepCompleted', 'RolloutPaused'],
    messages: ['Rollout step 2/4 completed (pause)', 'Rollout step 3/4 completed (setWeight: 75)'],
  },
  {
    name: 'a timed pause ends: the step completes, then RolloutResumed, then the scales, then RolloutCompleted',
    act: (w) => { w.now += 11_000; },
    reasons: ['RolloutStepCompleted', 'RolloutResumed', 'ScalingReplicaSet*', 'RolloutCompleted'],
    messages: ['Rollout step 4/4 completed (pause: 10s)', 'Rollout completed update to revision 2 ({2}): Completed all 4 canary steps'],
  },
  {
    name: 'a second update up to its first pause',
    act: (w) => setImage(w, 'web:3'),
    reasons: ['RolloutNotCompleted', 'RolloutUpdated', 'NewReplicaSetCreated', 'ScalingReplicaSet*', 'RolloutStepCompleted', 'RolloutPaused'],
    messages: ['Rollout not completed, started update to revision 3 ({3})'],
  },
  {
    name: 'abort: the first scales back to stable, then RolloutAborted (in that reconcile), then the rest of the scales',
    act: (w) => patchStatus(w, { abort: true }),
    reasons: ['ScalingReplicaSet*', 'RolloutAborted', 'ScalingReplicaSet*'],
    messages: ['Rollout aborted update to revision 3'],
  },
  {
    name: 'retry: the steps again (Argo records no event of its own for a retry)',
    act: (w) => patchStatus(w, { abort: false, currentStepIndex: 0, pauseConditions: null }),
    reasons: ['ScalingReplicaSet*', 'RolloutStepCompleted', 'RolloutPaused'],
  },
  {
    name: 'promote --full: the scales, then RolloutCompleted naming the full promotion',
    act: (w) => patchStatus(w, { promoteFull: true, pauseConditions: null }),
    reasons: ['ScalingReplicaSet*', 'RolloutCompleted'],
    messages: ['Rollout completed update to revision 3 ({3}): Full promotion requested'],
  },
];

describe('the events of a canary Rollout, create to promote --full, as Argo Rollouts records them', () => {
  const w = world(rollout({ replicas: 4, steps: STEPS }));
  const hashes: string[] = [];
  const seen: Plan[][] = [];
  for (const stage of stages) {
    stage.act(w);
    const from = w.plans.length;
    settle(w);
    const plans = w.plans.slice(from);
    seen.push(plans);
    const hash = w.rollout.status?.currentPodHash ?? '';
    if (!hashes.includes(hash)) hashes.push(hash);
    const stageHashes = [...hashes];
    it(stage.name, () => {
      const events = plans.flatMap((p) => p.events);
      expect(reasons(events)).toEqual(stage.reasons);
      const messages = events.map((e) => e.message);
      for (const m of stage.messages ?? []) {
        expect(messages).toContain(m.replace(/\{(\d)\}/g, (_, n: string) => stageHashes[Number(n) - 1] ?? '?'));
      }
    });
  }

  it('every scale and every ReplicaSet created with pods has its ScalingReplicaSet event, in the same plan', () => {
    for (const plan of seen.flat()) {
      const scaled = plan.actions.flatMap((a) =>
        a.kind === 'scaleReplicaSet' ? [`${a.name} from ${a.from} to ${a.to}`] : a.kind === 'createReplicaSet' && a.replicas > 0 ? [`${a.name} (revision ${a.revision}) from 0 to ${a.replicas}`] : []);
      const events = plan.events.filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
      expect(events).toHaveLength(scaled.length);
      for (const s of scaled) expect(events.some((m) => m.endsWith(s.split(' from ')[1] ?? '') && m.includes(s.split(' ')[0] ?? ''))).toBe(true);
    }
  });
});
