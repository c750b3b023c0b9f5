// Types of bin/launch-plan.js (plain JavaScript, so the launcher runs on any Node).
export function isBridge(args: readonly string[]): boolean;
export function launchPlan(root: string, args: readonly string[], exists: (path: string) => boolean): { bundle: string; source?: undefined } | { source: string; bundle?: undefined };
