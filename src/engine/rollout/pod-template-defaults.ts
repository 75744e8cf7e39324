// The defaults the API server writes into a pod template (k8s.io/kubernetes pkg/apis/core/v1
// defaults.go, the PodTemplate defaulters), so a Rollout's `spec.template` as written can be
// compared with a ReplicaSet's template as stored. Argo's PodTemplateEqualIgnoreHash does the
// same with SetObjectDefaults_PodTemplate.

/** A JSON object as it comes from a manifest or the API. */
export type JsonObject = { [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function setDefault(target: JsonObject, key: string, value: unknown): void {
  if (target[key] === undefined || target[key] === null || target[key] === '') target[key] = value;
}

// The tag an image is pulled by: 'latest' when it names neither a tag nor a digest.
function imageTag(image: string): string {
  if (image.includes('@')) return '';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon === -1 ? 'latest' : lastSegment.slice(colon + 1);
}

function defaultHttpGet(handler: unknown): void {
  if (!isObject(handler) || !isObject(handler.httpGet)) return;
  setDefault(handler.httpGet, 'path', '/');
  setDefault(handler.httpGet, 'scheme', 'HTTP');
}

function defaultProbe(probe: unknown): void {
  if (!isObject(probe)) return;
  for (const [key, value] of [['timeoutSeconds', 1], ['periodSeconds', 10], ['successThreshold', 1], ['failureThreshold', 3]] as const) {
    if (probe[key] === undefined || probe[key] === null || probe[key] === 0) probe[key] = value;
  }
  defaultHttpGet(probe);
}

function defaultFieldRef(source: unknown): void {
  if (isObject(source) && isObject(source.fieldRef)) setDefault(source.fieldRef, 'apiVersion', 'v1');
}

function defaultResources(resources: unknown): void {
  if (!isObject(resources)) return;
  for (const key of ['limits', 'requests']) {
    const list = resources[key];
    if (!isObject(list)) continue;
    for (const [name, quantity] of Object.entries(list)) list[name] = canonicalQuantity(quantity);
  }
}

function defaultContainer(container: JsonObject): void {
  if (typeof container.image === 'string' && (container.imagePullPolicy === undefined || container.imagePullPolicy === '')) {
    container.imagePullPolicy = imageTag(container.image) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  for (const port of objects(container.ports)) setDefault(port, 'protocol', 'TCP');
  for (const env of objects(container.env)) defaultFieldRef(env.valueFrom);
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(container[key]);
  if (isObject(container.lifecycle)) {
    defaultHttpGet(container.lifecycle.postStart);
    defaultHttpGet(container.lifecycle.preStop);
  }
  defaultResources(container.resources);
}

const VOLUME_MODE_DEFAULTS = ['secret', 'configMap', 'downwardAPI', 'projected'];
const VOLUME_FIELD_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  hostPath: { type: '' },
  iscsi: { iscsiInterface: 'default' },
  rbd: { pool: 'rbd', user: 'admin', keyring: '/etc/ceph/keyring' },
  azureDisk: { cachingMode: 'ReadWrite', fsType: 'ext4', readOnly: false, kind: 'Shared' },
  scaleIO: { storageMode: 'ThinProvisioned', fsType: 'xfs' },
};

function defaultVolume(volume: JsonObject): void {
  const sources = Object.keys(volume).filter((key) => key !== 'name' && volume[key] !== undefined && volume[key] !== null);
  if (sources.length === 0) volume.emptyDir = {};
  for (const key of VOLUME_MODE_DEFAULTS) if (isObject(volume[key])) setDefault(volume[key], 'defaultMode', 420);
  for (const [key, defaults] of Object.entries(VOLUME_FIELD_DEFAULTS)) {
    const source = volume[key];
    if (isObject(source)) for (const [field, value] of Object.entries(defaults)) if (source[field] === undefined) source[field] = value;
  }
  if (isObject(volume.downwardAPI)) for (const item of objects(volume.downwardAPI.items)) defaultFieldRef(item);
  if (isObject(volume.projected)) {
    for (const source of objects(volume.projected.sources)) {
      if (isObject(source.serviceAccountToken)) setDefault(source.serviceAccountToken, 'expirationSeconds', 3600);
      if (isObject(source.downwardAPI)) for (const item of objects(source.downwardAPI.items)) defaultFieldRef(item);
    }
  }
  if (isObject(volume.emptyDir) && volume.emptyDir.sizeLimit !== undefined) {
    volume.emptyDir.sizeLimit = canonicalQuantity(volume.emptyDir.sizeLimit);
  }
}

/**
 * Writes the API server's defaults into a pod spec, in place: restartPolicy Always, dnsPolicy
 * ClusterFirst, schedulerName default-scheduler, terminationGracePeriodSeconds 30, an empty
 * securityContext; per container imagePullPolicy (Always for `:latest` or no tag, else
 * IfNotPresent), terminationMessagePath/Policy, port protocol TCP, probe timings, httpGet path
 * and scheme, fieldRef apiVersion; volume defaultMode 0644 and the like; resource quantities
 * rounded up to milli-units and spelled one way (`'0.5'` and `'500m'` are the same).
 * Applying it twice changes nothing.
 */
export function applyPodSpecDefaults(spec: JsonObject): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  if (spec.securityContext === undefined || spec.securityContext === null) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) for (const c of objects(spec[key])) defaultContainer(c);
  for (const volume of objects(spec.volumes)) defaultVolume(volume);
  defaultResources(spec.resources);
  if (isObject(spec.overhead)) for (const [name, q] of Object.entries(spec.overhead)) spec.overhead[name] = canonicalQuantity(q);
}

const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/**
 * A Kubernetes resource quantity rounded up to milli-units and written as an integer count of
 * milli-units (`'1'`, `'1000m'` and `'0.9999m'` all become `'1000m'`), so equal quantities
 * compare equal. A value that is not a quantity is returned unchanged.
 */
export function canonicalQuantity(value: unknown): unknown {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return value;
  const match = QUANTITY.exec(text);
  if (match === null) return value;
  const [, sign = '', whole = '', fraction = '', suffix, exponent] = match;
  if (whole === '' && fraction === '') return value;
  // value = digits * 10^(decimalExp) * 2^(binaryExp), digits an integer; kept exact in BigInt.
  let numerator = BigInt(`${whole}${fraction}` || '0') * 1000n; // in milli-units
  let decimalExp = -fraction.length;
  let binaryExp = 0;
  if (suffix !== undefined && suffix in BINARY_SUFFIX) binaryExp = BINARY_SUFFIX[suffix] ?? 0;
  else if (suffix !== undefined) decimalExp += DECIMAL_SUFFIX[suffix] ?? 0;
  else if (exponent !== undefined) decimalExp += Number(exponent);
  if (Math.abs(decimalExp) > 1000) return value;
  numerator *= 2n ** BigInt(binaryExp);
  let milli: bigint;
  if (decimalExp >= 0) milli = numerator * 10n ** BigInt(decimalExp);
  else {
    const divisor = 10n ** BigInt(-decimalExp);
    milli = numerator / divisor + (numerator % divisor === 0n ? 0n : 1n);
  }
  if (milli === 0n) return '0';
  return `${sign === '-' ? '-' : ''}${milli}m`;
}
