// One namespace with the real controller watching it, for a whole e2e file: made before the
// file's tests, the controller's log printed after a failing test, both removed at the end.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { connect, createNamespace, deleteNamespace, type Cluster } from './harness.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';

export interface ControllerNamespace {
  c: Cluster;
  clients: KubeClients;
  ns: string;
  /** Replace it to restart the controller; the one set here is the one stopped at the end. */
  controller: ControllerProcess;
}

/** Registers the file's hooks; the fields are set once its beforeAll has run. */
export function controllerNamespace(prefix: string): ControllerNamespace {
  const env = {} as ControllerNamespace;
  beforeAll(async () => {
    env.c = connect();
    env.clients = createKubeClients(env.c.kc);
    env.ns = await createNamespace(env.c, prefix);
    env.controller = startControllerProcess(env.c.kubeconfigPath, env.ns);
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') console.error(`controller log:\n${env.controller.log().slice(-10000)}`);
  });
  afterAll(async () => {
    await env.controller?.stop();
    if (env.ns) await deleteNamespace(env.c, env.ns);
  });
  return env;
}
