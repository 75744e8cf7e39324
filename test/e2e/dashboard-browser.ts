// Debian's chromium driven by playwright-core for the dashboard's browser tests: one headless
// browser per test file, a page per call, and the reason to skip when the machine has none.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { missingProgram, onPath } from '../support/tools.js';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots the README uses. */
export const ARTIFACTS = path.join(repo, 'test-results/dashboard');
export const noChromium = missingProgram('chromium', 'apt-get install -y chromium; .ci/run installs it');

export interface Browsers {
  page(url: string): Promise<Page>;
  close(): Promise<void>;
}

/** Starts chromium on first use; `close` in the file's afterAll. */
export function browsers(): Browsers {
  let browser: Browser | undefined;
  return {
    async page(url) {
      browser ??= await chromium.launch({
        executablePath: onPath('chromium')!,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      });
      const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await p.goto(url);
      return p;
    },
    async close() {
      await browser?.close();
    },
  };
}
