import { describe, expect, it } from 'vitest';
import type { CanaryStep } from '../../api/types.js';
import { describeStep } from './steps.js';

// Argo Rollouts' CanaryStepString: how its events and CLI name a step.
describe('describeStep reads as Argo Rollouts prints a step', () => {
  it.each<[string, CanaryStep, string]>([
    ['setWeight', { setWeight: 20 }, 'setWeight: 20'],
    ['indefinite pause', { pause: {} }, 'pause'],
    ['timed pause', { pause: { duration: '30s' } }, 'pause: 30s'],
    ['pause in seconds', { pause: { duration: 60 } as CanaryStep['pause'] }, 'pause: 60'],
    ['setCanaryScale weight', { setCanaryScale: { weight: 20 } }, 'setCanaryScale{weight: 20}'],
    ['setCanaryScale replicas', { setCanaryScale: { replicas: 3 } }, 'setCanaryScale{replicas: 3}'],
    ['setCanaryScale matchTrafficWeight', { setCanaryScale: { matchTrafficWeight: true } }, 'setCanaryScale{matchTrafficWeight: true}'],
    ['analysis', { analysis: { templates: [{ templateName: 'smoke' }] } }, 'analysis'],
    ['experiment', { experiment: { templates: [] } } as unknown as CanaryStep, 'experiment'],
    ['plugin', { plugin: { name: 'acme/step' } } as unknown as CanaryStep, 'plugin: acme/step'],
    ['setHeaderRoute', { setHeaderRoute: { name: 'by-header' } } as unknown as CanaryStep, 'setHeaderRoute: by-header'],
    ['setMirrorRoute', { setMirrorRoute: { name: 'mirror' } } as unknown as CanaryStep, 'setMirrorRoute: mirror'],
    ['an empty step', {} as CanaryStep, 'invalid'],
  ])('%s', (_name, step, want) => {
    expect(describeStep(step)).toBe(want);
  });
});
