// Vite build of the React UI (renderer/) to out/renderer: relative asset paths (file:// in Electron, / in mcpdesk ui), no inline code (strict CSP).
import { join } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const ROOT = join(import.meta.dirname, '..');

export default defineConfig({
  root: join(ROOT, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: join(ROOT, 'out', 'renderer'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
