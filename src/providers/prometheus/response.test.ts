import { describe, expect, it } from 'vitest';
import { formatSample, readPrometheusResponse } from './response.js';

const ok = (resultType: string, result: unknown, warnings?: string[]) =>
  JSON.stringify({ status: 'success', data: { resultType, result }, ...(warnings ? { warnings } : {}) });
const sample = (v: string) => ({ metric: { job: 'x' }, value: [1700000000, v] });

describe('formatSample (Go FormatFloat f, -1)', () => {
  it.each([
    [0.5, '0.5'], [1, '1'], [-2.25, '-2.25'], [1e-7, '0.0000001'], [1.5e-10, '0.00000000015'],
    [1e21, '1000000000000000000000'], [1.25e22, '12500000000000000000000'], [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf'],
  ])('%s -> %s', (v, text) => expect(formatSample(v)).toBe(text));
});

describe('readPrometheusResponse', () => {
  it('reads a vector as an array of numbers', () => {
    expect(readPrometheusResponse(200, ok('vector', [sample('0.97'), sample('1')]))).toEqual(
      { kind: 'data', resultType: 'vector', result: [0.97, 1], value: '[0.97,1]', warnings: [] });
  });
  it('reads a scalar as a number', () => {
    expect(readPrometheusResponse(200, ok('scalar', [1700000000, '42']))).toMatchObject({ result: 42, value: '42' });
  });
  it('keeps NaN and infinities', () => {
    const r = readPrometheusResponse(200, ok('vector', [sample('NaN'), sample('+Inf'), sample('-Inf')]));
    expect(r).toMatchObject({ kind: 'data', value: '[NaN,+Inf,-Inf]' });
    expect(r.kind === 'data' && r.result).toEqual([NaN, Infinity, -Infinity]);
  });
  it('reads a matrix as an array of arrays', () => {
    const m = [{ metric: {}, values: [[1, '1'], [2, '2']] }, { metric: {}, values: [[1, '3']] }];
    expect(readPrometheusResponse(200, ok('matrix', m))).toMatchObject({ result: [[1, 2], [3]], value: '[[1,2],[3]]' });
  });
  it('says empty for an empty vector or matrix', () => {
    expect(readPrometheusResponse(200, ok('vector', []))).toEqual({ kind: 'empty', resultType: 'vector', warnings: [] });
    expect(readPrometheusResponse(200, ok('matrix', [], ['w']))).toEqual({ kind: 'empty', resultType: 'matrix', warnings: ['w'] });
  });
  it('names Prometheus\'s own error', () => {
    const body = JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error: unclosed left parenthesis' });
    expect(readPrometheusResponse(400, body)).toEqual({ kind: 'error', message: 'prometheus: bad_data: parse error: unclosed left parenthesis' });
  });
  it('reports a non-API answer with its status', () => {
    expect(readPrometheusResponse(502, '<html>Bad Gateway</html>')).toEqual({ kind: 'error', message: 'prometheus returned HTTP 502: <html>Bad Gateway</html>' });
    expect(readPrometheusResponse(200, 'not json')).toMatchObject({ kind: 'error' });
  });
  it('rejects string results and malformed samples', () => {
    expect(readPrometheusResponse(200, ok('string', [1, 'x']))).toMatchObject({ kind: 'error', message: expect.stringContaining('not supported') });
    expect(readPrometheusResponse(200, ok('vector', [sample('abc')]))).toMatchObject({ kind: 'error', message: expect.stringContaining('malformed vector') });
  });
});
