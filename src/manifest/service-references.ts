// The Services a Rollout names must exist, and select only labels its pods carry (besides the
// pod-template-hash the controller adds), or they would route to nothing.

import { POD_TEMPLATE_HASH_LABEL as HASH_LABEL } from '../api/labels.js';
import { missingReference, type Problem } from '../api/problem.js';
import { asObj, asStr, at, type Obj } from '../api/semantic/access.js';
import type { ManifestIndex } from './manifest-index.js';

const MANAGED_BY = 'argo-rollouts.argoproj.io/managed-by-rollouts';

interface ServiceRef {
  readonly name: string;
  readonly path: string;
  /** Labels the controller puts on this Service's pods besides the template's (canaryMetadata...). */
  readonly extraLabels: Obj;
}

function refs(spec: Obj): ServiceRef[] {
  const out: ServiceRef[] = [];
  const add = (strategy: 'canary' | 'blueGreen', key: string, metadataKey?: string): void => {
    const s = asObj(at(spec, 'strategy', strategy));
    const name = asStr(s?.[key]);
    if (name === undefined) return;
    const extraLabels = asObj(at(s, metadataKey ?? '', 'labels')) ?? {};
    out.push({ name, path: `spec.strategy.${strategy}.${key}`, extraLabels });
  };
  add('canary', 'canaryService', 'canaryMetadata');
  add('canary', 'stableService', 'stableMetadata');
  add('blueGreen', 'activeService', 'activeMetadata');
  add('blueGreen', 'previewService', 'previewMetadata');
  const pingPong = asObj(at(spec, 'strategy', 'canary', 'pingPong'));
  for (const key of ['pingService', 'pongService']) {
    const name = asStr(pingPong?.[key]);
    if (name !== undefined) out.push({ name, path: `spec.strategy.canary.pingPong.${key}`, extraLabels: {} });
  }
  const root = asStr(at(spec, 'strategy', 'canary', 'trafficRouting', 'alb', 'rootService'));
  if (root !== undefined) out.push({ name: root, path: 'spec.strategy.canary.trafficRouting.alb.rootService', extraLabels: {} });
  return out;
}

export function serviceReferenceProblems(spec: Obj, rolloutName: string | undefined, index: ManifestIndex, namespace: string | undefined): Problem[] {
  if (!index.has('Service')) return [];
  const labels = asObj(at(spec, 'template', 'metadata', 'labels')) ?? {};
  const workloadRef = spec['workloadRef'] !== undefined;
  const out: Problem[] = [];
  for (const ref of refs(spec)) {
    const svc = index.find('Service', ref.name, namespace);
    if (svc === undefined) {
      out.push(missingReference(ref.path, `Service "${ref.name}" not found in the input`));
      continue;
    }
    const manager = asStr(at(svc.object, 'metadata', 'annotations', MANAGED_BY));
    if (manager !== undefined && manager !== rolloutName) {
      out.push({ path: ref.path, message: `Service "${ref.name}" is managed by Rollout "${manager}" (annotation ${MANAGED_BY})` });
    }
    if (workloadRef) continue; // the pod labels come from the referenced workload
    const selector = asObj(at(svc.object, 'spec', 'selector')) ?? {};
    for (const [k, v] of Object.entries(selector)) {
      if (k === HASH_LABEL || labels[k] === v || ref.extraLabels[k] === v) continue;
      out.push({
        path: ref.path,
        message: `Service "${ref.name}" selects ${k}=${String(v)}, a label the pod template does not carry${k in labels ? ` (it has ${k}=${String(labels[k])})` : ''}`,
      });
    }
  }
  return out;
}
