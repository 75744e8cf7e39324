// The views draw whatever the cluster holds. A Rollout or Experiment whose status (anyone's to
// write) or spec has a field of the wrong shape is drawn as if that field were absent, never a crash.
import { withoutMalformedFields } from '../api/schema-validate.js';
import { ExperimentSpec as ExperimentSpecSchema, ExperimentStatus as ExperimentStatusSchema } from '../api/schema/experiment.js';
import { RolloutSpec as RolloutSpecSchema, RolloutStatus as RolloutStatusSchema } from '../api/schema/rollout.js';
import type { Experiment, Rollout } from '../api/types.js';

type Schema = Readonly<Record<string, unknown>>;

/** `obj` with every top-level spec and status field of the wrong shape left out. */
function withSpecAndStatusChecked<T extends { spec: unknown; status?: unknown }>(obj: T, specSchema: unknown, statusSchema: unknown): T {
  const spec = withoutMalformedFields(specSchema as Schema, obj.spec, 'spec');
  const status = withoutMalformedFields(statusSchema as Schema, obj.status, 'status');
  if (spec.dropped.length === 0 && status.dropped.length === 0) return obj;
  return { ...obj, spec: spec.value, ...(obj.status === undefined ? {} : { status: status.value }) };
}

export function wellFormed(rollout: Rollout): Rollout {
  return withSpecAndStatusChecked(rollout, RolloutSpecSchema, RolloutStatusSchema);
}

export function wellFormedExperiment(experiment: Experiment): Experiment {
  return withSpecAndStatusChecked(experiment, ExperimentSpecSchema, ExperimentStatusSchema);
}
