// Kayenta's standalone canary API as Argo drives it, without I/O: the config lookup URL, the
// canary execution request, and the reading of an execution's score into a phase.
import type { AnalysisPhase, Metric } from '../../api/types.js';
import { isRecord } from '../vendor-reply.js';

export type KayentaSpec = NonNullable<Metric['provider']['kayenta']>;

function base(address: string): string {
  return address.replace(/\/+$/, '');
}

/** `GET <address>/canaryConfig?application=...&configurationAccountName=...`: the configs to find the id in. */
export function configLookupUrl(k: KayentaSpec): string {
  return `${base(k.address)}/canaryConfig?${new URLSearchParams({ application: k.application, configurationAccountName: k.configurationAccountName })}`;
}

/** The id of the config named `canaryConfigName`, or undefined. */
export function canaryConfigId(configs: unknown, name: string): string | undefined {
  if (!Array.isArray(configs)) return undefined;
  for (const c of configs) if (isRecord(c) && c['name'] === name && typeof c['id'] === 'string') return c['id'];
  return undefined;
}

/** `POST <address>/canary/<configId>?application&metricsAccountName&configurationAccountName&storageAccountName` and its body. */
export function executionRequest(k: KayentaSpec, configId: string): { url: string; body: string } {
  const params = new URLSearchParams({
    application: k.application, metricsAccountName: k.metricsAccountName,
    configurationAccountName: k.configurationAccountName, storageAccountName: k.storageAccountName,
  });
  const scopes: Record<string, unknown> = {};
  for (const s of k.scopes) scopes[s.name] = { controlScope: s.controlScope, experimentScope: s.experimentScope };
  return {
    url: `${base(k.address)}/canary/${encodeURIComponent(configId)}?${params}`,
    body: JSON.stringify({ scopes, thresholds: { pass: k.threshold.pass, marginal: k.threshold.marginal } }),
  };
}

/** `GET <address>/canary/<executionId>`. */
export function executionUrl(k: KayentaSpec, executionId: string): string {
  return `${base(k.address)}/canary/${encodeURIComponent(executionId)}`;
}

/**
 * Argo's verdict on a score: at or above `pass` Successful, at or above `marginal` Inconclusive,
 * else Failed. The score is truncated to an integer first, as Argo does.
 *
 *   kayentaPhase(95.7, { pass: 90, marginal: 75 }) -> Successful
 *   kayentaPhase(80, { pass: 90, marginal: 75 })   -> Inconclusive
 *   kayentaPhase(74.9, { pass: 90, marginal: 75 }) -> Failed
 */
export function kayentaPhase(score: number, threshold: { pass: number; marginal: number }): AnalysisPhase {
  const s = Math.trunc(score);
  if (s >= threshold.pass) return 'Successful';
  if (s >= threshold.marginal) return 'Inconclusive';
  return 'Failed';
}

export type ExecutionReading =
  | { kind: 'running' }
  | { kind: 'scored'; score: number }
  | { kind: 'error'; message: string };

/**
 *   { complete: false }                                          -> running
 *   { complete: true, result: { judgeResult: { score: { score: 96 } } } } -> scored 96
 */
export function readExecution(body: unknown): ExecutionReading {
  if (!isRecord(body)) return { kind: 'error', message: 'kayenta: expected a JSON object for the canary execution' };
  const complete = body['complete'];
  if (typeof complete !== 'boolean') return { kind: 'error', message: 'kayenta: the canary execution has no complete status' };
  if (!complete) return { kind: 'running' };
  const result = body['result'];
  const judge = isRecord(result) ? result['judgeResult'] : undefined;
  const score = isRecord(judge) && isRecord(judge['score']) ? judge['score']['score'] : undefined;
  if (typeof score !== 'number') {
    const failure = isRecord(body['exception']) ? body['exception']['details'] ?? body['exception'] : body['status'];
    return { kind: 'error', message: `kayenta: the canary execution finished without a score${failure ? `: ${JSON.stringify(failure).slice(0, 300)}` : ''}` };
  }
  return { kind: 'scored', score };
}
