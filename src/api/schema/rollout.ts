// The Rollout: its spec (pod template, strategy) and the status the controller writes, field for
// field as Argo Rollouts writes it so Argo CD health checks and existing tools keep working.
import { Type } from '@sinclair/typebox';
import {
  AnalysisPhase,
  Bool,
  ConditionStatus,
  EXACTLY_ONE,
  Int,
  IntOrString,
  KnownString,
  LabelSelector,
  Obj,
  kindHeader,
  Opt,
  PodTemplateMetadata,
  PodTemplateSpec,
  Preserve,
  Str,
  StringEnum,
  Timestamp,
} from './common.js';
import { AntiAffinity, RolloutAnalysis } from './rollout-analysis.js';
import { CanaryStrategy } from './canary.js';

export const BlueGreenStrategy = Obj({
  activeService: Str('Service that receives production traffic.'),
  previewService: Opt(Str('Service that points at the new version before promotion.')),
  previewReplicaCount: Opt(Int('Replicas of the new version before promotion (default spec.replicas).')),
  autoPromotionEnabled: Opt(Bool('Promote without a pause (default true).')),
  autoPromotionSeconds: Opt(Int('Promote automatically this long after the preview is ready.')),
  maxUnavailable: Opt(IntOrString('Default 25%.')),
  scaleDownDelaySeconds: Opt(Int('Delay before the old ReplicaSet scales down (default 30).')),
  scaleDownDelayRevisionLimit: Opt(Int()),
  prePromotionAnalysis: Opt(RolloutAnalysis),
  postPromotionAnalysis: Opt(RolloutAnalysis),
  antiAffinity: Opt(AntiAffinity),
  previewMetadata: Opt(PodTemplateMetadata),
  activeMetadata: Opt(PodTemplateMetadata),
  abortScaleDownDelaySeconds: Opt(Int('Delay before an aborted preview scales down; 0 never (default 30).')),
});

export const RolloutStrategy = Obj(
  { canary: Opt(CanaryStrategy), blueGreen: Opt(BlueGreenStrategy) },
  { [EXACTLY_ONE]: ['canary', 'blueGreen'] },
);

export const WorkloadRef = Obj({
  apiVersion: Opt(Str()),
  kind: Opt(Str()),
  name: Opt(Str()),
  scaleDown: Opt(StringEnum(['never', 'onsuccess', 'progressively'], 'What happens to the referenced Deployment.')),
});

export const RolloutSpec = Obj({
  replicas: Opt(Int('Desired pods (default 1).')),
  selector: Opt(LabelSelector),
  template: Opt(PodTemplateSpec),
  workloadRef: Opt(WorkloadRef),
  minReadySeconds: Opt(Int()),
  revisionHistoryLimit: Opt(Int('Old ReplicaSets kept (default 10).')),
  paused: Opt(Bool('Set by a user to stop the rollout where it is.')),
  progressDeadlineSeconds: Opt(Int('Seconds an update may go without progress (default 600).')),
  progressDeadlineAbort: Opt(Bool('Abort when the progress deadline passes.')),
  restartAt: Opt(Timestamp('Pods created before this time are restarted.')),
  rollbackWindow: Opt(Obj({ revisions: Opt(Int()) })),
  analysis: Opt(
    Obj({
      successfulRunHistoryLimit: Opt(Int('Default 5.')),
      unsuccessfulRunHistoryLimit: Opt(Int('Default 5.')),
    }),
  ),
  strategy: RolloutStrategy,
});

export const RolloutPhaseValues = ['Healthy', 'Degraded', 'Progressing', 'Paused'] as const;
export const RolloutConditionTypeValues = [
  'InvalidSpec',
  'Available',
  'Progressing',
  'ReplicaFailure',
  'Paused',
  'Completed',
  'Healthy',
] as const;
export const PauseReasonValues = ['InconclusiveAnalysisRun', 'InconclusiveExperiment', 'CanaryPauseStep', 'BlueGreenPause'] as const;

export const PauseCondition = Obj({ reason: KnownString(PauseReasonValues), startTime: Timestamp() });

export const RolloutCondition = Obj({
  type: KnownString(RolloutConditionTypeValues),
  status: ConditionStatus,
  lastUpdateTime: Timestamp(),
  lastTransitionTime: Timestamp(),
  reason: Str(),
  message: Str(),
});

export const RolloutAnalysisRunStatus = Obj({ name: Str(), status: AnalysisPhase, message: Opt(Str()) });

const WeightDestination = Obj({ weight: Int(), serviceName: Opt(Str()), podTemplateHash: Opt(Str()) });

export const TrafficWeights = Obj({
  canary: WeightDestination,
  stable: WeightDestination,
  additional: Opt(Type.Array(WeightDestination)),
  verified: Opt(Bool()),
});

export const CanaryStatus = Obj({
  currentStepAnalysisRunStatus: Opt(RolloutAnalysisRunStatus),
  currentBackgroundAnalysisRunStatus: Opt(RolloutAnalysisRunStatus),
  currentExperiment: Opt(Str()),
  weights: Opt(TrafficWeights),
  stablePingPong: Opt(KnownString(['ping', 'pong'] as const)),
  stepPluginStatuses: Opt(Type.Array(Preserve())),
});

export const BlueGreenStatus = Obj({
  previewSelector: Opt(Str()),
  activeSelector: Opt(Str()),
  scaleUpPreviewCheckPoint: Opt(Bool()),
  prePromotionAnalysisRunStatus: Opt(RolloutAnalysisRunStatus),
  postPromotionAnalysisRunStatus: Opt(RolloutAnalysisRunStatus),
});

const AwsResourceRef = Obj({ name: Str(), arn: Str(), fullName: Opt(Str()) });

export const AlbStatus = Obj({
  loadBalancer: Opt(AwsResourceRef),
  canaryTargetGroup: Opt(AwsResourceRef),
  stableTargetGroup: Opt(AwsResourceRef),
  ingress: Opt(Str()),
});

export const RolloutStatus = Obj({
  phase: Opt(KnownString(RolloutPhaseValues)),
  message: Opt(Str()),
  abort: Opt(Bool('Set by a user (or the controller) to abort the update.')),
  abortedAt: Opt(Timestamp()),
  pauseConditions: Opt(Type.Array(PauseCondition)),
  controllerPause: Opt(Bool()),
  promoteFull: Opt(Bool('Skip all remaining steps, analyses and pauses.')),
  currentPodHash: Opt(Str()),
  currentStepHash: Opt(Str()),
  currentStepIndex: Opt(Int()),
  stableRS: Opt(Str('Pod template hash of the stable ReplicaSet.')),
  restartedAt: Opt(Timestamp()),
  replicas: Opt(Int()),
  updatedReplicas: Opt(Int()),
  readyReplicas: Opt(Int()),
  availableReplicas: Opt(Int()),
  HPAReplicas: Opt(Int('Pods receiving production traffic; the scale subresource reports these.')),
  selector: Opt(Str('Label selector of those pods, as a string, for the scale subresource.')),
  collisionCount: Opt(Int()),
  // A string in Argo's API (unlike Deployment's integer): tools compare it to metadata.generation as text.
  observedGeneration: Opt(Str()),
  workloadObservedGeneration: Opt(Str()),
  conditions: Opt(Type.Array(RolloutCondition)),
  canary: Opt(CanaryStatus),
  blueGreen: Opt(BlueGreenStatus),
  alb: Opt(AlbStatus),
  albs: Opt(Type.Array(AlbStatus)),
});

export const Rollout = Obj({
  ...kindHeader('Rollout'),
  spec: RolloutSpec,
  status: Opt(RolloutStatus),
});
