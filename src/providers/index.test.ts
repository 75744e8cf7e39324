import { describe, expect, it } from 'vitest';
import { SUPPORTED } from '../api/supported.js';
import { metricProviders, providerFor } from './index.js';

describe('the provider registry', () => {
  it('is keyed by the manifest field names, each provider naming itself the same', () => {
    for (const [name, p] of Object.entries(metricProviders)) expect(p.type).toBe(name);
  });

  it('holds exactly the providers the supported table marks as supported', () => {
    const supported = Object.entries(SUPPORTED.metricProviders).filter(([, yes]) => yes).map(([name]) => name);
    expect(Object.keys(metricProviders).sort()).toEqual(supported.sort());
  });

  it('finds the provider a metric selects, or says why not', () => {
    expect(providerFor({ web: { url: 'http://x' } })).toMatchObject({ ok: true, name: 'web', provider: metricProviders.web });
    // `plugin` stays unsupported: Argo's metric plugins are Go binaries Kanary cannot load.
    expect(providerFor({ plugin: { 'argoproj-labs/sample': {} } })).toEqual({
      ok: false, message: `metric provider "plugin" is not supported by Kanary yet (supported: ${Object.keys(metricProviders).join(', ')})`,
    });
    expect(providerFor({})).toEqual({ ok: false, message: 'a metric needs exactly one provider, got none' });
  });
});
