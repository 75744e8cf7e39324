// Lint rules for Kanary: typescript-eslint's recommended set, plus the import direction of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cluster/**', 'hack/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // The engine is pure: no I/O, no clock, no randomness (docs/architecture.md).
    files: ['src/engine/**/*.ts', 'src/api/**/*.ts', 'src/views/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process'], message: 'pure modules do no I/O' },
          { group: ['@kubernetes/client-node', 'pino', 'undici', 'prom-client'], message: 'pure modules do no I/O' },
          { group: ['**/kube/**', '**/controller/**', '**/cli/**', '**/providers/**', '**/traffic/**', '**/actions/**', '**/read/**', '**/dashboard/**'], message: 'imports point inward (docs/architecture.md)' },
        ],
      }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'the engine takes the time as an argument' },
        { object: 'Math', property: 'random', message: 'the engine is deterministic' },
      ],
    },
  },
  // The read side and the actions serve both front ends; the front ends never import each other.
  {
    files: ['src/read/**/*.ts', 'src/actions/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/controller/**', '**/cli/**', '**/dashboard/**'], message: 'shared by the CLI and the dashboard: imports neither (docs/architecture.md)' }],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/controller/**', '**/dashboard/**'], message: 'the CLI and the dashboard never import each other (docs/architecture.md)' }],
      }],
    },
  },
  {
    files: ['src/dashboard/**/*.ts', 'src/dashboard/**/*.tsx'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/controller/**', '**/cli/**'], message: 'the CLI and the dashboard never import each other (docs/architecture.md)' }],
      }],
    },
  },
);
