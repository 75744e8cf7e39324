// Pieces both Rollout strategies share: how a Rollout asks for an AnalysisRun (step, background,
// pre/post promotion) and the pod anti-affinity it can inject.
import { Type } from '@sinclair/typebox';
import { Int, Obj, Opt, PodTemplateMetadata, Str, StringEnum } from './common.js';
import { AnalysisTemplateRef, DryRun, MeasurementRetention } from './analysis.js';

/** An argument a Rollout passes to an AnalysisRun; it may come from the Rollout's own state. */
export const AnalysisRunArgument = Obj({
  name: Str(),
  value: Opt(Str()),
  valueFrom: Opt(
    Obj({
      podTemplateHashValue: Opt(StringEnum(['Stable', 'Latest'], 'Pod template hash of the stable or latest ReplicaSet.')),
      fieldRef: Opt(Obj({ fieldPath: Str('A path into the Rollout, e.g. `metadata.labels[\'region\']`.') })),
    }),
  ),
});

/** Labels and annotations added to the AnalysisRuns a Rollout or Experiment creates. */
export const AnalysisRunMetadata = PodTemplateMetadata;

export const RolloutAnalysis = Obj({
  templates: Opt(Type.Array(AnalysisTemplateRef)),
  args: Opt(Type.Array(AnalysisRunArgument)),
  dryRun: Opt(Type.Array(DryRun)),
  measurementRetention: Opt(Type.Array(MeasurementRetention)),
  analysisRunMetadata: Opt(AnalysisRunMetadata),
});

/** A RolloutAnalysis that runs in the background from `startingStep` on (default: step 0). */
export const RolloutAnalysisBackground = Obj({
  ...RolloutAnalysis.properties,
  startingStep: Opt(Int()),
});

export const AntiAffinity = Obj({
  preferredDuringSchedulingIgnoredDuringExecution: Opt(Obj({ weight: Int('1-100.') })),
  requiredDuringSchedulingIgnoredDuringExecution: Opt(Obj({})),
});

