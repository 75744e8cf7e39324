import { describe, expect, it } from 'vitest';
import { KubeError } from '../kube/errors.js';
import { readRunSecrets, type SecretObject } from './run-secrets.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function secrets(objects: Record<string, SecretObject>, fail?: KubeError) {
  const gets: string[] = [];
  return {
    gets,
    client: {
      get: async (ref: { namespace?: string; name: string }) => {
        gets.push(`${ref.namespace}/${ref.name}`);
        if (fail) throw fail;
        const s = objects[ref.name];
        if (!s) throw new KubeError('NotFound', `secrets "${ref.name}" not found`, 404);
        return s;
      },
    },
  };
}

describe('readRunSecrets', () => {
  it('reads each Secret once, in the run namespace, and decodes the values', async () => {
    const s = secrets({ dd: { data: { api: b64('s3cr3t'), app: b64('k3y') } } });
    const out = await readRunSecrets(s.client, 'team-a', [
      { argName: 'api', secretName: 'dd', key: 'api' },
      { argName: 'app', secretName: 'dd', key: 'app' },
    ]);
    expect(out).toEqual({ ok: true, values: { api: 's3cr3t', app: 'k3y' }, redact: ['s3cr3t', 'k3y'] });
    expect(s.gets).toEqual(['team-a/dd']);
  });

  it('names every missing Secret and key, never a value', async () => {
    const s = secrets({ dd: { data: { api: b64('s3cr3t') } } });
    const out = await readRunSecrets(s.client, 'ns', [
      { argName: 'api', secretName: 'dd', key: 'api' },
      { argName: 'app', secretName: 'dd', key: 'app' },
      { argName: 'tok', secretName: 'gone', key: 'x' },
    ]);
    expect(out).toEqual({
      ok: false,
      message: 'Unable to resolve metric arguments: key "app" not found in secret "dd" (arg "app"); secret "gone" not found (arg "tok")',
    });
    expect(JSON.stringify(out)).not.toContain('s3cr3t');
  });

  it('throws other API failures, so the reconcile retries', async () => {
    const s = secrets({}, new KubeError('Transient', 'connection reset'));
    await expect(readRunSecrets(s.client, 'ns', [{ argName: 'a', secretName: 'dd', key: 'k' }])).rejects.toThrow('connection reset');
  });
});
