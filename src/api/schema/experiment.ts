// The Experiment: ReplicaSets run side by side for a while, with analyses over them.
import { Type } from '@sinclair/typebox';
import {
  AnalysisPhase,
  Bool,
  ConditionStatus,
  Int,
  KnownString,
  LabelSelector,
  Obj,
  kindHeader,
  Opt,
  PodTemplateSpec,
  Str,
  Timestamp,
} from './common.js';
import { Argument, DryRun, MeasurementRetention } from './analysis.js';
import { AnalysisRunMetadata } from './rollout-analysis.js';

export const ExperimentTemplate = Obj({
  name: Str('Names the ReplicaSet `<experiment>-<template>`.'),
  replicas: Opt(Int('Default 1.')),
  minReadySeconds: Opt(Int()),
  selector: LabelSelector,
  template: PodTemplateSpec,
  service: Opt(Obj({ name: Opt(Str()) }, { description: 'Create a Service for this template.' })),
});

export const ExperimentAnalysis = Obj({
  name: Str(),
  templateName: Str(),
  clusterScope: Opt(Bool()),
  args: Opt(Type.Array(Argument)),
  requiredForCompletion: Opt(Bool('The experiment does not complete before this analysis does.')),
});

export const ExperimentSpec = Obj({
  templates: Type.Array(ExperimentTemplate),
  duration: Opt(Str('How long to run once all templates are available; without it, until stopped.')),
  progressDeadlineSeconds: Opt(Int('Default 600.')),
  terminate: Opt(Bool()),
  analyses: Opt(Type.Array(ExperimentAnalysis)),
  scaleDownDelaySeconds: Opt(Int('Default 30.')),
  dryRun: Opt(Type.Array(DryRun)),
  measurementRetention: Opt(Type.Array(MeasurementRetention)),
  analysisRunMetadata: Opt(AnalysisRunMetadata),
});

export const TemplateStatusCodeValues = ['Progressing', 'Running', 'Successful', 'Failed', 'Error'] as const;

export const TemplateStatus = Obj({
  name: Str(),
  replicas: Int(),
  updatedReplicas: Int(),
  readyReplicas: Int(),
  availableReplicas: Int(),
  collisionCount: Opt(Int()),
  status: Opt(KnownString(TemplateStatusCodeValues)),
  message: Opt(Str()),
  lastTransitionTime: Opt(Timestamp()),
  serviceName: Opt(Str()),
  podTemplateHash: Opt(Str()),
});

export const ExperimentConditionTypeValues = ['InvalidSpec', 'Completed', 'Progressing', 'Running', 'ReplicaFailure'] as const;

export const ExperimentCondition = Obj({
  type: KnownString(ExperimentConditionTypeValues),
  status: ConditionStatus,
  lastUpdateTime: Timestamp(),
  lastTransitionTime: Timestamp(),
  reason: Str(),
  message: Str(),
});

export const ExperimentAnalysisRunStatus = Obj({
  name: Str(),
  analysisRun: Str(),
  phase: AnalysisPhase,
  message: Opt(Str()),
});

export const ExperimentStatus = Obj({
  phase: Opt(AnalysisPhase),
  message: Opt(Str()),
  templateStatuses: Opt(Type.Array(TemplateStatus)),
  availableAt: Opt(Timestamp('When every template became available; the duration counts from here.')),
  conditions: Opt(Type.Array(ExperimentCondition)),
  analysisRuns: Opt(Type.Array(ExperimentAnalysisRunStatus)),
});

export const Experiment = Obj({
  ...kindHeader('Experiment'),
  spec: ExperimentSpec,
  status: Opt(ExperimentStatus),
});
