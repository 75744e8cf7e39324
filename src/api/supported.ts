// The one table of what this version of Kanary runs. A manifest may be valid for Argo Rollouts
// and still use something Kanary does not run yet: such a Rollout is held with InvalidSpec
// (never half-done), and `kanary lint` says so. Supporting a feature is flipping its row.

import { childPath, type Problem } from './problem.js';
import type { CanaryStepKind } from './schema/canary.js';
import type { MetricProviderName } from './schema/metric-providers.js';
import { GATEWAY_API_PLUGIN, type TrafficRouterName } from './schema/traffic-routing.js';

/** The kinds Argo Rollouts accepts in `spec.workloadRef.kind`. */
export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'PodTemplate';

/** The blue-green fields with a row of their own. */
export type BlueGreenPodField = 'antiAffinity' | 'activeMetadata' | 'previewMetadata';

/** Whether Kanary runs a feature: `true` for yes, `false` for "held as unsupported". */
type Rows<K extends string> = { readonly [name in K]: boolean };

/**
 * The table. Keys are the manifest's own field names, and every name the API allows has a row
 * (the types make a missing row a compile error).
 */
export const SUPPORTED = {
  strategies: { canary: true, blueGreen: true } satisfies Rows<'canary' | 'blueGreen'>,
  /** Fields of `spec.strategy.blueGreen` that change pods rather than which pods serve. */
  blueGreenFields: { antiAffinity: true, activeMetadata: true, previewMetadata: true } satisfies Rows<BlueGreenPodField>,
  canarySteps: {
    setWeight: true,
    pause: true,
    setCanaryScale: true,
    analysis: true,
    experiment: true,
    setHeaderRoute: true,
    setMirrorRoute: true,
    plugin: false,
  } satisfies Rows<CanaryStepKind>,
  /** Must name exactly the routers in `src/traffic/index.ts` (a unit test checks it). */
  trafficRouters: {
    istio: true,
    nginx: true,
    alb: true,
    smi: true,
    ambassador: true,
    appMesh: false,
    traefik: true,
    apisix: true,
    /** Each plugin by name has its row below; a plugin not listed there is held. */
    plugins: true,
  } satisfies Rows<TrafficRouterName>,
  /**
   * The routers that create the routes of `setHeaderRoute` and `setMirrorRoute` steps, among those
   * Argo Rollouts does it with (the others, NGINX and Traefik among them, ignore such steps there
   * and here: Argo's validation refuses the step unless one of these routers is named). A Rollout whose
   * router has `false` is held. Must match the routers' optional `managedRoutes` member in
   * `src/traffic/` (a unit test checks it).
   */
  routeSteps: {
    setHeaderRoute: { istio: true, alb: true, apisix: true, plugins: true } satisfies Partial<Rows<TrafficRouterName>>,
    setMirrorRoute: { istio: true } satisfies Partial<Rows<TrafficRouterName>>,
  },
  /**
   * The routers that send an experiment step's weighted templates (`templates[].weight`) their
   * share, among those Argo Rollouts does it with (ALB, SMI, Istio). A Rollout whose router has
   * `false` is held. Must match the routers' optional `routesAdditionalDestinations` (a unit test checks it).
   */
  experimentWeights: { istio: true, alb: true, smi: true, nginx: false, traefik: false } satisfies Partial<Rows<TrafficRouterName>>,
  /** `trafficRouting.plugins` by plugin name: the plugins Kanary runs in-tree (`src/traffic/index.ts`). */
  trafficRouterPlugins: { [GATEWAY_API_PLUGIN]: true } satisfies Rows<typeof GATEWAY_API_PLUGIN>,
  /** Must name exactly the providers in `src/providers/index.ts` (a unit test checks it). */
  metricProviders: {
    prometheus: true,
    web: true,
    job: true,
    datadog: true,
    newRelic: true,
    cloudWatch: true,
    graphite: true,
    influxdb: true,
    kayenta: true,
    wavefront: true,
    skywalking: true,
    plugin: false,
  } satisfies Rows<MetricProviderName>,
  /** `spec.workloadRef` by the kind it names: a Rollout that takes its pod template from that workload. */
  workloadRef: { Deployment: true, ReplicaSet: false, PodTemplate: false } satisfies Rows<WorkloadKind>,
} as const;

export const NOT_SUPPORTED = 'is not supported by this version of Kanary yet; the rollout is held as it is';

