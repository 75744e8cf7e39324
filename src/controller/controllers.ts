// The controllers this process runs, in the order they start and stop. Adding one (an
// Experiment controller) is its own file and one line here.

import { analysisRunController } from './analysis-run-controller.js';
import type { ControllerRegistration } from './controller.js';
import { experimentController } from './experiment-controller.js';
import { rolloutController } from './rollout-controller.js';

export const CONTROLLERS: readonly ControllerRegistration[] = [
  rolloutController,
  analysisRunController,
  experimentController,
];
