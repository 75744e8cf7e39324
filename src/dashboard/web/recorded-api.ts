// The contract answered from a recorded snapshot: the app runs and is tested with no cluster.
// Actions answer as the server would in read-only mode unless `allowActions` is set.
import type { ActionName, ChangePush, DashboardApi, Recording } from '../contract.js';

export type { Recording };

export function recordedApi(rec: Recording, opts: { allowActions?: boolean } = {}): DashboardApi {
  const listeners = new Set<(p: ChangePush) => void>();
  return {
    config: async () => rec.config,
    rollouts: async () => ({ rollouts: rec.rollouts, at: 0 }),
    rollout: async (ns, name) => {
      const d = rec.details[`${ns}/${name}`];
      if (!d) throw new Error(`rollout "${name}" not found in namespace "${ns}"`);
      return d;
    },
    act: async (_ns, name, action: ActionName) => {
      if (!opts.allowActions || rec.config.readOnly) throw new Error('the dashboard is read-only (--read-only): actions are refused');
      return { message: `rollout "${name}": ${action} (recorded)` };
    },
    subscribe(onPush) {
      listeners.add(onPush);
      onPush({ type: 'rollouts', rollouts: rec.rollouts, changed: [], at: 0 });
      return () => listeners.delete(onPush);
    },
  };
}
