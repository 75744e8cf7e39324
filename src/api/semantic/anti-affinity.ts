// `antiAffinity` on canary and blue-green strategies: exactly one kind, and a valid weight.

import { childPath, type Problem } from '../problem.js';
import { asNum, asObj, isSet } from './access.js';

export function antiAffinityProblems(v: unknown, path: string): Problem[] {
  const a = asObj(v);
  if (a === undefined) return [];
  const pref = 'preferredDuringSchedulingIgnoredDuringExecution';
  const req = 'requiredDuringSchedulingIgnoredDuringExecution';
  const out: Problem[] = [];
  if (isSet(a[pref]) === isSet(a[req])) {
    out.push({ path, message: `must set exactly one of ${pref} or ${req}, found ${isSet(a[pref]) ? 'both' : 'none'}` });
  }
  const w = asNum(asObj(a[pref])?.['weight']);
  if (w !== undefined && (w < 1 || w > 100)) {
    out.push({ path: childPath(childPath(path, pref), 'weight'), message: `must be 1-100, got ${w}` });
  }
  return out;
}
