// Parsers for flag values; a bad value is a commander InvalidArgumentError (exit 2).

import { InvalidArgumentError } from 'commander';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "30s", "5m", "1h30m", "250ms", or a bare number of seconds, to milliseconds. */
export function parseDurationFlag(value: string): number {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const terms = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (terms.length === 0 || terms.map((t) => t[0]).join('') !== text) {
    throw new InvalidArgumentError('want a duration such as 30s, 5m or 1h30m');
  }
  return Math.round(terms.reduce((ms, t) => ms + Number(t[1]) * (UNIT_MS[t[2] ?? 's'] ?? 1000), 0));
}

export function parseCountFlag(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('want a whole number');
  return Number.parseInt(value, 10);
}
