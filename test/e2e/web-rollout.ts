// The Rollout most e2e tests drive: `web`, selecting `app: web`, one container, canary steps
// given as YAML flow items ('setWeight: 20', 'pause: {}'), and optionally its two Services.

import { parse, stringify } from 'yaml';
import { rolloutFixture } from '../../src/api/rollout-fixture.test-support.js';

export interface WebRolloutOptions {
  readonly steps: readonly string[];
  readonly replicas?: number;
  readonly image?: string;
  /** Add the Services web-stable and web-canary and name them in the strategy. */
  readonly services?: boolean;
  readonly revisionHistoryLimit?: number;
}

export function webRollout(o: WebRolloutOptions): string {
  const services = o.services === true ? `
apiVersion: v1
kind: Service
metadata: {name: web-stable}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-canary}
spec: {selector: {app: web}, ports: [{port: 80}]}
---` : '';
  const rollout = rolloutFixture({
    image: o.image ?? 'demo:1', replicas: o.replicas ?? 5,
    steps: o.steps.map((step) => parse(step) as unknown),
    canary: o.services === true ? { canaryService: 'web-canary', stableService: 'web-stable' } : {},
    spec: o.revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit: o.revisionHistoryLimit },
  });
  return `${services}\n${stringify(rollout)}`;
}
