// The kubectl-style global flags (--kubeconfig, --context, -n/--namespace); the connection they
// describe is opened by src/read/session.ts.

import { Command } from 'commander';
import type { ConnectionOptions } from '../read/session.js';

export type GlobalOptions = ConnectionOptions;

export function addGlobalOptions(program: Command): Command {
  return program
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use (default: its current context)')
    .option('-n, --namespace <name>', "namespace (default: the context's namespace, else default)");
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}
