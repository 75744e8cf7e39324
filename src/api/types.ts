// TypeScript types of argoproj.io/v1alpha1, derived from the schemas so they cannot drift.
// Names follow the API (Argo's Go type names) so code and documentation use the same words.
import type { Static } from '@sinclair/typebox';
import type * as A from './schema/analysis.js';
import type * as C from './schema/canary.js';
import type * as K from './schema/common.js';
import type * as E from './schema/experiment.js';
import type * as P from './schema/metric-providers.js';
import type * as RA from './schema/rollout-analysis.js';
import type * as R from './schema/rollout.js';
import type * as T from './schema/traffic-routing.js';

export type { OwnerReference, PodTemplateSpec } from './schema/common.js';
export type { JobSpec, MetricProviderName } from './schema/metric-providers.js';
export type { CanaryStepKind } from './schema/canary.js';
export type { TrafficRouterName } from './schema/traffic-routing.js';
export type { KindName } from './schema/index.js';

// Shared Kubernetes shapes
export type ObjectMeta = Static<typeof K.ObjectMeta>;
export type LabelSelector = Static<typeof K.LabelSelector>;
export type PodTemplateMetadata = Static<typeof K.PodTemplateMetadata>;
export type IntOrString = number | string;
export type ConditionStatus = Static<typeof K.ConditionStatus>;

// Analysis
export type AnalysisPhase = (typeof K.AnalysisPhaseValues)[number];
export type Argument = Static<typeof A.Argument>;
export type DryRun = Static<typeof A.DryRun>;
export type MeasurementRetention = Static<typeof A.MeasurementRetention>;
export type AnalysisTemplateRef = Static<typeof A.AnalysisTemplateRef>;
export type Metric = Static<typeof A.Metric>;
export type MetricProvider = Static<typeof P.MetricProvider>;
export type PrometheusMetric = Static<typeof P.PrometheusMetric>;
export type WebMetric = Static<typeof P.WebMetric>;
export type JobMetric = Static<typeof P.JobMetric>;
export type DatadogMetric = Static<typeof P.DatadogMetric>;
export type NewRelicMetric = Static<typeof P.NewRelicMetric>;
export type CloudWatchMetric = Static<typeof P.CloudWatchMetric>;
export type GraphiteMetric = Static<typeof P.GraphiteMetric>;
export type InfluxdbMetric = Static<typeof P.InfluxdbMetric>;
export type KayentaMetric = Static<typeof P.KayentaMetric>;
export type WavefrontMetric = Static<typeof P.WavefrontMetric>;
export type SkyWalkingMetric = Static<typeof P.SkyWalkingMetric>;
export type AnalysisTemplateSpec = Static<typeof A.AnalysisTemplateSpec>;
export type AnalysisTemplate = Static<typeof A.AnalysisTemplate>;
export type ClusterAnalysisTemplate = Static<typeof A.ClusterAnalysisTemplate>;
export type AnalysisRunSpec = Static<typeof A.AnalysisRunSpec>;
export type Measurement = Static<typeof A.Measurement>;
export type MetricResult = Static<typeof A.MetricResult>;
export type RunSummary = Static<typeof A.RunSummary>;
export type AnalysisRunStatus = Static<typeof A.AnalysisRunStatus>;
export type AnalysisRun = Static<typeof A.AnalysisRun>;

// Rollout: strategies and steps
export type AnalysisRunArgument = Static<typeof RA.AnalysisRunArgument>;
export type AnalysisRunMetadata = Static<typeof RA.AnalysisRunMetadata>;
export type RolloutAnalysis = Static<typeof RA.RolloutAnalysis>;
export type RolloutAnalysisBackground = Static<typeof RA.RolloutAnalysisBackground>;
export type AntiAffinity = Static<typeof RA.AntiAffinity>;
export type TrafficRouting = Static<typeof T.TrafficRouting>;
export type IstioTrafficRouting = Static<typeof T.IstioTrafficRouting>;
export type NginxTrafficRouting = Static<typeof T.NginxTrafficRouting>;
export type AlbTrafficRouting = Static<typeof T.AlbTrafficRouting>;
export type SmiTrafficRouting = Static<typeof T.SmiTrafficRouting>;
export type AmbassadorTrafficRouting = Static<typeof T.AmbassadorTrafficRouting>;
export type AppMeshTrafficRouting = Static<typeof T.AppMeshTrafficRouting>;
export type TraefikTrafficRouting = Static<typeof T.TraefikTrafficRouting>;
export type ApisixTrafficRouting = Static<typeof T.ApisixTrafficRouting>;
export type GatewayApiTrafficRouting = Static<typeof T.GatewayApiTrafficRouting>;
export type RolloutPause = Static<typeof C.RolloutPause>;
export type SetCanaryScale = Static<typeof C.SetCanaryScale>;
export type SetHeaderRoute = Static<typeof C.SetHeaderRoute>;
export type SetMirrorRoute = Static<typeof C.SetMirrorRoute>;
export type RolloutExperimentTemplate = Static<typeof C.RolloutExperimentTemplate>;
export type RolloutExperimentStepAnalysis = Static<typeof C.RolloutExperimentStepAnalysis>;
export type RolloutExperimentStep = Static<typeof C.RolloutExperimentStep>;
export type CanaryStep = Static<typeof C.CanaryStep>;
export type CanaryStrategy = Static<typeof C.CanaryStrategy>;
export type BlueGreenStrategy = Static<typeof R.BlueGreenStrategy>;
export type RolloutStrategy = Static<typeof R.RolloutStrategy>;
export type WorkloadRef = Static<typeof R.WorkloadRef>;
export type RolloutSpec = Static<typeof R.RolloutSpec>;

// Rollout: status
export type RolloutPhase = (typeof R.RolloutPhaseValues)[number];
export type RolloutConditionType = (typeof R.RolloutConditionTypeValues)[number];
export type PauseReason = (typeof R.PauseReasonValues)[number];
export type PauseCondition = Static<typeof R.PauseCondition>;
export type RolloutCondition = Static<typeof R.RolloutCondition>;
export type RolloutAnalysisRunStatus = Static<typeof R.RolloutAnalysisRunStatus>;
export type TrafficWeights = Static<typeof R.TrafficWeights>;
export type WeightDestination = TrafficWeights['canary'];
export type CanaryStatus = Static<typeof R.CanaryStatus>;
export type BlueGreenStatus = Static<typeof R.BlueGreenStatus>;
export type AlbStatus = Static<typeof R.AlbStatus>;
export type RolloutStatus = Static<typeof R.RolloutStatus>;
export type Rollout = Static<typeof R.Rollout>;

// Experiment
export type ExperimentTemplate = Static<typeof E.ExperimentTemplate>;
export type ExperimentAnalysis = Static<typeof E.ExperimentAnalysis>;
export type ExperimentSpec = Static<typeof E.ExperimentSpec>;
export type TemplateStatusCode = (typeof E.TemplateStatusCodeValues)[number];
export type TemplateStatus = Static<typeof E.TemplateStatus>;
export type ExperimentConditionType = (typeof E.ExperimentConditionTypeValues)[number];
export type ExperimentCondition = Static<typeof E.ExperimentCondition>;
export type ExperimentAnalysisRunStatus = Static<typeof E.ExperimentAnalysisRunStatus>;
export type ExperimentStatus = Static<typeof E.ExperimentStatus>;
export type Experiment = Static<typeof E.Experiment>;

/** Any of the five kinds. */
export type ArgoObject = Rollout | AnalysisTemplate | ClusterAnalysisTemplate | AnalysisRun | Experiment;
