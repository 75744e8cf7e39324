// Reading a metrics vendor's HTTP reply: the status mapped to an error that says what to do
// (authentication, rate limit with its Retry-After, other failures), then the JSON body.
import { STATUS_CODES } from 'node:http';
import type { HttpReply } from './http-send.js';
import { truncate } from './result.js';

/** Replaces each secret value in `text` with `***`. */
export function redactValues(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

function statusText(status: number): string {
  const reason = STATUS_CODES[status];
  return reason ? `${status} ${reason}` : String(status);
}

/** The vendor's own error text from a JSON or plain body, cut short and with secrets removed. */
function bodyDetail(body: string, secrets: readonly string[]): string {
  const text = body.trim();
  if (!text) return '';
  return `: ${truncate(redactValues(text.replace(/\s+/g, ' '), secrets), 300)}`;
}

/**
 * Why a reply is not a success, or undefined for a 2xx. A 429 names Retry-After, so the user
 * knows the interval is too short for the vendor's quota.
 *
 *   401 -> 'datadog: received authentication error response code: 401 Unauthorized: {"errors":["Forbidden"]}'
 *   429 with Retry-After: 30 -> 'datadog: rate limited (429 Too Many Requests), retry after 30s'
 */
export function replyProblem(vendor: string, reply: HttpReply, secrets: readonly string[] = []): string | undefined {
  const { status } = reply;
  if (status >= 200 && status < 300) return undefined;
  if (status === 429) {
    const after = reply.headers['retry-after'];
    const wait = typeof after === 'string' && /^\d+$/.test(after.trim()) ? `, retry after ${after.trim()}s` : after ? `, retry after ${after}` : '';
    return `${vendor}: rate limited (${statusText(status)})${wait}`;
  }
  const detail = bodyDetail(reply.body, secrets);
  if (status === 401 || status === 403) return `${vendor}: received authentication error response code: ${statusText(status)}${detail}`;
  return `${vendor}: received non 2xx response code: ${statusText(status)}${detail}`;
}

/** The reply's JSON body; throws an Error naming the vendor for any status problem or malformed body. */
export function jsonReply(vendor: string, reply: HttpReply, secrets: readonly string[] = []): unknown {
  const problem = replyProblem(vendor, reply, secrets);
  if (problem) throw new Error(problem);
  try {
    return JSON.parse(reply.body);
  } catch {
    throw new Error(`${vendor}: response is not JSON: ${truncate(redactValues(reply.body.trim(), secrets), 120)}`);
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
