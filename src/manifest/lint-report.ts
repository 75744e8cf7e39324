// Lints a set of manifest texts: every argoproj.io document is validated (schema, semantics,
// references to the other documents); the result is the lines `kanary lint` prints. Pure.

import { formatProblem, type Problem } from '../api/problem.js';
import { unsupportedProblems } from '../api/supported.js';
import { validateManifest } from '../api/validate.js';
import { conditionProblems } from './condition-problems.js';
import { loadManifests, type ManifestDoc } from './load.js';
import { indexManifests } from './manifest-index.js';
import { referenceProblems } from './references.js';

export interface SourceText {
  readonly fileName: string;
  readonly text: string;
}

export interface LintReport {
  /** `file:line:col  Kind/name  field.path: message`, one per problem. */
  readonly problems: string[];
  /**
   * `file:line:col  Kind/name  field.path: message` for each feature this version of Kanary does
   * not run (api/supported.ts): valid for Argo Rollouts, so not a problem, but the controller
   * holds such a Rollout with InvalidSpec.
   */
  readonly unsupported: string[];
  /** `file:line:col  message` for text that is not YAML. */
  readonly errors: string[];
  /** argoproj.io documents checked. */
  readonly checked: number;
  /** All documents read. */
  readonly documents: number;
}

/** Whether a document is ours to validate; the others are only referenced. */
export function isArgoDocument(doc: ManifestDoc): boolean {
  return doc.apiVersion?.startsWith('argoproj.io/') === true;
}

function problemLines(doc: ManifestDoc, problems: readonly Problem[]): string[] {
  const who = `${doc.kind ?? '(no kind)'}/${doc.name ?? '(no name)'}`;
  const located = problems.map((p) => ({ pos: doc.locate(p.path), p }));
  located.sort((a, b) => a.pos.line - b.pos.line || a.pos.col - b.pos.col);
  const lines = located.map(({ pos, p }) => `${doc.fileName}:${pos.line}:${pos.col}  ${who}  ${formatProblem(p)}`);
  return [...new Set(lines)];
}

/** A problem on each argoproj.io object that repeats the kind, namespace and name of an earlier one. */
function duplicateProblems(docs: readonly ManifestDoc[]): Map<ManifestDoc, Problem[]> {
  const first = new Map<string, ManifestDoc>();
  const out = new Map<ManifestDoc, Problem[]>();
  for (const doc of docs) {
    if (!isArgoDocument(doc) || doc.name === undefined) continue;
    const key = `${doc.kind ?? ''}/${doc.namespace ?? ''}/${doc.name}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, doc);
      continue;
    }
    const at = earlier.locate('metadata.name');
    out.set(doc, [{ path: 'metadata.name', message: `another ${doc.kind ?? 'object'} named "${doc.name}" is defined at ${earlier.fileName}:${at.line}:${at.col}` }]);
  }
  return out;
}

/**
 * Reference problems of one document. A reference resolves against every input, but is judged
 * missing only when the document's own file holds objects of that kind: files applied one by one
 * (as the seed articles do) must not fault each other.
 */
function references(doc: ManifestDoc, all: ReturnType<typeof indexManifests>, byFile: Map<string, ReturnType<typeof indexManifests>>): Problem[] {
  const own = byFile.get(doc.fileName);
  if (own === undefined) return [];
  const inFile = new Set(referenceProblems(doc.object, own).map(formatProblem));
  return referenceProblems(doc.object, all).filter((p) => inFile.has(formatProblem(p)));
}

/** Lints every document of every source against the whole set. */
export function lintSources(sources: readonly SourceText[]): LintReport {
  const docs: ManifestDoc[] = [];
  const errors: string[] = [];
  for (const s of sources) {
    const loaded = loadManifests(s.text, s.fileName);
    docs.push(...loaded.docs);
    errors.push(...loaded.errors.map((e) => `${e.fileName}:${e.line}:${e.col}  ${e.message}`));
  }
  const index = indexManifests(docs.map((d) => d.object));
  const fileIndexes = new Map<string, ReturnType<typeof indexManifests>>();
  for (const name of new Set(docs.map((d) => d.fileName))) {
    fileIndexes.set(name, indexManifests(docs.filter((d) => d.fileName === name).map((d) => d.object)));
  }
  const duplicates = duplicateProblems(docs);
  const problems: string[] = [];
  const unsupported: string[] = [];
  let checked = 0;
  for (const doc of docs) {
    if (!isArgoDocument(doc)) continue;
    checked++;
    const found = [
      ...validateManifest(doc.object), ...conditionProblems(doc.object), ...references(doc, index, fileIndexes), ...(duplicates.get(doc) ?? []),
    ];
    problems.push(...problemLines(doc, found));
    unsupported.push(...problemLines(doc, unsupportedProblems(doc.object)));
  }
  return { problems, unsupported, errors, checked, documents: docs.length };
}
