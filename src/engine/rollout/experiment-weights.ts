// The additional weighted destinations of an experiment step (`weight` on its templates): each
// such template's Service gets that share of the traffic beside the canary while the experiment
// runs (Argo's calculateWeightDestinationsFromExperiment). Pure.

import type { CanaryStep, TemplateStatus, WeightDestination } from '../../api/types.js';

export interface ExperimentWeightInput {
  readonly steps: readonly CanaryStep[];
  /** `status.currentStepIndex` after this plan's step machine. */
  readonly currentStepIndex: number;
  /** Aborted, fully promoted or promoted with --full: no experiment takes traffic. */
  readonly settled: boolean;
  /** The step's current Experiment (`status.canary.currentExperiment`), if observed. */
  readonly experiment?: { readonly phase: string; readonly templateStatuses?: readonly Partial<TemplateStatus>[] };
}

/**
 * While the current step is an experiment and its Experiment is Running (every template's pods
 * available), one destination per template with a `weight`: its Service, pod-template hash and
 * weight. A template whose Service does not exist yet, or with no available pod, gets none:
 * traffic never goes where nothing can serve it.
 *
 *   step [baseline w5, canary w5], Experiment Running, both Services up -> [baseline 5, canary 5]
 *   same, Experiment Pending                                            -> []
 *   step [baseline w5, canary (no weight)]                              -> [baseline 5]
 */
export function experimentWeightDestinations(input: ExperimentWeightInput): WeightDestination[] {
  const step = input.steps[input.currentStepIndex]?.experiment;
  if (input.settled || !step || input.experiment?.phase !== 'Running') return [];
  return step.templates.flatMap((t): WeightDestination[] => {
    if (t.weight === undefined) return [];
    const status = input.experiment?.templateStatuses?.find((s) => s.name === t.name);
    if (!status?.serviceName || !status.podTemplateHash || (status.availableReplicas ?? 0) === 0) return [];
    return [{ weight: t.weight, serviceName: status.serviceName, podTemplateHash: status.podTemplateHash }];
  });
}
