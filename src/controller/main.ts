// `kanary controller`: the controller process entry point. bin/kanary.js routes here, so the CLI
// never imports the controller (docs/architecture.md, import rules).

import { Command, InvalidArgumentError } from 'commander';
import { LEADER_DEFAULTS, leaderTimingProblems } from '../kube/leader.js';
import { ANALYSIS_THREADS_DEFAULT } from './analysis-run-controller.js';
import { startController } from './manager.js';

function int(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number, got "${value}"`);
    return n;
  };
}

/** A duration flag in seconds: `4s`, `500ms`, `1m` or a bare number of seconds. */
export function seconds(name: string) {
  return (value: string): number => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
    if (!m) throw new InvalidArgumentError(`${name} must be a duration like 4s or 500ms, got "${value}"`);
    const n = Number(m[1]);
    return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
  };
}

/** Parses the controller's flags, runs until SIGTERM or SIGINT, and returns the exit code. */
export async function controllerMain(argv: readonly string[]): Promise<number> {
  const program = new Command('kanary controller')
    .description('run the Kanary controller: reconciles argoproj.io/v1alpha1 Rollouts')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, in-cluster, ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context')
    .option('-n, --namespace <ns>', 'watch only this namespace')
    .option('--instance-id <id>', 'handle only objects labelled argo-rollouts.argoproj.io/controller-instance-id=<id>')
    .option('--leader-elect', 'run leader election with a Lease, so replicas can stand by', false)
    .option('--leader-election-namespace <ns>', 'namespace of the Lease', 'kube-system')
    .option('--leader-election-lease-duration <d>', `how long a Lease holds without renewal (default ${LEADER_DEFAULTS.leaseDurationSeconds}s)`,
      seconds('--leader-election-lease-duration'))
    .option('--leader-election-renew-deadline <d>', `a leader that cannot renew within this stops writing and exits (default ${LEADER_DEFAULTS.renewDeadlineSeconds}s)`,
      seconds('--leader-election-renew-deadline'))
    .option('--leader-election-retry-period <d>', `time between Lease renewals (default ${LEADER_DEFAULTS.retryPeriodSeconds}s)`,
      seconds('--leader-election-retry-period'))
    .option('--metrics-port <port>', 'Prometheus metrics on this port (0: off)', int('--metrics-port'), 8090)
    .option('--healthz-port <port>', 'health endpoint /healthz on this port (0: off)', int('--healthz-port'), 8080)
    .option('--log-level <level>', 'debug, info, warn or error', 'info')
    .option('--log-format <format>', 'json or text', 'json')
    .option('--qps <n>', 'API requests per second', int('--qps'), 40)
    .option('--burst <n>', 'API request burst', int('--burst'), 80)
    .option('--workers <n>', 'Rollouts reconciled at the same time', int('--workers'), 30)
    .option('--analysis-threads <n>', 'AnalysisRuns measured at the same time (Argo Rollouts\' flag and default)', int('--analysis-threads'), ANALYSIS_THREADS_DEFAULT)
    .exitOverride();
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    return (e as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  }
  const o = program.opts<{
    kubeconfig?: string; context?: string; namespace?: string; instanceId?: string; leaderElect: boolean; leaderElectionNamespace: string;
    leaderElectionLeaseDuration?: number; leaderElectionRenewDeadline?: number; leaderElectionRetryPeriod?: number;
    metricsPort: number; healthzPort: number; logLevel: string; logFormat: string; qps: number; burst: number; workers: number; analysisThreads: number;
  }>();
  for (const [flag, n] of [['--workers', o.workers], ['--analysis-threads', o.analysisThreads]] as const) {
    if (n < 1) {
      process.stderr.write(`kanary controller: ${flag} must be at least 1, got ${n}\n`);
      return 2;
    }
  }
  if (o.logFormat !== 'json' && o.logFormat !== 'text') {
    process.stderr.write(`kanary controller: --log-format must be json or text, got "${o.logFormat}"\n`);
    return 2;
  }
  const leaderElection = {
    leaseDurationSeconds: o.leaderElectionLeaseDuration ?? LEADER_DEFAULTS.leaseDurationSeconds,
    renewDeadlineSeconds: o.leaderElectionRenewDeadline ?? LEADER_DEFAULTS.renewDeadlineSeconds,
    retryPeriodSeconds: o.leaderElectionRetryPeriod ?? LEADER_DEFAULTS.retryPeriodSeconds,
  };
  const problems = leaderTimingProblems(leaderElection);
  if (problems.length) {
    process.stderr.write(`kanary controller: leader election: ${problems.join('; ')}\n`);
    return 2;
  }
  let controller;
  try {
    controller = await startController({ ...o, logFormat: o.logFormat, leaderElection });
  } catch (e) {
    process.stderr.write(`kanary controller: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
  });
  await controller.stop();
  return 0;
}
