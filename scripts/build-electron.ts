// Builds app/electron (and what it imports) for Electron's Node: out/electron/main/index.js (ESM) and out/electron/preload/index.cjs (sandboxed preloads are CommonJS).
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type InlineConfig } from 'vite';

const root = join(import.meta.dirname, '..');

/** Node built-ins, electron and every package stay imports (node_modules ships beside the app; electron-builder packs dependencies). */
function external(id: string): boolean {
  return id.startsWith('node:') || builtinModules.includes(id) || !(id.startsWith('.') || id.startsWith('/') || id.startsWith('\0'));
}

function config(entry: string, outDir: string, format: 'es' | 'cjs', fileName: string): InlineConfig {
  return {
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      target: 'node22',
      minify: false,
      sourcemap: true,
      rollupOptions: { external, output: { format, entryFileNames: fileName } },
    },
  };
}

export async function buildElectron(): Promise<void> {
  await build(config(join(root, 'app/electron/main/index.ts'), join(root, 'out/electron/main'), 'es', 'index.js'));
  // The preload bundles its one import (bridge.ts); only `electron` stays a require.
  await build(config(join(root, 'app/electron/preload/index.ts'), join(root, 'out/electron/preload'), 'cjs', 'index.cjs'));
}

if (import.meta.main) {
  await buildElectron();
  console.error('built out/electron/main/index.js and out/electron/preload/index.cjs');
}
