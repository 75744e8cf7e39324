import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalQuantity } from './pod-template-defaults.js';
import { fnv1a32, podTemplateHash, POD_TEMPLATE_HASH_LABEL, SAFE_ALPHABET, safeEncodeString, sameTemplate } from './pod-template-hash.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

// A Rollout's template as a user writes it.
const written = {
  metadata: { labels: { app: 'demo' } },
  spec: {
    containers: [{
      name: 'demo',
      image: 'argoproj/rollouts-demo:blue',
      ports: [{ name: 'http', containerPort: 8080 }],
      resources: { requests: { memory: '32Mi', cpu: '5m' } },
      readinessProbe: { httpGet: { port: 8080 } },
    }],
  },
};

// The same template inside a ReplicaSet read back from the API server (defaulted, hash-labelled).
const stored = {
  metadata: { creationTimestamp: null, labels: { app: 'demo', [POD_TEMPLATE_HASH_LABEL]: '6d4f8b7c9' } },
  spec: {
    containers: [{
      image: 'argoproj/rollouts-demo:blue',
      imagePullPolicy: 'IfNotPresent',
      name: 'demo',
      ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
      readinessProbe: {
        failureThreshold: 3,
        httpGet: { path: '/', port: 8080, scheme: 'HTTP' },
        periodSeconds: 10,
        successThreshold: 1,
        timeoutSeconds: 1,
      },
      resources: { requests: { cpu: '5m', memory: '32Mi' } },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    }],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
  },
};

function withImage(image: string): typeof written {
  return { ...written, spec: { containers: [{ ...written.spec.containers[0]!, image }] } };
}

// Rebuilds every object with its keys in a fast-check-chosen order.
function shuffledKeys(value: unknown, order: readonly number[]): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffledKeys(item, order));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const keyed = entries.map((entry, i) => ({ entry, rank: order[i % Math.max(order.length, 1)] ?? i }));
  keyed.sort((a, b) => a.rank - b.rank);
  return Object.fromEntries(keyed.map(({ entry: [k, v] }) => [k, shuffledKeys(v, order)]));
}

describe('fnv1a32 and safeEncodeString', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('FNV-1a 32 test vector %j', (text, expected) => {
    expect(fnv1a32(utf8(text))).toBe(expected);
  });
  it('maps decimal digits as Kubernetes does', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
});

describe('podTemplateHash', () => {
  it('is pinned: the same template hashes the same in every process and version', () => {
    expect(podTemplateHash(written)).toBe(podTemplateHash(structuredClone(written)));
    expect(podTemplateHash(written)).toMatchInlineSnapshot(`"555464cbd"`);
    expect(podTemplateHash({})).toMatchInlineSnapshot(`"5859f96865"`);
  });
  it('ignores the hash label, key order and fields the API server defaults', () => {
    expect(podTemplateHash(stored)).toBe(podTemplateHash(written));
  });
  it('mixes in collisionCount, and 0 differs from unset as in Kubernetes', () => {
    const hashes = new Set([podTemplateHash(written), podTemplateHash(written, 0), podTemplateHash(written, 1), podTemplateHash(written, 2)]);
    expect(hashes.size).toBe(4);
  });
  it('changing the image changes the hash', () => {
    expect(podTemplateHash(withImage('argoproj/rollouts-demo:green'))).not.toBe(podTemplateHash(written));
  });

  const image = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}:[a-z0-9.]{1,8}$/);
  it('is one alphabet character per decimal digit of a uint32: at most 10', () => {
    fc.assert(fc.property(image, fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }), (img, collisions) => {
      const hash = podTemplateHash(withImage(img), collisions);
      return hash.length >= 1 && hash.length <= 10 && [...hash].every((c) => SAFE_ALPHABET.includes(c)) && /^[456789bcdf]+$/.test(hash);
    }));
  });
  it('is deterministic and independent of key order', () => {
    fc.assert(fc.property(image, fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 12 }), (img, order) => {
      const template = withImage(img);
      return podTemplateHash(template) === podTemplateHash(shuffledKeys(template, order)) && podTemplateHash(template) === podTemplateHash(structuredClone(template));
    }));
  });
  it('different images give different hashes', () => {
    fc.assert(fc.property(image, image, (a, b) => a === b || podTemplateHash(withImage(a)) !== podTemplateHash(withImage(b))));
  });
});

