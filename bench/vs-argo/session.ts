// One measurement: a fresh namespace, one controller started in it when the workload is ready for
// it, and everything stopped and deleted afterwards, so the next controller starts from the same
// empty cluster.
import type { ChildProcess } from 'node:child_process';
import type { KubeClients } from '../../src/kube/client.js';
import { deleteNamespace, freshNamespace } from '../bench-cluster.js';
import { startController, stopController, type Controller, type Setting } from './controllers.js';

export interface BenchContext { readonly clients: KubeClients; readonly kubeconfig: string }

export interface Session {
  readonly ns: string;
  readonly which: Controller;
  /** Starts the controller under test (once). */
  start(): Promise<ChildProcess>;
}

let sessions = 0;

export async function inSession<T>(ctx: BenchContext, which: Controller, setting: Setting, workload: string,
  body: (s: Session) => Promise<T>): Promise<T> {
  const ns = `vs-argo-${workload.toLowerCase()}-${process.pid % 10000}-${sessions++}`;
  await freshNamespace(ctx.clients, ns);
  let child: ChildProcess | undefined;
  try {
    return await body({
      ns, which,
      start: async () => (child ??= await startController(which, ctx.kubeconfig, ns, setting)),
    });
  } finally {
    if (child) await stopController(child);
    await deleteNamespace(ctx.clients, ns);
  }
}
