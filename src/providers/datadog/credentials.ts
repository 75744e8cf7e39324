// Where the Datadog keys come from, in Argo's order: the Secret `secretRef` names (in the run's
// namespace when `namespaced`), else DD_API_KEY/DD_APP_KEY/DD_ADDRESS when all three are set,
// else the Secret `datadog` in the controller's namespace.
import type { Metric } from '../../api/types.js';
import { controllerNamespace, requireProviderSecret } from '../provider-secret.js';
import type { ProviderContext } from '../provider.js';

export const DATADOG_SECRET_NAME = 'datadog';

export interface DatadogCredentials {
  apiKey: string;
  appKey: string;
  /** Empty when neither the Secret nor the environment names one. */
  address: string;
}

export async function findDatadogCredentials(ctx: ProviderContext, d: NonNullable<Metric['provider']['datadog']>, env: NodeJS.ProcessEnv = process.env): Promise<DatadogCredentials> {
  const ref = d.secretRef;
  if (!ref?.name) {
    const [apiKey, appKey, address] = [env['DD_API_KEY'], env['DD_APP_KEY'], env['DD_ADDRESS']];
    if (apiKey !== undefined && appKey !== undefined && address !== undefined) return { apiKey, appKey, address };
  }
  const namespace = ref?.namespaced ? ctx.run.namespace : controllerNamespace(env);
  const name = ref?.name || DATADOG_SECRET_NAME;
  const secret = await requireProviderSecret(ctx, { namespace, name }, 'datadog');
  const apiKey = secret['api-key'] ?? '';
  const appKey = secret['app-key'] ?? '';
  if (!apiKey || !appKey) throw new Error(`datadog: secret ${JSON.stringify(name)} in namespace ${JSON.stringify(namespace)} needs both api-key and app-key`);
  return { apiKey, appKey, address: secret['address'] ?? '' };
}
