// Every failure of a command turned into one line saying what to do, and an exit code:
// 0 ok, 1 failed (cluster or API trouble, status not healthy), 2 usage or invalid input.

import { ActionError } from '../actions/rollout-actions.js';
import { classify } from '../kube/errors.js';

/** Bad input the user can fix on the command line: exit 2. */
export class UsageError extends Error {}

export interface Failure {
  readonly message: string;
  readonly exitCode: 1 | 2;
}

export interface FailureContext {
  readonly server?: string;
  readonly namespace?: string;
  /** The object the command is about, for "not found" messages. */
  readonly target?: { readonly kind: string; readonly name: string };
}

export function describeFailure(err: unknown, ctx: FailureContext = {}): Failure {
  if (err instanceof UsageError || err instanceof ActionError) return { message: err.message, exitCode: 2 };
  const e = classify(err);
  const server0 = ctx.server ?? 'the configured server';
  // TLS and socket failures carry a Node error code and never reached the API.
  const nodeCode = (err as { code?: unknown } | null)?.code;
  if (e.kind === 'Unknown' && typeof nodeCode === 'string') {
    return { message: `cannot reach the cluster at ${server0}: ${e.message}; check --kubeconfig/--context`, exitCode: 1 };
  }
  const server = ctx.server ?? 'the configured server';
  const where = ctx.namespace !== undefined ? ` in namespace "${ctx.namespace}"` : '';
  switch (e.kind) {
    case 'NotFound':
      if (ctx.target) return { message: `${ctx.target.kind} "${ctx.target.name}" not found${where}`, exitCode: 2 };
      return { message: `not found${where}: ${e.message}`, exitCode: 2 };
    case 'Forbidden':
      if (e.code === 401) return { message: `the cluster at ${server} did not accept our credentials: ${e.message}; check --kubeconfig/--context`, exitCode: 1 };
      return { message: `no permission: ${e.message}; ask for a role that allows it, or use another --context`, exitCode: 1 };
    case 'AlreadyExists':
      return { message: `${e.message}; delete it first or choose another name`, exitCode: 2 };
    case 'Invalid':
      return { message: `the cluster rejected the change: ${e.message}`, exitCode: 2 };
    case 'Conflict':
      return { message: `${ctx.target ? `${ctx.target.kind} "${ctx.target.name}"` : 'the object'} changed while we were updating it; run the command again`, exitCode: 1 };
    case 'Transient':
      if (e.code === 0) return { message: `cannot reach the cluster at ${server}: ${e.message}; check --kubeconfig/--context`, exitCode: 1 };
      return { message: `the cluster at ${server} failed (HTTP ${e.code}): ${e.message}; try again`, exitCode: 1 };
    default:
      return { message: e.message, exitCode: 1 };
  }
}
