// The argoproj.io/v1alpha1 API: types, defaults, schema validation and CRDs, from one source.
export * from './types.js';
export * from './defaults.js';
export { validateSchema, schemaProblems } from './schema-validate.js';
export { crdFor, allCrds, crdYaml, structuralSchema } from './crd.js';
export { childPath, formatProblem, missingReference, problemKind, type Problem, type ProblemKind } from './problem.js';
export { SUPPORTED, unsupportedProblems } from './supported.js';
export { API_VERSION, GROUP, VERSION, KINDS, KIND_NAMES, isKindName } from './schema/index.js';
export { CANARY_STEP_KINDS } from './schema/canary.js';
export { METRIC_PROVIDER_NAMES } from './schema/metric-providers.js';
export { TRAFFIC_ROUTER_NAMES } from './schema/traffic-routing.js';
export { formatTimestamp, formatMicroTime, parseTimestamp, type TimestampInput } from './timestamp.js';
export { selectorMatches, selectorString, requirementMatches, isEmptySelector, type LabelSelector, type LabelSelectorRequirement } from './label-selector.js';
