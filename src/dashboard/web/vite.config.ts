// Builds the browser app into dist/dashboard/web, beside the compiled server that serves it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('../../../dist/dashboard/web', import.meta.url)),
    emptyOutDir: true,
    reportCompressedSize: false,
  },
});
