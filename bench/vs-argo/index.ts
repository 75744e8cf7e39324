// `npm run bench -- --vs argo`: workloads B1 to B5 against Argo Rollouts' own controller
// (hack/argo) and Kanary, one after the other on one local control plane, each in a fresh
// namespace, at each setting (options.ts). Every figure is taken outside the controllers. Prints
// one table per workload with a ratio column (docs/performance.md); never fails a build.
import { locateTool } from '../../test/support/tools.js';
import { openBenchCluster, say } from '../bench-cluster.js';
import { measureFleet } from './b1-fleet.js';
import { IDLE_ROLLOUTS, measureIdleReaction } from './b3-idle.js';
import { MEMORY_ROLLOUTS, RUNS_PER_ROLLOUT, measureMemory } from './b4-memory.js';
import { CONCURRENT_RUNS, measureAnalysisRuns } from './b5-analysis.js';
import { CONTROLLERS, SETTINGS, type Controller, type Setting } from './controllers.js';
import { parseVsArgoOptions, scaled, type VsArgoOptions } from './options.js';
import type { BenchContext } from './session.js';
import { printTable, tableLines, type Figure, type TableRow } from './table.js';

type Measure = (ctx: BenchContext, which: Controller, setting: Setting) => Promise<Figure[]>;
interface Table { readonly title: string; readonly measure: Measure }

function tables(o: VsArgoOptions): Table[] {
  const idle = scaled(IDLE_ROLLOUTS, o.scale);
  const memory = scaled(MEMORY_ROLLOUTS, o.scale);
  const runs = scaled(CONCURRENT_RUNS, o.scale);
  return o.only.flatMap((w): Table[] => {
    switch (w) {
      case 'B1': return o.fleets.map((n) => ({
        title: `B1/B2: ${n} Rollouts x 2 replicas, steps setWeight 20/50/80, updated at once (writes and events: kube-apiserver's counts per update)`,
        measure: (ctx, which, s) => measureFleet(ctx, which, s, n),
      }));
      case 'B3': return [{
        title: `B3: ${idle} idle Healthy Rollouts x 1 replica, 20 updated one at a time 3 s apart; reaction from the patch's answer to the canary's ADDED`,
        measure: (ctx, which, s) => measureIdleReaction(ctx, which, s, idle),
      }];
      case 'B4': return [{
        title: `B4: ${memory} Rollouts x 1 replica owning ${memory * RUNS_PER_ROLLOUT} finished AnalysisRuns; peak RSS until all Healthy, settled RSS after 30 s quiet`,
        measure: (ctx, which, s) => measureMemory(ctx, which, s, memory),
      }];
      case 'B5': return [{
        title: `B5: ${runs} AnalysisRuns at once, web metric at a 1 s interval answering in 2 s, watched for ${o.analysisWindowS} s (the next measurement is due 1 s after the last one's answer)`,
        measure: (ctx, which, s) => measureAnalysisRuns(ctx, which, s, runs, o.analysisWindowS),
      }];
    }
  });
}

export async function benchVsArgo(argv: readonly string[]): Promise<void> {
  const options = parseVsArgoOptions(argv);
  locateTool('argo-rollouts-controller');
  const bench = await openBenchCluster();
  const ctx: BenchContext = { clients: bench.clients, kubeconfig: bench.kubeconfig };
  const done: string[] = [];
  try {
    for (const table of tables(options)) {
      const rows: TableRow[] = [];
      for (const name of options.settings) {
        const setting = SETTINGS[name];
        const results: Partial<Record<Controller, readonly Figure[]>> = {};
        for (const which of CONTROLLERS) {
          say(`${table.title.split(':')[0]} ${setting.title}: ${which}... (${new Date().toISOString()})`);
          try {
            results[which] = await table.measure(ctx, which, setting);
            say(`  ${results[which]!.map((f) => `${f.column} ${f.text}`).join(', ')}`);
          } catch (err) {
            say(`  failed: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        rows.push({ setting: setting.title, results });
      }
      printTable(table.title, rows);
      done.push('', ...tableLines(table.title, rows));
    }
    if (done.length > 0) {
      say('\nAll tables:');
      for (const line of done) say(line);
    }
  } finally {
    bench.close();
  }
}
