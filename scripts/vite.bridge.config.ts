// Vite (rolldown) build of `mcpdesk bridge` into one file, out/bridge/mcpdesk-bridge.mjs: every dependency inlined (no module resolution, no TypeScript stripping at start-up), only the native keychain binding left to node_modules.
import { join } from 'node:path';
import { defineConfig } from 'vite';

const ROOT = join(import.meta.dirname, '..');

export default defineConfig({
  root: ROOT,
  logLevel: 'warn',
  publicDir: false,
  ssr: { noExternal: true, external: ['@napi-rs/keyring'], target: 'node' },
  build: {
    ssr: join(ROOT, 'app', 'cli', 'bridge-main.ts'),
    outDir: join(ROOT, 'out', 'bridge'),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    minify: false,
    rolldownOptions: { output: { format: 'esm', entryFileNames: 'mcpdesk-bridge.mjs', codeSplitting: false } },
  },
});
