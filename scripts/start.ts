// `npm start`: build and launch the Electron app when its binary is installed; otherwise say so and point to `mcpdesk ui`.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinary, ROOT } from './electron-binary.ts';
import { buildElectron } from './build-electron.ts';

const bin = electronBinary();
if (!bin.path) {
  console.error(
    [
      'MCP Desk: no Electron binary is installed here (it is downloaded from outside the npm registry,',
      'which this machine cannot reach), so the desktop window cannot start.',
      'The engine and CLI work without it:  npx mcpdesk status  /  npx mcpdesk login NAME',
      'The same desktop UI runs in your browser:  npx mcpdesk ui',
    ].join('\n'),
  );
  process.exit(1);
}
await buildElectron();
if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
  const renderer = spawnSync('npm', ['run', '--silent', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
  if (renderer.status !== 0) {
    console.error('MCP Desk: the renderer build (npm run build:renderer → out/renderer/index.html) failed or does not exist yet.');
    process.exit(1);
  }
}
// The app's `connect` writes bridges that run on this Node (the Electron binary is not one).
process.exit(spawnSync(bin.path, [ROOT], { stdio: 'inherit', env: { ...process.env, MCPDESK_BRIDGE_NODE: process.execPath } }).status ?? 1);
