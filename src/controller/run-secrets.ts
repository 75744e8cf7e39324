// The secret-backed args of one AnalysisRun, read live from the run's namespace each time they
// are needed (docs/architecture.md: never cached cluster-wide, never in status, events or logs).
import type { KubernetesObject } from '@kubernetes/client-node';
import type { SecretArgRef } from '../engine/analysis/index.js';
import type { ResourceClient } from '../kube/client.js';
import { classify } from '../kube/errors.js';

export interface SecretObject extends KubernetesObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export type RunSecrets =
  | {
      readonly ok: true;
      /** Secret values by arg name: for substitution into the provider spec only. */
      readonly values: Readonly<Record<string, string>>;
      /** Every value, for `TakenMeasurement.redact`. */
      readonly redact: readonly string[];
    }
  | { readonly ok: false; readonly message: string };

/**
 * Reads every `secretKeyRef` arg of a run from `namespace`, one GET per Secret named. A missing
 * Secret or key gives a message naming both (never a value); other API failures throw, so the
 * reconcile is retried with back-off.
 *
 *   refs [{argName: 'token', secretName: 'dd', key: 'api'}], Secret dd {api: czNjcjN0}
 *     -> { values: { token: 's3cr3t' }, redact: ['s3cr3t'] }
 *   Secret dd missing -> 'Unable to resolve metric arguments: secret "dd" not found (arg "token")'
 */
export async function readRunSecrets(
  secrets: Pick<ResourceClient<SecretObject>, 'get'>,
  namespace: string,
  refs: readonly SecretArgRef[],
): Promise<RunSecrets> {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  const bySecret = new Map<string, SecretArgRef[]>();
  for (const ref of refs) bySecret.set(ref.secretName, [...(bySecret.get(ref.secretName) ?? []), ref]);
  for (const [secretName, wanted] of bySecret) {
    let secret: SecretObject | undefined;
    try {
      secret = await secrets.get({ namespace, name: secretName });
    } catch (err) {
      if (classify(err).kind !== 'NotFound') throw err;
      problems.push(`secret ${JSON.stringify(secretName)} not found (arg ${wanted.map((r) => JSON.stringify(r.argName)).join(', ')})`);
      continue;
    }
    for (const ref of wanted) {
      const encoded = secret.data?.[ref.key];
      if (encoded === undefined) {
        problems.push(`key ${JSON.stringify(ref.key)} not found in secret ${JSON.stringify(secretName)} (arg ${JSON.stringify(ref.argName)})`);
      } else {
        values[ref.argName] = Buffer.from(encoded, 'base64').toString('utf8');
      }
    }
  }
  if (problems.length > 0) return { ok: false, message: `Unable to resolve metric arguments: ${problems.join('; ')}` };
  return { ok: true, values, redact: [...new Set(Object.values(values))].filter((v) => v !== '') };
}
