// The five kinds of argoproj.io/v1alpha1 and their schemas: the one source from which the
// TypeScript types, the CRDs and validation are all derived.
import type { TSchema } from '@sinclair/typebox';
import { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate } from './analysis.js';
import { Experiment } from './experiment.js';
import { Rollout } from './rollout.js';

export const GROUP = 'argoproj.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

/** What the API server needs to know of a kind besides its schema. */
export interface KindInfo {
  readonly schema: TSchema;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly scope: 'Namespaced' | 'Cluster';
}

export const KINDS = {
  Rollout: { schema: Rollout, plural: 'rollouts', singular: 'rollout', shortNames: ['ro'], scope: 'Namespaced' },
  AnalysisTemplate: {
    schema: AnalysisTemplate,
    plural: 'analysistemplates',
    singular: 'analysistemplate',
    shortNames: ['at'],
    scope: 'Namespaced',
  },
  ClusterAnalysisTemplate: {
    schema: ClusterAnalysisTemplate,
    plural: 'clusteranalysistemplates',
    singular: 'clusteranalysistemplate',
    shortNames: ['cat'],
    scope: 'Cluster',
  },
  AnalysisRun: { schema: AnalysisRun, plural: 'analysisruns', singular: 'analysisrun', shortNames: ['ar'], scope: 'Namespaced' },
  Experiment: { schema: Experiment, plural: 'experiments', singular: 'experiment', shortNames: ['exp'], scope: 'Namespaced' },
} as const satisfies Record<string, KindInfo>;

export type KindName = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as KindName[];

export function isKindName(kind: unknown): kind is KindName {
  return typeof kind === 'string' && Object.hasOwn(KINDS, kind);
}
