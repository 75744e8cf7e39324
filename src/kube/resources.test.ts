import { describe, expect, it } from 'vitest';
import { apiVersionOf, atApiVersion, kinds, resourcePath } from './resources.js';

describe('atApiVersion', () => {
  it.each([
    ['a bare version keeps the group', kinds.TrafficSplit, 'v1alpha1', 'split.smi-spec.io/v1alpha1', '/apis/split.smi-spec.io/v1alpha1/namespaces/shop/trafficsplits/web'],
    ['group/version names another group serving the kind', kinds.TraefikService, 'traefik.containo.us/v1alpha1', 'traefik.containo.us/v1alpha1', '/apis/traefik.containo.us/v1alpha1/namespaces/shop/traefikservices/web'],
    ['the kind\'s own group/version is the kind as it is', kinds.TraefikService, 'traefik.io/v1alpha1', 'traefik.io/v1alpha1', '/apis/traefik.io/v1alpha1/namespaces/shop/traefikservices/web'],
  ])('%s', (_name, base, apiVersion, want, path) => {
    const type = atApiVersion(base, apiVersion);
    expect(apiVersionOf(type)).toBe(want);
    expect(resourcePath(type, 'shop', 'web')).toBe(path);
    expect({ kind: type.kind, plural: type.plural, namespaced: type.namespaced }).toEqual({ kind: base.kind, plural: base.plural, namespaced: base.namespaced });
  });

  it('leaves the base type as it was', () => {
    atApiVersion(kinds.TraefikService, 'traefik.containo.us/v1alpha1');
    expect(apiVersionOf(kinds.TraefikService)).toBe('traefik.io/v1alpha1');
  });
});
