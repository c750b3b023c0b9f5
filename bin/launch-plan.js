// What bin/mcpdesk.js runs for a command line: the bridge's bundle (plain JavaScript) when the command is `bridge` and the bundle is built from the sources as they are now, else a TypeScript entry (the bridge's slim one, or the whole CLI).
import { dirname, join } from 'node:path';

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

/**
 * `{ bundle: path }` to import the built bridge, or `{ source: path }` for a TypeScript entry (`stale`: a bundle exists but
 * a source it was built from changed since). `exists` is fs.existsSync, `fresh(bundle)` whether the bundle is newer than
 * its sources (tests pass their own).
 */
export function launchPlan(root, args, exists, fresh = () => true) {
  const bridge = isBridge(args);
  const bundle = join(root, 'out', 'bridge', 'mcpdesk-bridge.mjs');
  const built = bridge && exists(bundle);
  if (built && fresh(bundle)) return { bundle };
  return { source: join(root, 'app', 'cli', bridge ? 'bridge-main.ts' : 'main.ts'), ...(built && { stale: true }) };
}

/** The data dir a command line names (`--home DIR`, `--home=DIR`, else MCPDESK_HOME); undefined when neither says. */
export function homeOf(args, env) {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--home') return args[i + 1];
    if (a.startsWith('--home=')) return a.slice('--home='.length);
  }
  return env.MCPDESK_HOME || undefined;
}

/**
 * Where V8's compiled code of the bundle is kept between starts: under the data dir (compile-cache/, removed with it) when
 * that dir exists — never creating the data dir itself, whose owner-only mode the engine sets — else Node's default (the OS temp dir).
 */
export function compileCacheDir(args, env, exists) {
  const home = homeOf(args, env);
  return home && exists(home) ? join(home, 'compile-cache') : undefined;
}

/** Whether every source file the bundle was built from (listed beside it in sources.json) is older than the bundle; a missing list or file counts as changed. */
export function bundleFresh(root, bundle, fs) {
  try {
    const built = fs.statSync(bundle).mtimeMs;
    const sources = JSON.parse(fs.readFileSync(join(dirname(bundle), 'sources.json'), 'utf8'));
    return Array.isArray(sources) && sources.every((f) => typeof f === 'string' && fs.statSync(join(root, f)).mtimeMs <= built);
  } catch {
    return false;
  }
}
