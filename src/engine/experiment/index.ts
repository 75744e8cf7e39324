// The pure Experiment engine: templates to ReplicaSets and Services, analyses to AnalysisRuns,
// and the phase rules. No I/O, no clock: time is in the snapshot.

export { planExperiment, DEFAULT_PROGRESS_DEADLINE_SECONDS, DEFAULT_SCALE_DOWN_DELAY_SECONDS } from './plan-experiment.js';
export type { ExperimentAction, ExperimentPlan, ExperimentEvent, Manifest } from './experiment-plan.js';
export type { ExperimentSnapshot, ObservedTemplateReplicaSet, ObservedExperimentRun } from './experiment-snapshot.js';
export { experimentOutcome, requiredAnalysesSucceeded } from './experiment-phase.js';
export { templateStatusOf } from './template-status.js';
export {
  analysisRunName, replicaSetName, EXPERIMENT_NAME_ANNOTATION, TEMPLATE_NAME_ANNOTATION, SCALE_DOWN_DEADLINE_ANNOTATION,
} from './experiment-names.js';
export { templateKey } from '../rollout/rollout-analysis.js';
