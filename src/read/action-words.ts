// What an action did, in the words both front ends show after it succeeds.

import type { PromoteOutcome } from '../actions/rollout-actions.js';

const PROMOTED: Record<PromoteOutcome, (name: string) => string> = {
  'unpaused': (n) => `rollout "${n}" resumed (it was paused by a user)`,
  'skipped-pause': (n) => `rollout "${n}" promoted: the pause is over`,
  'skipped-step': (n) => `rollout "${n}" promoted: the current step is skipped`,
  'promoted-full': (n) => `rollout "${n}" fully promoted: every remaining step is skipped`,
  'nothing-to-promote': (n) => `rollout "${n}" has no update in progress: nothing to promote`,
};

export function promotedText(outcome: PromoteOutcome, name: string): string {
  return PROMOTED[outcome](name);
}
