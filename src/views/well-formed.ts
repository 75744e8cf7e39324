// The views draw whatever the cluster holds. A Rollout whose status (anyone's to write) or spec
// has a field of the wrong shape is drawn as if that field were absent, never a crash.
import { withoutMalformedFields } from '../api/schema-validate.js';
import { RolloutSpec as RolloutSpecSchema, RolloutStatus as RolloutStatusSchema } from '../api/schema/rollout.js';
import type { Rollout } from '../api/types.js';

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