/** A finding about a feature the table says Kanary does not run. */
export function unsupportedProblem(path: string, message: string = NOT_SUPPORTED): Problem {
  return { path, message, kind: 'unsupported' };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The keys of `block` that are set and whose row in `rows` says unsupported. */
function unsupportedKeys(block: unknown, rows: Readonly<Record<string, boolean>>): string[] {
  if (!isObject(block)) return [];
  return Object.keys(block).filter((k) => block[k] !== undefined && Object.hasOwn(rows, k) && rows[k] === false);
}

/** Every feature a Rollout uses that this version does not run, each with its field path. */
export function unsupportedRolloutProblems(rollout: unknown): Problem[] {
  const spec = isObject(rollout) ? rollout['spec'] : undefined;
  if (!isObject(spec)) return [];
  const out: Problem[] = [];
  const workloadKind = isObject(spec['workloadRef']) ? spec['workloadRef']['kind'] : undefined;
  if (typeof workloadKind === 'string' && Object.hasOwn(SUPPORTED.workloadRef, workloadKind) && !SUPPORTED.workloadRef[workloadKind as WorkloadKind]) {
    out.push(unsupportedProblem('spec.workloadRef.kind', `a workload of kind ${workloadKind} ${NOT_SUPPORTED}`));
  }
  const strategy = spec['strategy'];
  for (const name of unsupportedKeys(strategy, SUPPORTED.strategies)) out.push(unsupportedProblem(`spec.strategy.${name}`));
  const blueGreen = isObject(strategy) ? strategy['blueGreen'] : undefined;
  for (const name of unsupportedKeys(blueGreen, SUPPORTED.blueGreenFields)) out.push(unsupportedProblem(`spec.strategy.blueGreen.${name}`));
  const canary = isObject(strategy) ? strategy['canary'] : undefined;
  if (!isObject(canary)) return out;
  const trafficRouting = canary['trafficRouting'];
  for (const name of unsupportedKeys(trafficRouting, SUPPORTED.trafficRouters)) {
    out.push(unsupportedProblem(`spec.strategy.canary.trafficRouting.${name}`));
  }
  const plugins = isObject(trafficRouting) ? trafficRouting['plugins'] : undefined;
  if (isObject(plugins)) {
    for (const name of Object.keys(plugins).filter((k) => plugins[k] !== undefined && !Object.hasOwn(SUPPORTED.trafficRouterPlugins, k))) {
      out.push(unsupportedProblem(childPath('spec.strategy.canary.trafficRouting.plugins', name), `traffic router plugin "${name}" ${NOT_SUPPORTED}`));
    }
  }
  const steps = canary['steps'];
  if (Array.isArray(steps)) {
    steps.forEach((step, i) => {
      for (const kind of unsupportedKeys(step, SUPPORTED.canarySteps)) out.push(unsupportedProblem(`spec.strategy.canary.steps[${i}].${kind}`));
      out.push(...routeStepProblems(step, `spec.strategy.canary.steps[${i}]`, canary['trafficRouting']));
      out.push(...experimentWeightProblems(step, `spec.strategy.canary.steps[${i}].experiment`, canary['trafficRouting']));
    });
  }
  return out;
}

/** The routers named in `trafficRouting` that run in this version but whose row in `rows` says no. */
function routersLacking(trafficRouting: Record<string, unknown>, rows: Readonly<Record<string, boolean>>): string[] {
  return Object.keys(trafficRouting)
    .filter((router) => trafficRouting[router] !== undefined && SUPPORTED.trafficRouters[router as TrafficRouterName] === true && rows[router] === false);
}

/** Weighted templates of an experiment step whose router runs, but does not route experiment weights, in this version. */
function experimentWeightProblems(step: unknown, path: string, trafficRouting: unknown): Problem[] {
  const experiment = isObject(step) ? step['experiment'] : undefined;
  const templates = isObject(experiment) ? experiment['templates'] : undefined;
  if (!Array.isArray(templates) || !isObject(trafficRouting)) return [];
  const lacking = routersLacking(trafficRouting, SUPPORTED.experimentWeights);
  return templates.flatMap((t, j) => (isObject(t) && t['weight'] !== undefined ? lacking : [])
    .map((router) => unsupportedProblem(`${path}.templates[${j}].weight`, `router "${router}" does not route experiment weights in this version of Kanary yet; the rollout is held as it is`)));
}

/** A header or mirror route step whose router runs, but not that step, in this version. */
function routeStepProblems(step: unknown, path: string, trafficRouting: unknown): Problem[] {
  if (!isObject(step) || !isObject(trafficRouting)) return [];
  return (['setHeaderRoute', 'setMirrorRoute'] as const).flatMap((kind) => {
    if (step[kind] === undefined) return [];
    return routersLacking(trafficRouting, SUPPORTED.routeSteps[kind]).map((router) => unsupportedProblem(`${path}.${kind}`, `router "${router}" does not create ${kind === 'setHeaderRoute' ? 'header' : 'mirror'} routes in this version of Kanary yet; the rollout is held as it is`));
  });
}

/** The metric providers a template or run uses that this version does not run, by field path under `spec`. */
export function unsupportedMetricProblems(obj: unknown): Problem[] {
  const spec = isObject(obj) ? obj['spec'] : undefined;
  const metrics = isObject(spec) ? spec['metrics'] : undefined;
  if (!Array.isArray(metrics)) return [];
  return metrics.flatMap((metric, i) => (isObject(metric) ? unsupportedKeys(metric['provider'], SUPPORTED.metricProviders) : [])
    .map((name) => unsupportedProblem(`spec.metrics[${i}].provider.${name}`, `metric provider "${name}" is not supported by this version of Kanary yet`)));
}

const BY_KIND: Readonly<Record<string, (obj: unknown) => Problem[]>> = {
  Rollout: unsupportedRolloutProblems,
  AnalysisTemplate: unsupportedMetricProblems,
  ClusterAnalysisTemplate: unsupportedMetricProblems,
  AnalysisRun: unsupportedMetricProblems,
};

/** Every feature one object uses that this version does not run, chosen by its `kind`. */
export function unsupportedProblems(obj: unknown): Problem[] {
  const kind = isObject(obj) ? obj['kind'] : undefined;
  const rule = typeof kind === 'string' ? BY_KIND[kind] : undefined;
  return rule === undefined ? [] : rule(obj);
}
