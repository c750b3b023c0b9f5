// What bin/mcpdesk.js runs for a command line: the bridge's bundle (plain JavaScript) when the command is `bridge` and the bundle is built, else a TypeScript entry (the bridge's slim one, or the whole CLI).
import { join } from 'node:path';

/** Whether the command (the first word that is not an option; `--home` takes a value) is `bridge`; `--help` never is. */
export function isBridge(args) {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--home') i++;
    else if (a === '--help' || a === '-h') return false;
    else if (!a.startsWith('-')) return a === 'bridge';
  }
  return false;
}

/** `{ bundle: path }` to import the built bridge, or `{ source: path }` for a TypeScript entry. `exists` is fs.existsSync (tests pass their own). */
export function launchPlan(root, args, exists) {
  const bridge = isBridge(args);
  const bundle = join(root, 'out', 'bridge', 'mcpdesk-bridge.mjs');
  if (bridge && exists(bundle)) return { bundle };
  return { source: join(root, 'app', 'cli', bridge ? 'bridge-main.ts' : 'main.ts') };
}
