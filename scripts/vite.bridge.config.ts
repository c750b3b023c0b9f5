// Vite (rolldown) build of `mcpdesk bridge` into one file, out/bridge/mcpdesk-bridge.mjs: every dependency inlined (no module resolution, no TypeScript stripping at start-up), only the native keychain binding left to node_modules.
import { join, relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const ROOT = join(import.meta.dirname, '..');

/** Writes sources.json beside the bundle: our own files it was built from (not node_modules), so the launcher can tell a stale bundle. */
const listSources: Plugin = {
  name: 'mcpdesk-bridge-sources',
  generateBundle(_options, bundle) {
    const ids = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? c.moduleIds : []));
    const ours = ids.filter((id) => id.startsWith(ROOT) && !id.includes('node_modules')).map((id) => relative(ROOT, id)).sort();
    this.emitFile({ type: 'asset', fileName: 'sources.json', source: JSON.stringify(ours) });
  },
};

export default defineConfig({
  root: ROOT,
  plugins: [listSources],
  // The SDK's Node shim loads ajv at import; ours loads it at the first JSON Schema (main/bridge/sdk-shims.ts).
  resolve: { alias: [{ find: /^@modelcontextprotocol\/client\/_shims$/, replacement: join(ROOT, 'main', 'bridge', 'sdk-shims.ts') }] },
  logLevel: 'warn',
  publicDir: false,
  ssr: { noExternal: true, external: ['@napi-rs/keyring'], target: 'node' },
  build: {
    ssr: join(ROOT, 'app', 'cli', 'bridge-main.ts'),
    outDir: join(ROOT, 'out', 'bridge'),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    // Minified (names kept, for stack traces and anything that reads a class's name): less source for Node to read, hash
    // against its compile cache and keep in memory at each start (the start-up chunks: 1.2 MB → about 0.5 MB).
    minify: true,
    // Code split: what only a sign-in, a config change or an era negotiation needs (the whole Engine, `conf`, the SDK's Client)
    // sits in chunks/ and is read, compiled and run only when a bridge gets there.
    rolldownOptions: { output: { format: 'esm', entryFileNames: 'mcpdesk-bridge.mjs', chunkFileNames: 'chunks/[name]-[hash].mjs', keepNames: true } },
  },
});
