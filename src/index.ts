/**
 * Kanary as a library: the argoproj.io/v1alpha1 API (types, schemas, validation) and the pure
 * engine (canary arithmetic, step machine, status computation, analysis assessment and the
 * condition expression language). Nothing exported here does I/O; give it data and the time.
 *
 * @example
 *   import { planRollout, evaluateCondition, validateManifest } from 'kanary';
 *   evaluateCondition('result[0] <= 5', [3.2]);            // true
 *   validateManifest(rolloutObject);                        // [{ path, message }, ...]
 *   planRollout({ rollout, replicaSets, services, now });   // { actions, status, events, nextCheckAt }
 */

// The API: types, CRDs, defaults, validation with field paths.
export * from './api/index.js';
export { validateManifest } from './api/validate.js';

// The canary engine.
export { planRollout, INVALID_SPEC_RECHECK_MS, MISSING_REFERENCE_RECHECK_MS } from './engine/rollout/plan-rollout.js';
export type { Plan, PlanAction, PlanEvent, EventReason } from './engine/rollout/plan.js';
export type { RolloutSnapshot, ObservedReplicaSet, ObservedService, ObservedPod } from './engine/rollout/snapshot.js';
export { canaryReplicas, basicCanaryReplicas, olderReplicasAfterScaleDown, desiredWeightReplicas, weightedCanaryStableSplit } from './engine/rollout/canary-replicas.js';
export { trafficRoutedCanaryReplicas } from './engine/rollout/canary-traffic-replicas.js';
export { canaryTarget, currentSetWeight } from './engine/rollout/canary-target.js';
export { canaryFenceposts, scaledValue } from './engine/rollout/int-or-percent.js';
export { advanceSteps, describeStep } from './engine/rollout/steps.js';
export { goJsonOfSteps, stepsHash } from './engine/rollout/step-hash.js';
export { rolloutPhase } from './engine/rollout/phase.js';
export { rolloutStatusAfter } from './engine/rollout/rollout-status.js';
export { podTemplateHash, sameTemplate, canonicalPodTemplate } from './engine/rollout/pod-template-hash.js';
export { parseDuration, formatDuration } from './engine/duration.js';

// Analysis: the expression language and the pure assessment of measurements, metrics and runs.
export { evaluateCondition, evaluateExpression, parseExpression, ExprError } from './engine/analysis/expr/index.js';
export * from './engine/analysis/index.js';