describe('sameTemplate', () => {
  const rows: [string, unknown, unknown, boolean][] = [
    ['a ReplicaSet template read back from the API server', written, stored, true],
    ['key order', { spec: { containers: [{ name: 'a', image: 'x:1' }] }, metadata: { labels: { b: '2', a: '1' } } },
      { metadata: { labels: { a: '1', b: '2' } }, spec: { containers: [{ image: 'x:1', name: 'a' }] } }, true],
    ['empty versus missing maps and lists', { metadata: { labels: {}, annotations: {} }, spec: { containers: [{ name: 'a', image: 'x:1', env: [] }] } },
      { spec: { containers: [{ name: 'a', image: 'x:1' }] } }, true],
    ['null versus missing', { metadata: { creationTimestamp: null }, spec: { containers: [{ name: 'a', image: 'x:1', args: null }] } },
      { spec: { containers: [{ name: 'a', image: 'x:1' }] } }, true],
    ['the hash label', { metadata: { labels: { app: 'a', [POD_TEMPLATE_HASH_LABEL]: 'abc' } } },
      { metadata: { labels: { app: 'a', [POD_TEMPLATE_HASH_LABEL]: 'xyz' } } }, true],
    ['quantities spelled differently', { spec: { containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '0.5', memory: '1Gi' } } }] } },
      { spec: { containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '500m', memory: '1073741824' } } }] } }, true],
    ['an untagged image is pulled Always', { spec: { containers: [{ name: 'a', image: 'nginx' }] } },
      { spec: { containers: [{ name: 'a', image: 'nginx', imagePullPolicy: 'Always' }] } }, true],
    ['a tagged image is pulled IfNotPresent', { spec: { containers: [{ name: 'a', image: 'registry:5000/nginx:1.25' }] } },
      { spec: { containers: [{ name: 'a', image: 'registry:5000/nginx:1.25', imagePullPolicy: 'IfNotPresent' }] } }, true],
    ['a volume without a source is an emptyDir', { spec: { volumes: [{ name: 'tmp' }] } }, { spec: { volumes: [{ name: 'tmp', emptyDir: {} }] } }, true],
    ['a configMap volume gets defaultMode 0644', { spec: { volumes: [{ name: 'c', configMap: { name: 'cm' } }] } },
      { spec: { volumes: [{ name: 'c', configMap: { name: 'cm', defaultMode: 420 } }] } }, true],
    ['a fieldRef gets apiVersion v1', { spec: { containers: [{ name: 'a', image: 'x:1', env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }] } },
      { spec: { containers: [{ name: 'a', image: 'x:1', env: [{ name: 'N', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }] }] } }, true],
    ['a different image', withImage('argoproj/rollouts-demo:green'), stored, false],
    ['a different label value', { metadata: { labels: { app: 'a' } } }, { metadata: { labels: { app: 'b' } } }, false],
    ['a different env order (order matters to Kubernetes)', { spec: { containers: [{ name: 'a', image: 'x:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] } },
      { spec: { containers: [{ name: 'a', image: 'x:1', env: [{ name: 'B', value: '2' }, { name: 'A', value: '1' }] }] } }, false],
    ['a non-default value of a defaulted field', { spec: { containers: [{ name: 'a', image: 'x:1' }] } },
      { spec: { containers: [{ name: 'a', image: 'x:1' }], terminationGracePeriodSeconds: 60 } }, false],
    ['an explicit pull policy that differs from the default', { spec: { containers: [{ name: 'a', image: 'x:1' }] } },
      { spec: { containers: [{ name: 'a', image: 'x:1', imagePullPolicy: 'Always' }] } }, false],
  ];
  it.each(rows)('%s', (_name, a, b, same) => {
    expect(sameTemplate(a, b)).toBe(same);
    expect(sameTemplate(b, a)).toBe(same);
  });

  it('can leave out ephemeral canary/stable metadata', () => {
    const live = { metadata: { labels: { app: 'a', role: 'canary' }, annotations: { note: 'x' } } };
    expect(sameTemplate({ metadata: { labels: { app: 'a' } } }, live)).toBe(false);
    expect(sameTemplate({ metadata: { labels: { app: 'a' } } }, live, { labels: ['role'], annotations: ['note'] })).toBe(true);
  });

  it('equal templates have equal hashes, whatever the key order', () => {
    fc.assert(fc.property(fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 12 }), (order) => {
      const shuffled = shuffledKeys(stored, order);
      return sameTemplate(written, shuffled) && podTemplateHash(shuffled) === podTemplateHash(written);
    }));
  });

  it('does not modify its arguments', () => {
    const copy = structuredClone(written);
    sameTemplate(written, stored);
    podTemplateHash(written);
    expect(written).toEqual(copy);
  });
});

describe('canonicalQuantity', () => {
  it.each([
    ['1', '1000m'], ['1000m', '1000m'], ['0.5', '500m'], ['500m', '500m'], ['0.0001', '1m'], ['1Ki', '1024000m'],
    ['1k', '1000000m'], ['1e3', '1000000m'], ['1.5Gi', '1610612736000m'], ['0', '0'], ['0m', '0'], [2, '2000m'], ['lots', 'lots'],
  ])('%j is %j', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });
});
