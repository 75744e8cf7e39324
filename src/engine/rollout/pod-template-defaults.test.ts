import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPodSpecDefaults, type JsonObject } from './pod-template-defaults.js';

function defaulted(spec: JsonObject): JsonObject {
  const copy = structuredClone(spec);
  applyPodSpecDefaults(copy);
  return copy;
}

describe('applyPodSpecDefaults', () => {
  it('writes what the API server writes into a pod template', () => {
    expect(defaulted({ containers: [{ name: 'a', image: 'x:1', ports: [{ containerPort: 80 }], livenessProbe: { tcpSocket: { port: 80 } } }] })).toEqual({
      containers: [{
        name: 'a', image: 'x:1', imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        livenessProbe: { tcpSocket: { port: 80 }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      }],
      dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', securityContext: {}, terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler',
    });
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['localhost:5000/nginx', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['nginx@sha256:0123abcd', 'IfNotPresent'],
    ['localhost:5000/team/nginx:1.25', 'IfNotPresent'],
  ])('image %s is pulled %s', (image, policy) => {
    const spec = defaulted({ containers: [{ name: 'a', image }] });
    expect((spec.containers as JsonObject[])[0]?.imagePullPolicy).toBe(policy);
  });

  it('keeps values that are set', () => {
    const spec = { containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Never' }], restartPolicy: 'Never', terminationGracePeriodSeconds: 0 };
    expect(defaulted(spec)).toMatchObject(spec);
  });

  it('defaults volumes and their sources', () => {
    expect(defaulted({ volumes: [{ name: 'e' }, { name: 's', secret: { secretName: 's' } }, { name: 't', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }] }).volumes).toEqual([
      { name: 'e', emptyDir: {} },
      { name: 's', secret: { secretName: 's', defaultMode: 420 } },
      { name: 't', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }] } },
    ]);
  });

  it('is idempotent', () => {
    const container = fc.record({
      name: fc.constant('c'),
      image: fc.constantFrom('nginx', 'nginx:1.25', 'r:5000/app@sha256:ab'),
      ports: fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }) }), { maxLength: 2 }),
      resources: fc.record({ limits: fc.record({ cpu: fc.constantFrom('1', '0.5', '250m'), memory: fc.constantFrom('1Gi', '512Mi', '1e9') }) }),
      readinessProbe: fc.constantFrom(undefined, { httpGet: { port: 8080 } }, { exec: { command: ['true'] } }),
    });
    fc.assert(fc.property(fc.array(container, { minLength: 1, maxLength: 3 }), (containers) => {
      const once = defaulted({ containers });
      return JSON.stringify(defaulted(once)) === JSON.stringify(once);
    }));
  });
});
