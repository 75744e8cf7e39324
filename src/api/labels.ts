// The label and annotation names Argo Rollouts puts on the objects it manages. Kanary writes and
// reads the same ones, so objects move between the two controllers unchanged.

/** On ReplicaSets, pods, Services' selectors and AnalysisRuns: the pod-template hash. */
export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
/** On ReplicaSets: the Rollout revision that runs this template. */
export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
/**
 * On ReplicaSets (blue-green, a traffic-routed canary, experiments): when a version that served
 * traffic may be scaled down, RFC 3339. Kept on the object, not in memory, so a restarted
 * controller honours the same delay. The bare key is the one Argo Rollouts writes, so a
 * ReplicaSet handed over between the two controllers keeps its deadline.
 */
export const SCALE_DOWN_DEADLINE_ANNOTATION = 'scale-down-deadline';
/**
 * On Rollouts and what they create (AnalysisRuns, Experiments): which controller instance
 * (`--instance-id`) handles the object. Copied from a Rollout onto the runs it creates, as Argo
 * Rollouts does, so the instance that handles the Rollout also measures its runs.
 */
export const CONTROLLER_INSTANCE_ID_LABEL = 'argo-rollouts.argoproj.io/controller-instance-id';
/**
 * On ReplicaSets: the JSON of the role metadata (`canaryMetadata`, `stableMetadata`,
 * `activeMetadata`, `previewMetadata`) put on its pod template and pods, so it can be taken off
 * again when the role changes. The same key and format as Argo Rollouts.
 */
export const EPHEMERAL_METADATA_ANNOTATION = 'rollout.argoproj.io/ephemeral-metadata';
