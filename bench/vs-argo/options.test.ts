import { describe, expect, it } from 'vitest';
import { parseVsArgoOptions } from './options.js';

describe('parseVsArgoOptions', () => {
  it('runs every workload at both settings with a fleet of 100 by default', () => {
    expect(parseVsArgoOptions(['--vs', 'argo'])).toEqual({
      only: ['B1', 'B3', 'B4', 'B5'], fleets: [100], settings: ['defaults', 'tuned'], scale: 1, analysisWindowS: 60,
    });
  });

  it('keeps the order of --only, reads B2 as B1, and scales the fleets', () => {
    const o = parseVsArgoOptions(['--vs', 'argo', '--only', 'b4,B2,B1', '--fleet', '200,500', '--scale', '0.1', '--settings', 'tuned']);
    expect(o).toMatchObject({ only: ['B4', 'B1'], fleets: [20, 50], settings: ['tuned'], scale: 0.1 });
  });

  it.each([
    [['--vs', 'flagger'], /--vs: only "argo"/],
    [['--vs', 'argo', '--only', 'B6'], /--only: "B6" is not one of/],
    [['--vs', 'argo', '--fleet', '0'], /--fleet: expected a positive number, got "0"/],
    [['--vs', 'argo', '--scale', 'big'], /--scale: expected a positive number/],
    [['--vs', 'argo', '--settings', 'fast'], /--settings: "fast" is not one of defaults, tuned/],
    [['--vs', 'argo', '--fleets', '200'], /fleets/],
  ])('refuses %j naming the flag', (argv, message) => {
    expect(() => parseVsArgoOptions(argv)).toThrow(message);
  });
});
