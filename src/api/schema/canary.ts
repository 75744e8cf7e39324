// `spec.strategy.canary`: the canary strategy and its steps.
import { Type } from '@sinclair/typebox';
import {
  Bool,
  EXACTLY_ONE,
  Int,
  IntOrString,
  LabelSelector,
  Obj,
  Opt,
  PodTemplateMetadata,
  Preserve,
  Str,
  StringEnum,
  MapOf,
} from './common.js';
import { AnalysisRunArgument, AnalysisRunMetadata, AntiAffinity, RolloutAnalysis, RolloutAnalysisBackground } from './rollout-analysis.js';
import { DryRun } from './analysis.js';
import { TrafficRouting } from './traffic-routing.js';

const StringMatch = Obj({ exact: Opt(Str()), prefix: Opt(Str()), regex: Opt(Str()) });

export const RolloutPause = Obj({
  duration: Opt(IntOrString('Seconds (60), or a duration (`30s`, `5m`, `1h`); without it, wait for promotion.')),
});

export const SetCanaryScale = Obj({
  weight: Opt(Int('Percent of spec.replicas for the canary, independent of traffic.')),
  replicas: Opt(Int('Exact canary replica count, independent of traffic.')),
  matchTrafficWeight: Opt(Bool('Scale the canary to the traffic weight again (the default).')),
});

export const SetHeaderRoute = Obj({
  name: Opt(Str('A route listed in trafficRouting.managedRoutes.')),
  match: Opt(Type.Array(Obj({ headerName: Str(), headerValue: StringMatch }))),
});

export const SetMirrorRoute = Obj({
  name: Str(),
  match: Opt(
    Type.Array(
      Obj({
        method: Opt(StringMatch),
        path: Opt(StringMatch),
        headers: Opt(MapOf(StringMatch)),
      }),
    ),
  ),
  percentage: Opt(Int()),
});

export const RolloutExperimentTemplate = Obj({
  name: Str(),
  specRef: StringEnum(['stable', 'canary'], 'Which ReplicaSet\'s pod template this template runs.'),
  replicas: Opt(Int()),
  metadata: Opt(PodTemplateMetadata),
  selector: Opt(LabelSelector),
  weight: Opt(Int('Percent of traffic routed to this template (traffic routing only).')),
  service: Opt(Obj({ name: Opt(Str()) })),
});

export const RolloutExperimentStepAnalysis = Obj({
  name: Str(),
  templateName: Str(),
  clusterScope: Opt(Bool()),
  args: Opt(Type.Array(AnalysisRunArgument)),
  requiredForCompletion: Opt(Bool()),
  analysisRunMetadata: Opt(AnalysisRunMetadata),
});

export const RolloutExperimentStep = Obj({
  templates: Type.Array(RolloutExperimentTemplate),
  duration: Opt(Str('How long the experiment runs (`30s`, `5m`, `1h`).')),
  analyses: Opt(Type.Array(RolloutExperimentStepAnalysis)),
  dryRun: Opt(Type.Array(DryRun)),
  analysisRunMetadata: Opt(AnalysisRunMetadata),
});

/** The step kinds; a step sets exactly one of them. */
export const CANARY_STEP_KINDS = [
  'setWeight',
  'pause',
  'setCanaryScale',
  'analysis',
  'experiment',
  'setHeaderRoute',
  'setMirrorRoute',
  'plugin',
] as const;
export type CanaryStepKind = (typeof CANARY_STEP_KINDS)[number];

export const CanaryStep = Obj(
  {
    setWeight: Opt(Int('Percent of traffic (or of replicas, without traffic routing) for the canary.')),
    pause: Opt(RolloutPause),
    setCanaryScale: Opt(SetCanaryScale),
    analysis: Opt(RolloutAnalysis),
    experiment: Opt(RolloutExperimentStep),
    setHeaderRoute: Opt(SetHeaderRoute),
    setMirrorRoute: Opt(SetMirrorRoute),
    plugin: Opt(Obj({ name: Str(), config: Opt(Preserve()) })),
  },
  { [EXACTLY_ONE]: [...CANARY_STEP_KINDS] },
);

export const CanaryStrategy = Obj({
  canaryService: Opt(Str('Service the controller points at canary pods.')),
  stableService: Opt(Str('Service the controller points at stable pods.')),
  pingPong: Opt(Obj({ pingService: Str(), pongService: Str() })),
  steps: Opt(Type.Array(CanaryStep)),
  trafficRouting: Opt(TrafficRouting),
  maxSurge: Opt(IntOrString('Pods above spec.replicas during an update (default 25%).')),
  maxUnavailable: Opt(IntOrString('Pods below spec.replicas during an update (default 25%).')),
  analysis: Opt(RolloutAnalysisBackground),
  antiAffinity: Opt(AntiAffinity),
  canaryMetadata: Opt(PodTemplateMetadata),
  stableMetadata: Opt(PodTemplateMetadata),
  scaleDownDelaySeconds: Opt(Int('With traffic routing: delay before the old ReplicaSet scales down (default 30).')),
  scaleDownDelayRevisionLimit: Opt(Int()),
  abortScaleDownDelaySeconds: Opt(Int('With traffic routing: delay before an aborted canary scales down; 0 never (default 30).')),
  dynamicStableScale: Opt(Bool('Scale the stable ReplicaSet down as traffic moves to the canary.')),
  minPodsPerReplicaSet: Opt(Int('With traffic routing: at least this many pods per non-empty ReplicaSet (default 1).')),
  replicaProgressThreshold: Opt(
    Obj({
      type: StringEnum(['Pod', 'Percent']),
      value: Int(),
    }, { description: 'Available canary pods needed to go on to the next step (default all).' }),
  ),
});
