// Global setup for the test projects: finds (or, the first time on a machine, builds from its
// pinned Go module) the programs the tests run before any test starts, so a cold build never
// counts against a test's timeout: prometheus for both projects, kubectl and Argo Rollouts' own
// controller (the hand-over tests) for e2e. The paths go into the environment that test workers
// inherit (KANARY_PROMETHEUS, KANARY_KUBECTL, KANARY_ARGO_CONTROLLER).
import type { TestProject } from 'vitest/node';
import { locateTool } from './support/tools.js';

export default function setup(project: TestProject): void {
  locateTool('prometheus');
  if (project.name === 'e2e') {
    locateTool('kubectl');
    locateTool('argo-rollouts-controller');
  }
}
