// The views draw whatever the cluster holds. A Rollout or Experiment whose status (anyone's to write) or spec
// has a field of the wrong shape is drawn as if that field were absent, never a crash.
import { withoutMalformedFields } from '../api/schema-validate.js';
import { ExperimentSpec as ExperimentSpecSchema, ExperimentStatus as ExperimentStatusSchema } from '../api/schema/experiment.js';
import { RolloutSpec as RolloutSpecSchema, RolloutStatus as RolloutStatusSchema } from '../api/schema/rollout.js';
import type { Experiment, Rollout } from '../api/types.js';

type Schema = Readonly<Record<string, unknown>>;

/** The Rollout with every top-level spec and status field of the wrong shape left out. */
export function wellFormed(rollout: Rollout): Rollout {
  const spec = withoutMalformedFields(RolloutSpecSchema as unknown as Schema, rollout.spec, 'spec');
  const status = withoutMalformedFields(RolloutStatusSchema as unknown as Schema, rollout.status, 'status');
  if (spec.dropped.length === 0 && status.dropped.length === 0) return rollout;
  return {
    ...rollout,
    spec: spec.value as Rollout['spec'],
    ...(rollout.status === undefined ? {} : { status: status.value as Rollout['status'] }),
  };
}

/** The Experiment with every top-level spec and status field of the wrong shape left out. */
export function wellFormedExperiment(experiment: Experiment): Experiment {
  const spec = withoutMalformedFields(ExperimentSpecSchema as unknown as Schema, experiment.spec, 'spec');
  const status = withoutMalformedFields(ExperimentStatusSchema as unknown as Schema, experiment.status, 'status');
  if (spec.dropped.length === 0 && status.dropped.length === 0) return experiment;
  return {
    ...experiment,
    spec: spec.value as Experiment['spec'],
    ...(experiment.status === undefined ? {} : { status: status.value as Experiment['status'] }),
  };
}
