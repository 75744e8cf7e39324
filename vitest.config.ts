import { defineConfig } from 'vitest/config';

// Two projects: pure and local-I/O tests beside the code, and end-to-end tests against the
// local control plane (started once by the global setup, or taken from KUBECONFIG).
export default defineConfig({
  test: {
    // The default output, then the tests skipped because this machine lacks a program, and why.
    reporters: ['default', './test/support/skip-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts', 'bench/**/*.test.ts'],
          setupFiles: ['test/unit/fast-check-setup.ts'],
          globalSetup: ['test/global-tools.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-tools.ts', 'test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
