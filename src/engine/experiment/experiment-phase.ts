// The phase of an Experiment from its templates and analyses: when it runs, when it ends, and
// with which phase and message.

import type { AnalysisPhase, ExperimentAnalysisRunStatus, ExperimentSpec, TemplateStatus, TemplateStatusCode } from '../../api/types.js';
import { isCompletedPhase, worstPhase } from '../analysis/phases.js';
import { worseTemplateStatus } from './template-status.js';

export const REQUIRED_ANALYSES_COMPLETED = 'Required AnalysisRuns completed';
export const TERMINATED_MESSAGE = 'Experiment was terminated';

export interface ExperimentOutcome {
  readonly phase: AnalysisPhase;
  readonly message?: string;
  /** The experiment is over: its ReplicaSets scale down, unfinished runs stop, Services go. */
  readonly ending: boolean;
}

export interface OutcomeInput {
  readonly spec: Pick<ExperimentSpec, 'analyses' | 'terminate'>;
  readonly templates: readonly TemplateStatus[];
  readonly analyses: readonly ExperimentAnalysisRunStatus[];
  readonly durationPassed: boolean;
}

/** Whether every analysis marked `requiredForCompletion` (at least one) has a Successful run. */
export function requiredAnalysesSucceeded(spec: Pick<ExperimentSpec, 'analyses'>, analyses: readonly ExperimentAnalysisRunStatus[]): boolean {
  const required = (spec.analyses ?? []).filter((a) => a.requiredForCompletion === true);
  return required.length > 0 && required.every((a) => analyses.find((s) => s.name === a.name)?.phase === 'Successful');
}

function hasUnfinishedRequired(spec: Pick<ExperimentSpec, 'analyses'>, analyses: readonly ExperimentAnalysisRunStatus[]): boolean {
  return (spec.analyses ?? []).some((a) => a.requiredForCompletion === true
    && !isCompletedPhase(analyses.find((s) => s.name === a.name)?.phase));
}

/**
 * The phase, first rule that applies:
 *
 *   a template Failed or Error               -> that phase, the template's message; ends
 *   an analysis Failed, Error or Inconclusive -> that phase (the worst), its message; ends
 *   spec.terminate                           -> Successful, "Experiment was terminated"; ends
 *   every required analysis Successful       -> Successful, "Required AnalysisRuns completed"; ends
 *   duration passed, a required one running  -> Running (it waits for the required analyses)
 *   duration passed                          -> Successful; ends
 *   a template not yet available             -> Pending
 *   else                                     -> Running
 *
 * With no duration and no required analysis, an experiment runs until it is terminated or fails.
 */
export function experimentOutcome(input: OutcomeInput): ExperimentOutcome {
  let worstTemplate: TemplateStatusCode = 'Successful';
  let templateMessage: string | undefined;
  for (const t of input.templates) {
    const next = worseTemplateStatus(worstTemplate, t.status);
    if (next !== worstTemplate) {
      worstTemplate = next;
      templateMessage = t.message;
    }
  }
  if (worstTemplate === 'Failed' || worstTemplate === 'Error') return { phase: worstTemplate, ...(templateMessage ? { message: templateMessage } : {}), ending: true };
  let worstRun: AnalysisPhase = 'Successful';
  let runMessage: string | undefined;
  for (const a of input.analyses) {
    if (a.phase !== 'Failed' && a.phase !== 'Error' && a.phase !== 'Inconclusive') continue;
    const next = worstPhase(worstRun, a.phase);
    if (next !== worstRun) {
      worstRun = next;
      runMessage = a.message ? `AnalysisRun '${a.name}' ${a.phase}: ${a.message}` : `AnalysisRun '${a.name}' ${a.phase}`;
    }
  }
  if (worstRun !== 'Successful') return { phase: worstRun, ...(runMessage ? { message: runMessage } : {}), ending: true };
  if (input.spec.terminate === true) return { phase: 'Successful', message: TERMINATED_MESSAGE, ending: true };
  if (requiredAnalysesSucceeded(input.spec, input.analyses)) return { phase: 'Successful', message: REQUIRED_ANALYSES_COMPLETED, ending: true };
  if (input.durationPassed) {
    if (hasUnfinishedRequired(input.spec, input.analyses)) return { phase: 'Running', message: 'The duration has passed; waiting for the required analyses', ending: false };
    return { phase: 'Successful', message: 'The experiment ran for its duration', ending: true };
  }
  if (worstTemplate === 'Progressing' || input.templates.length === 0) return { phase: 'Pending', ending: false };
  return { phase: 'Running', ending: false };
}
