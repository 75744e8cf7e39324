// The New Relic account a metric queries, from the profile Secret Argo reads (`newrelic`, or
// `provider.newRelic.profile`, in the controller's namespace): key, account, NerdGraph URL.
import { controllerNamespace, requireProviderSecret } from '../provider-secret.js';
import type { ProviderContext } from '../provider.js';

export const NEWRELIC_SECRET_NAME = 'newrelic';

const NERDGRAPH_URL: Readonly<Record<string, string>> = {
  us: 'https://api.newrelic.com/graphql',
  eu: 'https://api.eu.newrelic.com/graphql',
};

export interface NewRelicAccount {
  apiKey: string;
  accountId: number;
  nerdGraphUrl: string;
}

/**
 * The account from the Secret's keys: `personal-api-key` and `account-id` (required), `region`
 * (`us` default, or `eu`), `base-url-nerdgraph` (overrides the region's URL). `base-url-rest` is
 * accepted and unused: NRQL goes through NerdGraph.
 */
export function newRelicAccount(secret: Record<string, string>, where: string): NewRelicAccount {
  const apiKey = secret['personal-api-key'] ?? '';
  const id = secret['account-id'] ?? '';
  if (!apiKey || !id) throw new Error(`newRelic: ${where} needs both personal-api-key and account-id`);
  if (!/^\d+$/.test(id.trim())) throw new Error(`newRelic: account-id in ${where} is not a number`);
  const region = (secret['region'] || 'us').toLowerCase();
  const nerdGraphUrl = secret['base-url-nerdgraph'] || NERDGRAPH_URL[region];
  if (!nerdGraphUrl) throw new Error(`newRelic: region ${JSON.stringify(region)} in ${where} is not us or eu`);
  return { apiKey, accountId: Number(id.trim()), nerdGraphUrl };
}

export async function readNewRelicAccount(ctx: ProviderContext, profile: string | undefined): Promise<NewRelicAccount> {
  const ref = { namespace: controllerNamespace(), name: profile || NEWRELIC_SECRET_NAME };
  const secret = await requireProviderSecret(ctx, ref, 'newRelic');
  return newRelicAccount(secret, `secret ${JSON.stringify(ref.name)} in namespace ${JSON.stringify(ref.namespace)}`);
}
