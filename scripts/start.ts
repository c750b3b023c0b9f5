// `npm start`: launch the Electron app when its binary is installed; otherwise say so and point to `mcpdesk ui`.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** The Electron executable the `electron` package installed, if any (its path.txt names it). */
function electronBinary(): string | undefined {
  const pkg = join(root, 'node_modules', 'electron');
  try {
    const rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const bin = join(pkg, 'dist', rel);
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

const bin = electronBinary();
if (!bin || !existsSync(join(root, 'out', 'electron', 'main', 'index.js'))) {
  console.error(
    [
      'MCP Desk: no Electron binary is installed here (it is downloaded from outside the npm registry,',
      'which this machine cannot reach), so the desktop window cannot start.',
      'The engine and CLI work without it:  npx mcpdesk status  /  npx mcpdesk login NAME',
      'The desktop UI in a browser arrives with `npx mcpdesk ui` (issue: the desktop app).',
    ].join('\n'),
  );
  process.exit(1);
}
process.exit(spawnSync(bin, [root], { stdio: 'inherit' }).status ?? 1);
