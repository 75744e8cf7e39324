import { afterEach, describe, expect, it, vi } from 'vitest';
import { controllerMain } from './main.js';

afterEach(() => { vi.restoreAllMocks(); });

describe('kanary controller flags', () => {
  it.each([
    [['--analysis-threads', '0'], '--analysis-threads must be at least 1, got 0'],
    [['--workers', '0'], '--workers must be at least 1, got 0'],
  ])('%j is refused before anything starts', async (argv, message) => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await controllerMain(argv)).toBe(2);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain(message);
  });
});
