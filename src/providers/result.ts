// Building provider results: timestamps as Argo writes them, errors turned into Error results,
// and the size bounds that keep status under what etcd accepts (docs/architecture.md).
import { formatTimestamp } from '../api/timestamp.js';
import type { AnalysisPhase, Measurement } from '../api/types.js';
import type { ProviderContext, ProviderResult } from './provider.js';

/** Longest message kept in a measurement. */
export const MAX_MESSAGE_CHARS = 1024;
/** Longest value text kept in a measurement. */
export const MAX_VALUE_CHARS = 4096;

/** Cuts `text` to `max` characters, saying how much was left out. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = `... (${text.length - max} more characters)`;
  return text.slice(0, Math.max(0, max - note.length)) + note;
}

export const boundedMessage = (text: string): string => truncate(text.replace(/\s+/g, ' ').trim(), MAX_MESSAGE_CHARS);

/** The message of any thrown value; aborts and timeouts read as such. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'AbortError') return 'measurement aborted';
    if (err.name === 'TimeoutError') return err.message.includes('timed out') ? err.message : `timed out: ${err.message}`;
    return err.message || err.name;
  }
  return String(err);
}

/** A finished measurement with an Error phase. */
export function errorResult(ctx: ProviderContext, startedAt: string, err: unknown, extra: Partial<ProviderResult> = {}): ProviderResult {
  return { ...extra, phase: 'Error', message: boundedMessage(messageOf(err)), startedAt, finishedAt: formatTimestamp(ctx.now()) };
}

/** The stored measurement as a result, so resume/terminate of stateless providers can echo it. */
export function fromMeasurement(m: Measurement, ctx: ProviderContext): ProviderResult {
  const { phase, message, startedAt, finishedAt, value, metadata, resumeAt } = m;
  return {
    phase, startedAt: startedAt ?? formatTimestamp(ctx.now()),
    ...(message !== undefined ? { message } : {}), ...(finishedAt !== undefined ? { finishedAt } : {}),
    ...(value !== undefined ? { value } : {}), ...(metadata !== undefined ? { metadata } : {}),
    ...(resumeAt !== undefined ? { resumeAt } : {}),
  };
}

/** The Measurement to store once the engine has assessed the result (`phase` from the engine). */
export function toMeasurement(r: ProviderResult, phase: AnalysisPhase): Measurement {
  const m: Measurement = { phase, startedAt: r.startedAt };
  if (r.finishedAt !== undefined) m.finishedAt = r.finishedAt;
  if (r.value !== undefined) m.value = truncate(r.value, MAX_VALUE_CHARS);
  if (r.message !== undefined) m.message = boundedMessage(r.message);
  if (r.metadata !== undefined) m.metadata = r.metadata;
  if (r.resumeAt !== undefined) m.resumeAt = r.resumeAt;
  return m;
}

/** Runs `work`, turning anything thrown (or an abort) into an Error result. */
export async function guarded(ctx: ProviderContext, work: (startedAt: string) => Promise<ProviderResult>): Promise<ProviderResult> {
  const startedAt = formatTimestamp(ctx.now());
  if (ctx.signal.aborted) return errorResult(ctx, startedAt, ctx.signal.reason ?? abortError());
  try {
    return await work(startedAt);
  } catch (err) {
    return errorResult(ctx, startedAt, err);
  }
}

export function abortError(): Error {
  return Object.assign(new Error('measurement aborted'), { name: 'AbortError' });
}
