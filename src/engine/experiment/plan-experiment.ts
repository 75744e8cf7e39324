// The Experiment planner: from a snapshot, what should change. Pure: no I/O, no clock, no
// randomness. Planning again from the state a plan produces changes nothing.

import { formatProblem } from '../../api/problem.js';
import { experimentProblems } from '../../api/semantic/experiment.js';
import type { AnalysisPhase, ExperimentAnalysisRunStatus, ExperimentStatus, TemplateStatus } from '../../api/types.js';
import { isCompletedPhase } from '../analysis/phases.js';
import { formatTimestamp, parseTimestamp } from '../../api/timestamp.js';
import { parseDuration } from '../duration.js';
import { EXPERIMENT_REASONS, removeExperimentCondition, setExperimentCondition } from './experiment-conditions.js';
import { experimentRunFor, unreachableHostHints, type TemplateRefs } from './experiment-analysis.js';
import { analysisRunName } from './experiment-names.js';
import { experimentOutcome } from './experiment-phase.js';
import { orderExperimentActions, type ExperimentAction, type ExperimentEvent, type ExperimentPlan } from './experiment-plan.js';
import type { ExperimentSnapshot } from './experiment-snapshot.js';
import { replicaSetManifest, scaleActions, serviceManifest, serviceNameOf, servicePorts, templateReplicaSet, type TemplateReplicaSet } from './experiment-templates.js';
import { isCompletedTemplate, templateStatusOf } from './template-status.js';
import { DEFAULT_SCALE_DOWN_DELAY_SECONDS } from '../../api/defaults.js';
export { DEFAULT_SCALE_DOWN_DELAY_SECONDS };

export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
/** How long after `availableAt` an analysis may wait for its AnalysisTemplate before it is an Error. */
export const MISSING_TEMPLATE_GRACE_MS = 10_000;
const INVALID_SPEC_RECHECK_MS = 5 * 60_000;

const PHASES: ReadonlySet<string> = new Set(['Pending', 'Running', 'Successful', 'Failed', 'Error', 'Inconclusive']);
const phaseOf = (p: string): AnalysisPhase => (PHASES.has(p) ? (p as AnalysisPhase) : 'Pending');

function invalidSpecPlan(snap: ExperimentSnapshot, message: string): ExperimentPlan {
  const prev = snap.experiment.status ?? {};
  const now = formatTimestamp(snap.now);
  const conditions = setExperimentCondition(prev.conditions ?? [], 'InvalidSpec', 'True', EXPERIMENT_REASONS.invalidSpec, message, now);
  // Never started: it ends as Error. Started: held as it is, nothing is scaled away.
  const status: ExperimentStatus = prev.phase === undefined
    ? { ...prev, phase: 'Error', message: `InvalidSpec: ${message}`, conditions }
    : { ...prev, conditions };
  return { actions: [], status, events: [], notes: [`invalid spec: ${message}`], nextCheckAt: snap.now + INVALID_SPEC_RECHECK_MS };
}

interface TemplatePass {
  readonly statuses: TemplateStatus[];
  readonly replicaSets: Map<string, TemplateReplicaSet>;
}

/** Every template's status, given whether the experiment is ending. */
function templatePass(snap: ExperimentSnapshot, ending: boolean, durationPassed: boolean, pds: number): TemplatePass {
  const prev = snap.experiment.status?.templateStatuses ?? [];
  const nowText = formatTimestamp(snap.now);
  const replicaSets = new Map<string, TemplateReplicaSet>();
  const statuses = snap.experiment.spec.templates.map((t) => {
    const before = prev.find((s) => s.name === t.name);
    const rs = templateReplicaSet(snap, t, before);
    replicaSets.set(t.name, rs);
    let status = templateStatusOf({
      name: t.name, prev: before, replicaSet: rs.observed, desired: t.replicas ?? 1, ending, durationPassed,
      progressDeadlineSeconds: pds, touched: false, now: nowText, nowMs: snap.now,
    });
    if (rs.collisionCount !== undefined) status = { ...status, collisionCount: rs.collisionCount };
    const svc = serviceNameOf(t, rs.name);
    const ours = snap.services[t.name];
    if (svc !== undefined && ours === undefined && !ending && !isCompletedTemplate(status.status) && snap.foreignNames.services.has(svc)) {
      status = { ...status, status: 'Error', message: `Service "${svc}" already exists and is not owned by this experiment (template '${t.name}')` };
    }
    return status;
  });
  return { statuses, replicaSets };
}

/**
 * Plans one reconcile of an Experiment: the ReplicaSets, Services and AnalysisRuns to create,
 * scale, stop or delete, the next status, events, and when to look again.
 */
