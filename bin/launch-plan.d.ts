// Types of bin/launch-plan.js (plain JavaScript, so the launcher runs on any Node).
export function isBridge(args: readonly string[]): boolean;
export function launchPlan(
  root: string,
  args: readonly string[],
  exists: (path: string) => boolean,
  fresh?: (bundle: string) => boolean,
): { bundle: string; source?: undefined; stale?: undefined } | { source: string; bundle?: undefined; stale?: true };
export function bundleFresh(root: string, bundle: string, fs: { statSync(p: string): { mtimeMs: number }; readFileSync(p: string, enc: 'utf8'): string }): boolean;
export function homeOf(args: readonly string[], env: NodeJS.ProcessEnv): string | undefined;
export function compileCacheDir(args: readonly string[], env: NodeJS.ProcessEnv, exists: (path: string) => boolean): string | undefined;
