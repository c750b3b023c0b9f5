// `npm run build:sea`: the packaged app's bridge as a Node single executable application (out/sea/mcpdesk-bridge[.exe]) — this platform's Node with the bridge bundled in, plus the keychain binding beside it; no system Node needed, Electron's RunAsNode stays off.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { BRIDGE_NODE_OPTIONS } from '../main/clients/bridge-command.ts';

const ROOT = join(import.meta.dirname, '..');
export const SEA_DIR = join(ROOT, 'out', 'sea');
/** The fuse postject flips so Node runs the injected blob (Node's single-executable-applications docs). */
const SENTINEL = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export function seaExecutableName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'mcpdesk-bridge.exe' : 'mcpdesk-bridge';
}

/** One CommonJS file; `require` of anything but a built-in resolves beside the executable (the keychain binding in node_modules there). */
async function bundle(out: string): Promise<string> {
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    ssr: { noExternal: true, external: ['@napi-rs/keyring'], target: 'node' },
    build: {
      ssr: join(ROOT, 'app', 'cli', 'bridge-sea.ts'),
      outDir: out,
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      rolldownOptions: {
        output: {
          format: 'cjs',
          entryFileNames: 'mcpdesk-bridge.cjs',
          codeSplitting: false,
          // In a single executable `require` knows only built-ins; __filename is the executable, so this require looks beside it.
          banner: "var require = require('node:module').createRequire(__filename);",
        },
      },
    },
  });
  return join(out, 'mcpdesk-bridge.cjs');
}

/** The native keychain binding (a Node-API module, so any Node version loads it) and its platform package, beside the executable. */
function copyKeyring(out: string): void {
  const scope = join(ROOT, 'node_modules', '@napi-rs');
  const to = join(out, 'node_modules', '@napi-rs');
  mkdirSync(to, { recursive: true });
  for (const name of ['keyring', `keyring-${process.platform}-${process.arch}${process.platform === 'linux' ? '-gnu' : ''}`, `keyring-${process.platform}-${process.arch}-msvc`]) {
    if (existsSync(join(scope, name))) cpSync(join(scope, name), join(to, name), { recursive: true, dereference: true });
  }
}

/** Builds the executable into `out` (default out/sea) with this Node; returns its path. */
export async function buildSea(out = SEA_DIR): Promise<string> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const main = await bundle(out);
  const blob = join(out, 'sea-prep.blob');
  const config = join(out, 'sea-config.json');
  // execArgv: the bridge's V8 options, as the source layout's command line gives them (Node 24's sea-config field).
  writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: true, execArgv: BRIDGE_NODE_OPTIONS }));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'pipe' });
  const exe = join(out, seaExecutableName());
  cpSync(process.execPath, exe, { dereference: true });
  chmodSync(exe, 0o755);
  if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', exe]);
  const postject = join(ROOT, 'node_modules', 'postject', 'dist', 'cli.js');
  const macho = process.platform === 'darwin' ? ['--macho-segment-name', 'NODE_SEA'] : [];
  execFileSync(process.execPath, [postject, exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SENTINEL, ...macho], { stdio: 'pipe' });
  if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', exe]);
  copyKeyring(out);
  for (const f of [blob, config, main]) rmSync(f);
  return exe;
}

if (import.meta.main) {
  const exe = await buildSea(process.argv[2] ?? SEA_DIR);
  console.error(`built ${exe}`);
}