export function planExperiment(snap: ExperimentSnapshot): ExperimentPlan {
  const { experiment: ex, now } = snap;
  const problems = experimentProblems(ex);
  if (problems.length > 0) return invalidSpecPlan(snap, problems.map(formatProblem).join('; '));
  const spec = ex.spec;
  const prev = ex.status ?? {};
  const name = ex.metadata?.name ?? '';
  const nowText = formatTimestamp(now);
  const pds = spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
  const delayMs = (spec.scaleDownDelaySeconds ?? DEFAULT_SCALE_DOWN_DELAY_SECONDS) * 1000;
  const parsed = spec.duration !== undefined ? parseDuration(spec.duration) : undefined;
  const durationMs = parsed?.ok ? parsed.ms : undefined;
  const wasDone = isCompletedPhase(prev.phase);
  const endingBefore = wasDone || spec.terminate === true;
  let availableAtMs = parseTimestamp(prev.availableAt);
  const passed = (at: number | undefined) => durationMs !== undefined && at !== undefined && now >= at + durationMs;

  // Templates, as if the experiment goes on (unless it was already ending).
  let pass = templatePass(snap, endingBefore, passed(availableAtMs), pds);
  if (availableAtMs === undefined && !endingBefore && pass.statuses.length > 0 && pass.statuses.every((s) => s.status === 'Running')) availableAtMs = now;
  const availableAt = availableAtMs !== undefined ? formatTimestamp(availableAtMs) : undefined;
  const durationPassed = passed(availableAtMs);

  // Analyses: mirrored from their runs; created once every template is available.
  const actions: ExperimentAction[] = [];
  const notes: string[] = [];
  const next: number[] = [];
  const refs: Record<string, { replicaSetName: string; podTemplateHash: string }> = {};
  for (const [t, rs] of pass.replicaSets) refs[t] = { replicaSetName: rs.name, podTemplateHash: rs.podHash };
  // A retried experiment (status cleared) starts new runs beside its old ones: `.1`, `.2`, ...
  const taken = new Set([...snap.foreignNames.analysisRuns, ...Object.keys(snap.analysisRuns)]);
  const analyses: ExperimentAnalysisRunStatus[] = [];
  (spec.analyses ?? []).forEach((analysis, i) => {
    const before = prev.analysisRuns?.find((a) => a.name === analysis.name);
    if (before?.analysisRun) {
      const run = snap.analysisRuns[before.analysisRun];
      if (run) analyses.push({ ...before, phase: phaseOf(run.phase), ...(run.message ? { message: run.message } : {}) });
      else if (isCompletedPhase(before.phase)) analyses.push(before);
      else analyses.push({ ...before, phase: 'Error', message: `AnalysisRun "${before.analysisRun}" not found: it was deleted` });
      return;
    }
    if (before !== undefined) { analyses.push(before); return; }
    if (availableAt === undefined || endingBefore) return;
    const runName = analysisRunName(name, analysis.name, taken);
    taken.add(runName);
    const built = experimentRunFor(ex, analysis, i, runName, snap.templates, refs as TemplateRefs, availableAt);
    if (built.ok) {
      actions.push({ kind: 'createAnalysisRun', name: runName, run: built.run, reason: `every template is available: starting analysis '${analysis.name}'` });
      analyses.push({ name: analysis.name, analysisRun: runName, phase: 'Pending' });
    } else if (built.missing && now < (availableAtMs ?? now) + MISSING_TEMPLATE_GRACE_MS) {
      notes.push(`waiting for ${built.message}`);
      next.push((availableAtMs ?? now) + MISSING_TEMPLATE_GRACE_MS);
    } else {
      analyses.push({ name: analysis.name, analysisRun: '', phase: 'Error', message: built.message });
    }
  });

  const outcome = wasDone
    ? { phase: prev.phase as AnalysisPhase, message: prev.message, ending: true }
    : experimentOutcome({ spec, templates: pass.statuses, analyses, durationPassed });
  const ending = outcome.ending;
  if (ending && !endingBefore) {
    // The templates stop; one that failed (and ended the experiment) keeps its Failed or Error.
    const first = pass.statuses;
    const again = templatePass(snap, true, durationPassed, pds);
    pass = { ...again, statuses: again.statuses.map((s, i) => (first[i]?.status === 'Failed' || first[i]?.status === 'Error' ? first[i]! : s)) };
  }

  // ReplicaSets and Services.
  const statuses = pass.statuses.map((status, i) => {
    const t = spec.templates[i]!;
    const rs = pass.replicaSets.get(t.name)!;
    const desired = ending || isCompletedTemplate(status.status) ? 0 : t.replicas ?? 1;
    let touched = false;
    let out: TemplateStatus = status;
    if (rs.observed === undefined) {
      if (!ending && !isCompletedTemplate(status.status)) {
        actions.push({ kind: 'createReplicaSet', name: rs.name, template: t.name, replicaSet: replicaSetManifest(ex, t, rs, desired), reason: `template '${t.name}' needs its ReplicaSet` });
        touched = true;
      }
    } else {
      const scale = scaleActions({ rs: rs.observed, desired, delayMs, now, template: t.name });
      actions.push(...scale.actions);
      if (scale.nextCheckAt !== undefined) next.push(scale.nextCheckAt);
      touched = scale.actions.length > 0;
    }
    const svcName = serviceNameOf(t, rs.name);
    const ours = snap.services[t.name];
    if (ours !== undefined && (ending || desired === 0)) {
      actions.push({ kind: 'deleteService', name: ours, reason: `the experiment is over: template '${t.name}' takes no more traffic` });
      const { serviceName: _s, podTemplateHash: _h, ...rest } = out;
      out = rest;
    } else if (svcName !== undefined && desired > 0 && out.status !== 'Error') {
      if (ours === undefined) {
        if (servicePorts(t).length > 0) actions.push({ kind: 'createService', name: svcName, template: t.name, service: serviceManifest(ex, t, svcName, rs.podHash), reason: `template '${t.name}' asks for a Service` });
        else notes.push(`template '${t.name}' asks for a Service but its containers declare no ports`);
      }
      if (ours !== undefined || servicePorts(t).length > 0) out = { ...out, serviceName: ours ?? svcName, podTemplateHash: rs.podHash };
    }
    if (touched) out = { ...out, lastTransitionTime: nowText };
    if (!ending && !isCompletedTemplate(out.status) && out.availableReplicas !== desired && out.lastTransitionTime) {
      next.push(Date.parse(out.lastTransitionTime) + pds * 1000 + 1000);
    }
    return out;
  });

  // At the end, unfinished runs stop.
  if (ending) {
    for (const a of analyses) {
      const run = a.analysisRun ? snap.analysisRuns[a.analysisRun] : undefined;
      if (run && !isCompletedPhase(phaseOf(run.phase)) && !run.terminating) {
        actions.push({ kind: 'terminateAnalysisRun', name: run.name, reason: `the experiment is over: stopping analysis '${a.name}'` });
      }
    }
  } else if (availableAtMs !== undefined && durationMs !== undefined && !durationPassed) {
    next.push(availableAtMs + durationMs);
  }

  let message = outcome.message;
  const hints = unreachableHostHints(ex, snap.serviceNames, new Set(statuses.flatMap((s) => (s.serviceName ? [s.serviceName] : []))));
  if (hints.length > 0 && (!ending || outcome.phase !== 'Successful')) message = [message, ...hints].filter(Boolean).join('; ');

  let conditions = removeExperimentCondition(prev.conditions ?? [], 'InvalidSpec');
  const quoted = JSON.stringify(name);
  if (isCompletedPhase(outcome.phase)) conditions = setExperimentCondition(conditions, 'Progressing', 'False', EXPERIMENT_REASONS.completed, `Experiment ${quoted} has successfully ran and completed.`, nowText);
  // A function of the state (not of what changed since the last look), so planning again is a no-op.
  else if (availableAt !== undefined) conditions = setExperimentCondition(conditions, 'Progressing', 'True', EXPERIMENT_REASONS.running, `Experiment ${quoted} is running.`, nowText);
  else conditions = setExperimentCondition(conditions, 'Progressing', 'True', EXPERIMENT_REASONS.progressing, `Experiment ${quoted} is progressing.`, nowText);

  const { message: _m, availableAt: _a, analysisRuns: _r, conditions: _c, ...rest } = prev;
  const status: ExperimentStatus = {
    ...rest,
    phase: outcome.phase,
    ...(message ? { message } : {}),
    templateStatuses: statuses,
    ...(availableAt !== undefined ? { availableAt } : {}),
    ...(analyses.length > 0 ? { analysisRuns: analyses } : {}),
    ...(conditions.length > 0 ? { conditions } : {}),
  };
  const future = next.filter((t) => t > now);
  return {
    actions: orderExperimentActions(actions),
    status,
    events: experimentEvents(prev, status),
    ...(future.length > 0 ? { nextCheckAt: Math.min(...future) } : next.length > 0 ? { nextCheckAt: now + 1000 } : {}),
    notes,
  };
}

