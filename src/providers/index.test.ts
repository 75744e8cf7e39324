import { describe, expect, it } from 'vitest';
import { metricProviders, providerFor } from './index.js';

describe('the provider registry', () => {
  it('is keyed by the manifest field names, each provider naming itself the same', () => {
    expect(Object.keys(metricProviders)).toEqual(['prometheus', 'web', 'job']);
    for (const [name, p] of Object.entries(metricProviders)) expect(p.type).toBe(name);
  });

  it('finds the provider a metric selects, or says why not', () => {
    expect(providerFor({ web: { url: 'http://x' } })).toMatchObject({ ok: true, name: 'web', provider: metricProviders.web });
    expect(providerFor({ datadog: { query: 'q' } })).toEqual({
      ok: false, message: 'metric provider "datadog" is not supported by Kanary yet (supported: prometheus, web, job)',
    });
    expect(providerFor({})).toEqual({ ok: false, message: 'a metric needs exactly one provider, got none' });
  });
});
