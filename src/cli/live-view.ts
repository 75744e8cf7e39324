// Prints a view once, or with --watch keeps it current: redrawn in place on a terminal (ages
// ticking every second), a new block on any other output only when the objects changed.

import type { KubeClients } from '../kube/client.js';
import type { Line } from '../views/index.js';
import { follow, type WatchTarget } from '../read/follow.js';
import { untilInterrupted } from './interrupt.js';
import type { TextSink } from './io.js';
import { paint, wantColor } from './paint.js';
import { Screen, fitRows, terminalColumns, terminalRows } from './screen.js';

export interface LiveViewOptions<T> {
  readonly clients: KubeClients;
  readonly out: TextSink;
  readonly fetch: () => Promise<T>;
  readonly render: (data: T, now: number) => Line[];
  /** What to watch, known once the first read is in (a Rollout's selector, say). */
  readonly targets: (first: T) => WatchTarget[];
  readonly watch?: boolean;
  /** false for --no-color. */
  readonly color?: boolean;
  readonly timeoutSeconds?: number;
}

export async function showView<T>(opts: LiveViewOptions<T>): Promise<void> {
  const { out } = opts;
  const color = wantColor(out, opts.color);
  const columns = terminalColumns(out);
  const text = (data: T, now: number) => paint(opts.render(data, now), color, columns === undefined ? undefined : columns - 1);
  let latest: T = (await opts.fetch()) as T;
  if (!opts.watch) {
    out.write(`${text(latest, Date.now()).join('\n')}\n`);
    return;
  }
  const screen = new Screen(out, columns !== undefined);
  const show = () => screen.draw(fitRows(text(latest, Date.now()), terminalRows(out)));
  try {
    show();
    await untilInterrupted((signal) => follow({
      clients: opts.clients,
      signal,
      targets: opts.targets(latest),
      fetch: opts.fetch,
      onData: (data) => {
        const now = Date.now();
        if (text(data, now).join('\n') === text(latest, now).join('\n')) return;
        latest = data;
        show();
      },
      ...(opts.timeoutSeconds ? { timeoutMs: opts.timeoutSeconds * 1000 } : {}),
      ...(screen.tty ? { tickMs: 1000, onTick: show } : {}),
    }));
  } finally {
    screen.close();
  }
}
