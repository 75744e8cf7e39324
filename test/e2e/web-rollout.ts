// The Rollout most e2e tests drive: `web`, selecting `app: web`, one container, canary steps
// given as YAML flow items ('setWeight: 20', 'pause: {}'), and optionally its two Services.

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
  return `${services}
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: ${o.replicas ?? 5}${o.revisionHistoryLimit === undefined ? '' : `
  revisionHistoryLimit: ${o.revisionHistoryLimit}`}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "${o.image ?? 'demo:1'}"}]}
  strategy:
    canary:${o.services === true ? `
      canaryService: web-canary
      stableService: web-stable` : ''}
      steps:
${o.steps.map((s) => `      - ${s}`).join('\n')}
`;
}
