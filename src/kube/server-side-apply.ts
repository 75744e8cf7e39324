// Server-side apply of arbitrary objects over raw HTTPS. Used for CRDs and install manifests:
// the typed client's model serialization drops schema extensions such as x-kubernetes-int-or-string.
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface ApplyTarget {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

/** The REST path of an object: core (`v1`) and group (`apps/v1`) kinds, namespaced or not. */
export function resourcePath(obj: ApplyTarget, plural: string): string {
  const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const ns = obj.metadata.namespace ? `/namespaces/${encodeURIComponent(obj.metadata.namespace)}` : '';
  return `${base}${ns}/${plural}/${encodeURIComponent(obj.metadata.name)}`;
}

/** Sends one HTTPS request with the kubeconfig's credentials; resolves the parsed JSON body. */
export async function requestJson(kc: KubeConfig, method: string, path: string, body?: string, contentType = 'application/json'): Promise<unknown> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(cluster.server + path);
  const opts: https.RequestOptions = {
    method,
    hostname: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': contentType } : {}) },
  };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = https.request(opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const parsed: unknown = text ? JSON.parse(text) : undefined;
        if ((res.statusCode ?? 500) >= 400) {
          const message = (parsed as { message?: string } | undefined)?.message ?? text;
          reject(Object.assign(new Error(`${method} ${path}: ${res.statusCode}: ${message}`), { code: res.statusCode, body: parsed }));
        } else resolve(parsed);
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Server-side applies `obj` (creating or updating it) as field manager `kanary`, forcing conflicts. */
export async function serverSideApply(kc: KubeConfig, obj: ApplyTarget, plural: string): Promise<unknown> {
  const path = `${resourcePath(obj, plural)}?fieldManager=kanary&force=true`;
  return requestJson(kc, 'PATCH', path, JSON.stringify(obj), 'application/apply-patch+yaml');
}
