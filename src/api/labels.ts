// The label and annotation names Argo Rollouts puts on the objects it manages. Kanary writes and
// reads the same ones, so objects move between the two controllers unchanged.

/** On ReplicaSets, pods, Services' selectors and AnalysisRuns: the pod-template hash. */
export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
/** On ReplicaSets: the Rollout revision that runs this template. */
export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
