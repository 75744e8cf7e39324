// Blue-green analysis end to end: pre-promotion analysis passing (switch) and failing (abort,
// the active Service never moves), and post-promotion analysis failing (the active Service
// switches back to the previous version, which was kept at full size). Job metrics that kwok
// finishes as told.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BlueGreenWorld, blueGreenRollout, same } from './blue-green-harness.js';
import { SMOKE_TEMPLATE } from './smoke-template.js';

const FAILING_TEMPLATE = `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: broken}
spec:
  metrics:
  - name: broken
    provider:
      job:
        spec:
          backoffLimit: 0
          template:
            metadata: {labels: {sim.kanary.io/outcome: fail}}
            spec: {restartPolicy: Never, containers: [{name: broken, image: busybox}]}
`;

const analysis = (name: string) => ({ templates: [{ templateName: name }] });
let w: BlueGreenWorld;

beforeAll(() => {
  w = new BlueGreenWorld();
});
afterEach(async (ctx) => w.stop(ctx.task.result?.state === 'fail'));
afterAll(async () => w.cleanup());

async function setup(prefix: string, blueGreen: Record<string, unknown>): Promise<string> {
  await w.setup(prefix, `${SMOKE_TEMPLATE}\n---\n${FAILING_TEMPLATE}\n---\n${blueGreenRollout(blueGreen)}`);
  return w.healthy();
}

describe('blue-green analysis on the local control plane', () => {
  it('pre-promotion analysis passing: the switch follows its Successful run', async () => {
    const v1 = await setup('bg-pre-ok', { prePromotionAnalysis: analysis('smoke'), scaleDownDelaySeconds: 2 });
    await w.setImage('demo:2');
    const done = await w.reach('switched after the pre-promotion run', (s) => s.phase === 'Healthy' && s.active !== v1);
    const v2 = await w.hashOf(2);
    expect(done.active).toBe(v2);
    expect(done.blueGreen?.prePromotionAnalysisRunStatus).toEqual({ name: `web-${v2}-2-pre`, status: 'Successful' });
  });

  it('pre-promotion analysis failing: aborted, the active Service unchanged, the preview scaled down', async () => {
    const v1 = await setup('bg-pre-fail', { prePromotionAnalysis: analysis('broken'), abortScaleDownDelaySeconds: 1 });
    await w.setImage('demo:2');
    const aborted = await w.reach('aborted by the pre-promotion run', (s) => s.phase === 'Degraded' && same(s.sizes, { 1: 3, 2: 0 }));
    expect(aborted).toMatchObject({ active: v1, stableRS: v1 });
    expect(aborted.message).toMatch(/^RolloutAborted: Rollout aborted update to revision 2: /);
    expect(aborted.blueGreen?.prePromotionAnalysisRunStatus?.status).toBe('Failed');
  });

  it('post-promotion analysis failing: the active Service switches back to the previous version', async () => {
    const v1 = await setup('bg-post-fail', { postPromotionAnalysis: analysis('broken'), abortScaleDownDelaySeconds: 1 });
    await w.setImage('demo:2');
    const back = await w.reach('switched back after the post-promotion run failed', (s) => s.phase === 'Degraded' && s.active === v1);
    expect(back.stableRS).toBe(v1);
    expect(back.sizes['1']).toBe(3);
    expect(back.blueGreen?.postPromotionAnalysisRunStatus?.status).toBe('Failed');
    await w.reach('the failed version scaled down', (s) => same(s.sizes, { 1: 3, 2: 0 }));
  });
});
