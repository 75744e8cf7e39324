import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseCountFlag, parseDurationFlag } from '../../src/cli/flags.js';
import { parseImagePair } from '../../src/cli/set-image.js';
import { UsageError } from '../../src/read/failure.js';

describe('flag values', () => {
  it.each([['30s', 30_000], ['5m', 300_000], ['1h30m', 5_400_000], ['250ms', 250], ['45', 45_000], ['1.5', 1500], ['0', 0]])(
    'duration %s -> %d ms', (text, ms) => expect(parseDurationFlag(text)).toBe(ms));

  it.each(['', 'soon', '5x', '5m junk', '-3s'])('rejects duration %j', (text) => {
    expect(() => parseDurationFlag(text)).toThrow(InvalidArgumentError);
  });

  it('counts are whole numbers', () => {
    expect(parseCountFlag('12')).toBe(12);
    expect(() => parseCountFlag('1.5')).toThrow(InvalidArgumentError);
    expect(() => parseCountFlag('abc')).toThrow('want a whole number');
  });

  it('image pairs are container=image', () => {
    expect(parseImagePair('web=demo:2')).toEqual(['web', 'demo:2']);
    expect(parseImagePair('*=registry:5000/demo:2')).toEqual(['*', 'registry:5000/demo:2']);
    for (const bad of ['web', '=demo:2', 'web=']) expect(() => parseImagePair(bad)).toThrow(UsageError);
  });
});
