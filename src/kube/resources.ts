// The resource types Kanary reads and writes, with the URL paths the apiserver serves them at.
// Static descriptors: no discovery call before the first request.

export interface ResourceType {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The lower-case plural in the URL. */
  plural: string;
  namespaced: boolean;
  /**
   * Status is written on the object itself: the type has no `/status` subresource. Argo Rollouts'
   * CRDs give one to Rollouts only, not to AnalysisRuns, Experiments or templates.
   */
  statusInline?: boolean;
}

const t = (group: string, version: string, kind: string, plural: string, namespaced = true): ResourceType =>
  ({ group, version, kind, plural, namespaced });
const inline = (r: ResourceType): ResourceType => ({ ...r, statusInline: true });

/** Every kind the controller, CLI and dashboard touch, keyed by kind. */
export const kinds = {
  Rollout: t('argoproj.io', 'v1alpha1', 'Rollout', 'rollouts'),
  AnalysisTemplate: inline(t('argoproj.io', 'v1alpha1', 'AnalysisTemplate', 'analysistemplates')),
  ClusterAnalysisTemplate: inline(t('argoproj.io', 'v1alpha1', 'ClusterAnalysisTemplate', 'clusteranalysistemplates', false)),
  AnalysisRun: inline(t('argoproj.io', 'v1alpha1', 'AnalysisRun', 'analysisruns')),
  Experiment: inline(t('argoproj.io', 'v1alpha1', 'Experiment', 'experiments')),
  Pod: t('', 'v1', 'Pod', 'pods'),
  Service: t('', 'v1', 'Service', 'services'),
  ConfigMap: t('', 'v1', 'ConfigMap', 'configmaps'),
  Secret: t('', 'v1', 'Secret', 'secrets'),
  Event: t('', 'v1', 'Event', 'events'),
  Namespace: t('', 'v1', 'Namespace', 'namespaces', false),
  Node: t('', 'v1', 'Node', 'nodes', false),
  ReplicaSet: t('apps', 'v1', 'ReplicaSet', 'replicasets'),
  Deployment: t('apps', 'v1', 'Deployment', 'deployments'),
  Job: t('batch', 'v1', 'Job', 'jobs'),
  Lease: t('coordination.k8s.io', 'v1', 'Lease', 'leases'),
  CustomResourceDefinition: t('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
  Ingress: t('networking.k8s.io', 'v1', 'Ingress', 'ingresses'),
  HorizontalPodAutoscaler: t('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'),
  PodDisruptionBudget: t('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets'),
  VirtualService: t('networking.istio.io', 'v1beta1', 'VirtualService', 'virtualservices'),
  DestinationRule: t('networking.istio.io', 'v1beta1', 'DestinationRule', 'destinationrules'),
  HTTPRoute: t('gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'httproutes'),
  GRPCRoute: t('gateway.networking.k8s.io', 'v1', 'GRPCRoute', 'grpcroutes'),
  TCPRoute: t('gateway.networking.k8s.io', 'v1', 'TCPRoute', 'tcproutes'),
  TLSRoute: t('gateway.networking.k8s.io', 'v1', 'TLSRoute', 'tlsroutes'),
  TrafficSplit: t('split.smi-spec.io', 'v1alpha3', 'TrafficSplit', 'trafficsplits'),
  ApisixRoute: t('apisix.apache.org', 'v2', 'ApisixRoute', 'apisixroutes'),
  Mapping: t('getambassador.io', 'v2', 'Mapping', 'mappings'),
  TraefikService: t('traefik.io', 'v1alpha1', 'TraefikService', 'traefikservices'),
} as const satisfies Record<string, ResourceType>;

export type KnownKind = keyof typeof kinds;

/** `group/version`, or `version` for the core group: the objects' `apiVersion`. */
export function apiVersionOf(r: ResourceType): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/**
 * The same kind at another `apiVersion`: a bare version keeps the group (`v1alpha1` of
 * split.smi-spec.io), `group/version` names another group serving the kind (Traefik's
 * TraefikService is `traefik.io/v1alpha1` since Traefik v3, `traefik.containo.us/v1alpha1` before).
 */
export function atApiVersion(base: ResourceType, apiVersion: string): ResourceType {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { ...base, version: apiVersion } : { ...base, group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The URL path of a collection or of one object. A namespaced type without a namespace gives the
 * all-namespaces collection.
 *
 * resourcePath(kinds.Pod, 'web')           -> /api/v1/namespaces/web/pods
 * resourcePath(kinds.Rollout, 'web', 'r1') -> /apis/argoproj.io/v1alpha1/namespaces/web/rollouts/r1
 * resourcePath(kinds.Rollout)              -> /apis/argoproj.io/v1alpha1/rollouts
 */
export function resourcePath(r: ResourceType, namespace?: string, name?: string, subresource?: string): string {
  const root = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  if (r.namespaced && name !== undefined && !namespace) throw new Error(`${r.kind} ${name}: namespace required`);
  const obj = name !== undefined ? `/${encodeURIComponent(name)}` : '';
  const sub = subresource && name !== undefined ? `/${subresource}` : '';
  return `${root}${ns}/${r.plural}${obj}${sub}`;
}

/** The informer and work-queue key of an object: `namespace/name`, or `name` when cluster-scoped. */
export function objectKey(obj: { metadata?: { namespace?: string; name?: string } }): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name ?? ''}` : obj.metadata?.name ?? '';
}

/** Splits a key made by `objectKey`. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
