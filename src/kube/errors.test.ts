import { describe, expect, it } from 'vitest';
import { KubeError, classify, type KubeErrorKind } from './errors.js';

const status = (code: number, reason: string, extra: object = {}) => ({ kind: 'Status', status: 'Failure', code, reason, message: `${reason}!`, ...extra });

describe('classify', () => {
  const rows: [name: string, err: unknown, kind: KubeErrorKind, code: number][] = [
    ['404 Status', { code: 404, body: JSON.stringify(status(404, 'NotFound')) }, 'NotFound', 404],
    ['409 AlreadyExists', { code: 409, body: status(409, 'AlreadyExists') }, 'AlreadyExists', 409],
    ['409 Conflict', { code: 409, body: status(409, 'Conflict') }, 'Conflict', 409],
    ['422 Invalid', { code: 422, body: status(422, 'Invalid') }, 'Invalid', 422],
    ['400 BadRequest', { code: 400, body: 'bad' }, 'Invalid', 400],
    ['403 Forbidden', { code: 403, body: status(403, 'Forbidden') }, 'Forbidden', 403],
    ['401 Unauthorized', { statusCode: 401 }, 'Forbidden', 401],
    ['410 Expired', { code: 410, body: status(410, 'Expired') }, 'Gone', 410],
    ['429 TooManyRequests', { code: 429, body: status(429, 'TooManyRequests') }, 'Transient', 429],
    ['500 InternalError', { code: 500, body: status(500, 'InternalError') }, 'Transient', 500],
    ['503 from a watch (statusCode)', Object.assign(new Error('Service Unavailable'), { statusCode: 503 }), 'Transient', 503],
    ['504 Timeout', { code: 504, body: status(504, 'Timeout') }, 'Transient', 504],
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'Transient', 0],
    ['socket reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'Transient', 0],
    ['request timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'Transient', 0],
    ['a bug', new TypeError('x is undefined'), 'Unknown', 0],
    ['a string', 'oops', 'Unknown', 0],
  ];
  it.each(rows)('%s', (_name, err, kind, code) => {
    const e = classify(err);
    expect(e).toBeInstanceOf(KubeError);
    expect(e.kind).toBe(kind);
    expect(e.code).toBe(code);
  });

  it('keeps the apiserver causes of an Invalid error', () => {
    const e = classify({
      code: 422,
      body: status(422, 'Invalid', {
        details: { causes: [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'must be >= 0' }, { field: 'metadata.name', message: 'bad name' }] },
      }),
    });
    expect(e.kind).toBe('Invalid');
    expect(e.message).toBe('Invalid!');
    expect(e.causes).toEqual([
      { field: 'spec.replicas', message: 'must be >= 0', reason: 'FieldValueInvalid' },
      { field: 'metadata.name', message: 'bad name' },
    ]);
  });

  it('passes its own errors through', () => {
    const e = new KubeError('Conflict', 'x', 409);
    expect(classify(e)).toBe(e);
  });
});
