// The cloudWatch provider against a local server that answers GetMetricData as CloudWatch's
// AWS JSON 1.0 protocol documents, reached through the real AWS SDK with its standard settings
// (AWS_ENDPOINT_URL_CLOUDWATCH, AWS_REGION, keys from the environment).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '../../api/types.js';
import { describeProviderContract, testContext } from '../contract.js';
import { startVendorServer, type RecordedRequest, type VendorServer } from '../vendor-server.test-support.js';
import { cloudWatchProvider, resetCloudWatchClient } from './index.js';
import { cloudWatchQueryProblems, cloudWatchValue, goFloatV, metricDataQueries } from './queries.js';

type Spec = NonNullable<Metric['provider']['cloudWatch']>;
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const SECRET = 'cw-secret-key-never-shown';

const ok = {
  MetricDataResults: [{ Id: 'errors', Label: '5xx', StatusCode: 'Complete', Timestamps: [NOW / 1000 - 60, NOW / 1000 - 120], Values: [0.5, 1] }],
  Messages: [],
};

function byQueryId(req: RecordedRequest) {
  const id = (JSON.parse(req.body || '{}') as { MetricDataQueries?: { Id: string }[] }).MetricDataQueries?.[0]?.Id;
  if (id === 'hang') return { hang: true };
  if (id === 'noisy') return { status: 400, body: { __type: 'com.amazonaws.monitoring#InvalidParameterValueException', message: 'z'.repeat(30_000) } };
  return { body: ok };
}

let cw: VendorServer;
const saved = { ...process.env };
beforeAll(async () => {
  cw = await startVendorServer(byQueryId);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_CLOUDWATCH: cw.url, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDKANARYTEST', AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  });
  resetCloudWatchClient();
});
afterAll(async () => {
  process.env = saved;
  resetCloudWatchClient();
  await cw.close();
});

