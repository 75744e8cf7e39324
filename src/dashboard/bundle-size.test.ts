// The browser app's budget: what a browser downloads stays under 300 KB gzipped.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/dashboard/web');
const BUDGET = 300 * 1024;

describe('the dashboard bundle', () => {
  it('is built and within 300 KB gzipped', () => {
    expect(existsSync(path.join(WEB, 'index.html')), `${WEB}/index.html is missing: run npm run build`).toBe(true);
    const assets = readdirSync(path.join(WEB, 'assets')).map((f) => path.join(WEB, 'assets', f));
    const gzipped = [path.join(WEB, 'index.html'), ...assets].reduce((n, f) => n + gzipSync(readFileSync(f)).length, 0);
    console.log(`dashboard bundle: ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
    expect(gzipped).toBeLessThan(BUDGET);
  });
});
