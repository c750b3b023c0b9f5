// `npm run dist`: the installers electron-builder.yml names, for this platform — renderer, Electron main and the bridge executable built first; where no Electron binary is installed (these CI machines) it says so and stops.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinary, ROOT } from './electron-binary.ts';
import { buildElectron } from './build-electron.ts';
import { buildSea } from './build-sea.ts';

const bin = electronBinary();
if (!bin.path) {
  console.error(`MCP Desk: cannot build installers here: ${'reason' in bin ? bin.reason : 'no Electron binary'}. electron-builder packs that binary; installers are built on hosted CI (.github/workflows/ci.yml), where the download is allowed.`);
  process.exit(1);
}
const renderer = spawnSync('npm', ['run', '--silent', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
if (renderer.status !== 0) process.exit(renderer.status ?? 1);
await buildElectron();
console.error(`built ${await buildSea()}`);
const builder = join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
process.exit(spawnSync(process.execPath, [builder, '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' }).status ?? 1);
