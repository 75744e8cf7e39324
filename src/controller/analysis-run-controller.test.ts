import { describe, expect, it } from 'vitest';
import { analysisRunController, ANALYSIS_THREADS_DEFAULT } from './analysis-run-controller.js';
import { rolloutController } from './rollout-controller.js';

describe('the AnalysisRun queue', () => {
  it('measures as many runs at once as Argo Rollouts\' --analysis-threads default, 30', () => {
    expect(ANALYSIS_THREADS_DEFAULT).toBe(30);
    expect(analysisRunController.queue({}).workers).toBe(30);
  });

  it('takes --analysis-threads, and --workers stays the Rollouts\'', () => {
    expect(analysisRunController.queue({ workers: 4, analysisThreads: 50 }).workers).toBe(50);
    expect(rolloutController.queue({ workers: 4, analysisThreads: 50 }).workers).toBe(4);
  });
});
