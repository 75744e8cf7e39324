// Every failure of a read or an action turned into one line saying what to do, with the exit code
// the CLI returns (1 cluster or API trouble, 2 usage or invalid input) and the HTTP status the
// dashboard answers: the one mapping of the error taxonomy to both outlets.

import { ActionError } from '../actions/rollout-actions.js';
import { classify } from '../kube/errors.js';

/** Bad input the user can fix (a flag, a form field): exit 2, HTTP 400. */
export class UsageError extends Error {}

export interface Failure {
  readonly message: string;
  readonly exitCode: 1 | 2;
  readonly httpStatus: number;
}

export interface FailureContext {
  readonly server?: string;
  readonly namespace?: string;
  /** The object the command is about, for "not found" messages. */
  readonly target?: { readonly kind: string; readonly name: string };
}

function failure(message: string, exitCode: 1 | 2, httpStatus: number): Failure {
  return { message, exitCode, httpStatus };
}

export function describeFailure(err: unknown, ctx: FailureContext = {}): Failure {
  if (err instanceof UsageError) return failure(err.message, 2, 400);
  if (err instanceof ActionError) return failure(err.message, 2, 422);
  const e = classify(err);
  const server = ctx.server ?? 'the configured server';
  const unreachable = () => failure(`cannot reach the cluster at ${server}: ${e.message}; check --kubeconfig/--context`, 1, 503);
  // TLS and socket failures carry a Node error code and never reached the API.
  const nodeCode = (err as { code?: unknown } | null)?.code;
  if (e.kind === 'Unknown' && typeof nodeCode === 'string') return unreachable();
  const where = ctx.namespace !== undefined ? ` in namespace "${ctx.namespace}"` : '';
  switch (e.kind) {
    case 'NotFound':
      if (ctx.target) return failure(`${ctx.target.kind} "${ctx.target.name}" not found${where}`, 2, 404);
      return failure(`not found${where}: ${e.message}`, 2, 404);
    case 'Forbidden':
      // 401 is the cluster refusing our own identity: a gateway problem, not the caller's.
      if (e.code === 401) return failure(`the cluster at ${server} did not accept our credentials: ${e.message}; check --kubeconfig/--context`, 1, 502);
      return failure(`no permission: ${e.message}; ask for a role that allows it, or use another --context`, 1, 403);
    case 'AlreadyExists':
      return failure(`${e.message}; delete it first or choose another name`, 2, 409);
    case 'Invalid':
      return failure(`the cluster rejected the change: ${e.message}`, 2, 422);
    case 'Conflict':
      return failure(`${ctx.target ? `${ctx.target.kind} "${ctx.target.name}"` : 'the object'} changed while we were updating it; run the command again`, 1, 409);
    case 'Transient':
      if (e.code === 0) return unreachable();
      return failure(`the cluster at ${server} failed (HTTP ${e.code}): ${e.message}; try again`, 1, 503);
    default:
      return failure(e.message, 1, 500);
  }
}
