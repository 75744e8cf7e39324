// Who may do what: the dashboard listens on loopback unless given a token; beyond loopback every
// request needs the token (a bearer header, or the cookie set by opening `/?token=...`); every
// action needs the CSRF header carrying the page's secret, and a same-origin Origin when one is sent.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { UsageError } from '../read/failure.js';
import { CSRF_HEADER } from './contract.js';

export const TOKEN_COOKIE = 'kanary_token';

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(address: string): boolean {
  if (address === 'localhost') return true;
  if (isIP(address) === 4) return address.startsWith('127.');
  const bare = address.replace(/^\[|\]$/g, '');
  return bare === '::1' || bare.startsWith('::ffff:127.');
}

/** Refuses a bind beyond loopback without a token: a dashboard that can promote must not be open to the network. */
export function checkBind(address: string, token: string | undefined): void {
  if (!isLoopback(address) && !token) {
    throw new UsageError(`refusing to listen on ${address} without a token: anyone who reaches it could act on your Rollouts; pass --token-file FILE, or keep the default --address 127.0.0.1`);
  }
}

function sameSecret(given: string | undefined, want: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export interface Guard {
  /** The per-process secret the page carries and every action sends back. */
  readonly csrf: string;
  readonly tokenRequired: boolean;
  /** Whether the request carries the token (always true when no token is set). */
  authenticated(req: IncomingMessage): boolean;
  /** Why an action must be refused, or undefined when it may run. */
  actionRefusal(req: IncomingMessage): string | undefined;
}

export function createGuard(token: string | undefined): Guard {
  const csrf = randomBytes(24).toString('base64url');
  return {
    csrf,
    tokenRequired: token !== undefined,
    authenticated(req) {
      if (token === undefined) return true;
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      return sameSecret(bearer, token) || sameSecret(cookie(req, TOKEN_COOKIE), token);
    },
    actionRefusal(req) {
      if (!this.authenticated(req)) return 'the dashboard token is required';
      const header = req.headers[CSRF_HEADER];
      if (!sameSecret(typeof header === 'string' ? header : undefined, csrf)) return `the ${CSRF_HEADER} header is missing or wrong (reload the page)`;
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== 'null') {
        let host: string | undefined;
        try {
          host = new URL(origin).host;
        } catch {
          host = undefined;
        }
        if (host !== req.headers.host) return `a request from ${origin} may not act here`;
      }
      return undefined;
    },
  };
}
