// The real controller on namespaces of the local control plane, for e2e files: one namespace for a
// whole file (controllerNamespace), or one per test (controllerPerTest). The controller's log is
// printed after a failing test; controllers and namespaces are removed at the end.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { apply, connect, createNamespace, deleteNamespace, type Cluster } from './harness.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { installUpstreamCrds } from './upstream-crds.js';

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

export interface ControllerPerTest {
  c: Cluster;
  clients: KubeClients;
  /** The controller the running test started, if any; stopped after the test. */
  controller?: ControllerProcess;
  /** A fresh namespace named after `prefix` (removed at the end of the file), with `manifests` applied in it. */
  namespace(prefix: string, manifests?: string): Promise<string>;
  /** Starts the controller watching `ns`; it is stopped after the test, and its log printed if the test failed. */
  startController(ns: string): ControllerProcess;
  /** A fresh namespace with `manifests` applied and the controller watching it. */
  run(prefix: string, manifests: string): Promise<string>;
}

/**
 * Registers the hooks of an e2e file whose tests each take a namespace of their own and start the
 * controller on it: the routers' and the seeds' flows. With `upstreamCrds`, the routers' real
 * CRDs (Istio, Gateway API, SMI, ...) are installed first.
 */
export function controllerPerTest(options: { upstreamCrds?: boolean } = {}): ControllerPerTest {
  const namespaces: string[] = [];
  const env: ControllerPerTest = {
    c: undefined as unknown as Cluster,
    clients: undefined as unknown as KubeClients,
    async namespace(prefix, manifests) {
      const ns = await createNamespace(env.c, prefix);
      namespaces.push(ns);
      if (manifests) await apply(env.c, manifests, ns);
      return ns;
    },
    startController(ns) {
      env.controller = startControllerProcess(env.c.kubeconfigPath, ns);
      return env.controller;
    },
    async run(prefix, manifests) {
      const ns = await env.namespace(prefix, manifests);
      env.startController(ns);
      return ns;
    },
  };
  beforeAll(async () => {
    env.c = connect();
    env.clients = createKubeClients(env.c.kc);
    if (options.upstreamCrds) await installUpstreamCrds(env.c.kc);
  }, 180_000);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && env.controller) console.error(`controller log:\n${env.controller.log().slice(-8000)}`);
    await env.controller?.stop();
    env.controller = undefined;
  });
  afterAll(async () => {
    for (const ns of namespaces) await deleteNamespace(env.c, ns);
  });
  return env;
}
