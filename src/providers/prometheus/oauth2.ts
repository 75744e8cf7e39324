// OAuth 2.0 client credentials (RFC 6749 section 4.4) for the Prometheus provider: one token per
// (token URL, client, scopes), kept in memory until shortly before it expires.
import { createHash } from 'node:crypto';
import { safeUrl, sendHttp } from '../http-send.js';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes?: string[];
}

interface CachedToken {
  token: string;
  expiresAtMs: number;
}

/** Tokens without `expires_in` are reused for this long. */
const DEFAULT_LIFETIME_MS = 60_000;
/** Renew this long before the server's expiry, so a token never expires mid-query. */
const EXPIRY_MARGIN_MS = 30_000;

const cache = new Map<string, CachedToken>();
const inFlight = new Map<string, Promise<CachedToken>>();

// The secret is part of the key only as a hash: a rotated secret gets a new token.
function cacheKey(c: ClientCredentials): string {
  return createHash('sha256').update(JSON.stringify([c.tokenUrl, c.clientId, c.clientSecret, c.scopes ?? []])).digest('hex');
}

/** Forgets the token, e.g. after the resource server answered 401. */
export function forgetOAuth2Token(c: ClientCredentials): void {
  cache.delete(cacheKey(c));
}

/** A valid access token: the cached one, or a fresh one from the token endpoint. */
export async function fetchOAuth2Token(c: ClientCredentials, opts: { nowMs: number; timeoutMs: number; signal?: AbortSignal; insecure?: boolean }): Promise<string> {
  const key = cacheKey(c);
  const hit = cache.get(key);
  if (hit && hit.expiresAtMs > opts.nowMs) return hit.token;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = requestToken(c, opts).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  const fresh = await pending;
  cache.set(key, fresh);
  return fresh.token;
}

const form = (fields: Record<string, string | undefined>): string =>
  new URLSearchParams(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined)).toString();

async function requestToken(c: ClientCredentials, opts: { nowMs: number; timeoutMs: number; signal?: AbortSignal; insecure?: boolean }): Promise<CachedToken> {
  const scope = c.scopes?.length ? c.scopes.join(' ') : undefined;
  // RFC 6749 2.3.1: HTTP Basic with form-encoded id and secret; some servers only read them from the body.
  const basic = Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.clientSecret)}`).toString('base64');
  const attempts: { headers: Record<string, string>; body: string }[] = [
    { headers: { Authorization: `Basic ${basic}` }, body: form({ grant_type: 'client_credentials', scope }) },
    { headers: {}, body: form({ grant_type: 'client_credentials', scope, client_id: c.clientId, client_secret: c.clientSecret }) },
  ];
  let last = '';
  for (const attempt of attempts) {
    const reply = await sendHttp({
      method: 'POST', url: c.tokenUrl, timeoutMs: opts.timeoutMs, insecure: opts.insecure, signal: opts.signal, maxBytes: 64 * 1024,
      headers: { ...attempt.headers, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: attempt.body,
    });
    let parsed: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try {
      parsed = JSON.parse(reply.body) as typeof parsed;
    } catch {
      // reported below
    }
    if (reply.status === 200 && typeof parsed.access_token === 'string' && parsed.access_token) {
      const lifetime = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in * 1000 : undefined;
      const expiresAtMs = lifetime === undefined ? opts.nowMs + DEFAULT_LIFETIME_MS : opts.nowMs + Math.max(0, lifetime - EXPIRY_MARGIN_MS);
      return { token: parsed.access_token, expiresAtMs };
    }
    const detail = typeof parsed.error === 'string'
      ? `${parsed.error}${typeof parsed.error_description === 'string' ? `: ${parsed.error_description}` : ''}`
      : reply.status === 200 ? 'no access_token in the response' : reply.body.slice(0, 200);
    last = `oauth2 token request to ${safeUrl(c.tokenUrl)} failed: HTTP ${reply.status}: ${detail}`;
    if (reply.status !== 400 && reply.status !== 401) break;
  }
  throw new Error(last);
}