/** Argo's events: `Template<Status>` and `AnalysisRun<Phase>` on every transition. */
export function experimentEvents(prev: ExperimentStatus, next: ExperimentStatus): ExperimentEvent[] {
  const events: ExperimentEvent[] = [];
  for (const t of next.templateStatuses ?? []) {
    const before = prev.templateStatuses?.find((p) => p.name === t.name)?.status;
    if (t.status === undefined || t.status === before) continue;
    const text = `Template '${t.name}' transitioned from ${before ?? ''} -> ${t.status}${t.message ? `: ${t.message}` : ''}`;
    events.push({ type: t.status === 'Failed' || t.status === 'Error' ? 'Warning' : 'Normal', reason: `Template${t.status}`, message: text });
  }
  for (const a of next.analysisRuns ?? []) {
    const before = prev.analysisRuns?.find((p) => p.name === a.name)?.phase;
    if (a.phase === before) continue;
    const text = `AnalysisRun '${a.name}' transitioned from ${before ?? ''} -> ${a.phase}${a.message ? `: ${a.message}` : ''}`;
    const warn = a.phase === 'Failed' || a.phase === 'Error' || a.phase === 'Inconclusive';
    events.push({ type: warn ? 'Warning' : 'Normal', reason: `AnalysisRun${a.phase}`, message: text });
  }
  return events;
}
