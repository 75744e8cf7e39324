// The command line of `npm run bench -- --vs argo`: which workloads, at which sizes and settings.
import { parseArgs } from 'node:util';

export type Workload = 'B1' | 'B3' | 'B4' | 'B5';
export type SettingName = 'defaults' | 'tuned';

export interface VsArgoOptions {
  /** The workloads to run, in the order given (B2, writes per update, is measured by B1's runs). */
  readonly only: readonly Workload[];
  /** B1's fleet sizes, already scaled. */
  readonly fleets: readonly number[];
  readonly settings: readonly SettingName[];
  /** Multiplies every size (fleets, idle Rollouts, AnalysisRuns): 0.1 for a quick look. */
  readonly scale: number;
  /** How long B5 watches its runs being measured, in seconds. */
  readonly analysisWindowS: number;
}

const WORKLOADS: readonly Workload[] = ['B1', 'B3', 'B4', 'B5'];
const SETTINGS: readonly SettingName[] = ['defaults', 'tuned'];

function list(flag: string, text: string): string[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new Error(`${flag}: expected a comma-separated list, got "${text}"`);
  return items;
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag}: expected a positive number, got "${text}"`);
  return n;
}

/** `size` times `scale`, at least 1. */
export function scaled(size: number, scale: number): number {
  return Math.max(1, Math.round(size * scale));
}

/** The options in `argv` (everything after `npm run bench --`); throws naming the flag at fault. */
export function parseVsArgoOptions(argv: readonly string[]): VsArgoOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      vs: { type: 'string' },
      only: { type: 'string', default: WORKLOADS.join(',') },
      fleet: { type: 'string', default: '100' },
      settings: { type: 'string', default: SETTINGS.join(',') },
      scale: { type: 'string', default: '1' },
      'analysis-window': { type: 'string', default: '60' },
    },
    strict: true,
  });
  if (values.vs !== 'argo') throw new Error(`--vs: only "argo" is known, got "${values.vs}"`);
  const only = list('--only', values.only).map((w) => {
    const name = w.toUpperCase() === 'B2' ? 'B1' : w.toUpperCase(); // B2 is read from B1's runs
    if (!WORKLOADS.includes(name as Workload)) throw new Error(`--only: "${w}" is not one of B1, B2, B3, B4, B5`);
    return name as Workload;
  });
  const settings = list('--settings', values.settings).map((s) => {
    if (!SETTINGS.includes(s as SettingName)) throw new Error(`--settings: "${s}" is not one of ${SETTINGS.join(', ')}`);
    return s as SettingName;
  });
  const scale = positive('--scale', values.scale);
  const fleets = list('--fleet', values.fleet).map((n) => scaled(positive('--fleet', n), scale));
  return {
    only: [...new Set(only)], fleets, settings: SETTINGS.filter((s) => settings.includes(s)), scale,
    analysisWindowS: positive('--analysis-window', values['analysis-window']),
  };
}