const elb5xx: Spec['metricDataQueries'][number] = {
  id: 'errors', label: '5xx',
  metricStat: { metric: { namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count', dimensions: [{ name: 'LoadBalancer', value: 'app/web/123' }] }, period: '60', stat: 'Sum', unit: 'Count' },
};
const metric = (cloudWatch: Spec): Metric => ({ name: 'errors', provider: { cloudWatch } });
const ctx = () => testContext({ now: () => NOW });
const run = (cloudWatch: Spec) => cloudWatchProvider.run(ctx(), metric(cloudWatch));

describeProviderContract('cloudWatch', () => ({
  provider: cloudWatchProvider,
  working: metric({ metricDataQueries: [elb5xx] }),
  broken: metric({ metricDataQueries: [{ id: 'Bad-Id', expression: 'SUM(x)' }] }),
  hanging: metric({ metricDataQueries: [{ id: 'hang', expression: 'SUM(x)' }] }),
  noisy: metric({ metricDataQueries: [{ id: 'noisy', expression: 'SUM(x)' }] }),
  context: { now: () => NOW },
}));

describe('cloudWatch provider', () => {
  it('calls GetMetricData over the interval, signed with SigV4 for the region, and hands on the results', async () => {
    cw.answer(() => ({ body: ok }));
    const r = await run({ interval: '10m', metricDataQueries: [elb5xx, { id: 'ratio', expression: 'errors / 100', returnData: false, period: 60 }] });
    expect(r).toMatchObject({ value: '[[0.5 1]]' });
    expect(r.result).toEqual([{ Id: 'errors', Label: '5xx', StatusCode: 'Complete', Timestamps: ['2026-01-01T11:59:00Z', '2026-01-01T11:58:00Z'], Values: [0.5, 1], Messages: [] }]);
    const [req] = cw.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/' });
    expect(req!.headers['x-amz-target']).toBe('GraniteServiceVersion20100801.GetMetricData');
    expect(req!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(req!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDKANARYTEST\/\d{8}\/eu-west-1\/monitoring\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/);
    expect(JSON.stringify(req!.headers)).not.toContain(SECRET);
    const body = JSON.parse(req!.body);
    expect(body.StartTime).toBe(NOW / 1000 - 600);
    expect(body.EndTime).toBe(NOW / 1000);
    expect(body.MetricDataQueries).toEqual([
      { Id: 'errors', Label: '5xx', MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/web/123' }] }, Period: 60, Stat: 'Sum', Unit: 'Count' } },
      { Id: 'ratio', Expression: 'errors / 100', Period: 60, ReturnData: false },
    ]);
  });

  it('keeps CloudWatch\'s messages in metadata', async () => {
    cw.answer(() => ({ body: { ...ok, Messages: [{ Code: 'MaxQueryTimeRangeExceed', Value: 'range too long' }] } }));
    expect((await run({ metricDataQueries: [elb5xx] })).metadata).toEqual({ messages: 'MaxQueryTimeRangeExceed: range too long' });
  });

  it('gives "no data" when no result has values, still handing on the results as Argo does', async () => {
    cw.answer(() => ({ body: { MetricDataResults: [{ Id: 'errors', Label: '5xx', StatusCode: 'Complete', Timestamps: [], Values: [] }] } }));
    const r = await run({ metricDataQueries: [elb5xx] });
    expect(r).toMatchObject({ value: '[[]]', noData: { policy: 'Condition' }, result: [{ Id: 'errors', Values: [] }] });
    expect(r.message).toContain('no data returned for query "metricDataQueries errors"');
  });

  it.each([
    ['a CloudWatch error', { status: 400, body: { __type: 'com.amazonaws.monitoring#InvalidParameterValueException', message: 'The parameter MetricDataQueries.member.1.Id must be unique.' } }, /^cloudWatch: InvalidParameterValueException \(400\): The parameter MetricDataQueries.member.1.Id must be unique.$/],
    ['throttling', { status: 400, body: { __type: 'Throttling', message: 'Rate exceeded' } }, /^cloudWatch: Throttling \(400\): Rate exceeded \(rate limited: lengthen the metric interval\)$/],
    ['a 429', { status: 429, headers: { 'Retry-After': '3' }, body: { __type: 'ThrottlingException', message: 'Too many requests' } }, /^cloudWatch: ThrottlingException \(429\): Too many requests \(rate limited/],
    ['a malformed body', { body: '{"MetricDataResults": [' }, /^cloudWatch: /],
  ])('makes %s an Error naming it', async (_name, answer, message) => {
    cw.answer(() => answer);
    const r = await run({ metricDataQueries: [elb5xx] });
    expect(r.phase).toBe('Error');
    expect(r.message).toMatch(message);
  });
});

describe('metric data queries', () => {
  it.each([
    [[], 'provider.cloudWatch.metricDataQueries: at least one query is required'],
    [[{ expression: 'SUM(x)' }], 'provider.cloudWatch.metricDataQueries[0].id: required'],
    [[{ id: 'a' }], 'provider.cloudWatch.metricDataQueries[0]: set expression or metricStat'],
    [[{ id: 'a', expression: 'x', metricStat: { stat: 'Sum', metric: { metricName: 'm' } } }], 'provider.cloudWatch.metricDataQueries[0]: set either expression or metricStat, not both'],
    [[{ id: 'a', metricStat: { metric: {} } }], 'provider.cloudWatch.metricDataQueries[0].metricStat.stat: required; provider.cloudWatch.metricDataQueries[0].metricStat.metric.metricName: required'],
  ] as [Spec['metricDataQueries'], string][])('%j -> %s', (queries, message) => {
    expect(cloudWatchQueryProblems(queries).join('; ')).toBe(message);
  });

  it('reads periods as Argo\'s IntOrString.IntValue', () => {
    expect(metricDataQueries([{ id: 'a', expression: 'x', period: '300' }, { id: 'b', expression: 'x', period: 'five' }]).map((q) => q.Period)).toEqual([300, 0]);
  });

  it('writes values as Go\'s %+v', () => {
    expect([1, 0.5, 1e-5, 1e21, 123456789, -0.25].map(goFloatV)).toEqual(['1', '0.5', '1e-05', '1e+21', '123456789', '-0.25']);
    const r = (Values: number[]) => ({ Id: '', Label: '', StatusCode: '', Timestamps: [], Values, Messages: [] });
    expect(cloudWatchValue([r([0.5, 1]), r([]), r([2])])).toBe('[[0.5 1] [] [2]]');
  });
});
