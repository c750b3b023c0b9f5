// Sign-in cost: the client's HTTP requests (counted at the servers) for a first and a repeat sign-in — MCP Desk, the SDK's auth() and mcp-remote side by side on one AS.
import instance from 'oidc-provider/lib/helpers/weak_cache.js';
import { startPeers, type Peers } from '../tests/helpers/peers.ts';
import { clientRequests, describe, RequestCounter, type SeenRequest } from './counter.ts';
import { ACCESS_TOKEN_TTL_S, reps, type BenchContext } from './context.ts';
import { goalRow, infoRow, notMeasured, type Goal, type Row } from './rows.ts';
import type { SignInClient } from './sign-in-client.ts';
import { mcpRemoteClient } from './sign-in-mcp-remote.ts';
import { ourClient } from './sign-in-ours.ts';
import { sdkClient } from './sign-in-sdk.ts';
import { median } from './stats.ts';

const GROUP = 'Sign-in cost';
const OURS = 'MCP Desk';

interface Contender {
  name: string;
  make(serverUrl: string): Promise<SignInClient>;
  goals?: { first: Goal; repeat: Goal };
  /** How it was driven, for the notes. */
  how: string;
}

const CONTENDERS: Contender[] = [
  { name: OURS, make: ourClient, goals: { first: { cmp: '<=', target: 5 }, repeat: { cmp: '<=', target: 2 } }, how: 'Engine.login; repeat after logout' },
  { name: 'MCP TS SDK auth()', make: sdkClient, how: 'unauthenticated initialize (401), auth(), browser, auth(code); the provider implements the optional discoveryState cache' },
  { name: 'mcp-remote 0.15.1', make: async (url) => mcpRemoteClient(url), how: 'dist/client.js child process, BROWSER opener; repeat after removing its tokens file' },
];

interface Tally {
  first: SeenRequest[][];
  repeat: SeenRequest[][];
  error?: string;
}

/**
 * The fixture AS lists the MCP scopes in scopes_supported but refuses them in a registration's `scope`
 * (oidc-provider checks it against its own scope set). The SDK and mcp-remote send the scope they will
 * ask for in their registration, so the bench adds the scopes to that set on its own AS.
 */
function acceptScopesInRegistration(peers: Peers, scopes: string[]): void {
  for (const s of scopes) instance(peers.as.provider).configuration.scopes.add(s);
}

export async function signInCost(ctx: BenchContext): Promise<Row[]> {
  const peers = await startPeers({ accessTokenTtl: ACCESS_TOKEN_TTL_S });
  acceptScopesInRegistration(peers, ['mcp:read', 'mcp:write']);
  const counter = new RequestCounter([peers.as.origin, peers.mcp.origin]).start();
  const tallies = new Map<string, Tally>(CONTENDERS.map((c) => [c.name, { first: [], repeat: [] }]));
  try {
    for (let rep = 0; rep < reps(ctx, 3, 1); rep++) {
      for (const c of CONTENDERS) await measure(c, tallies.get(c.name) as Tally, peers, counter);
    }
  } finally {
    counter.stop();
    await peers.close();
  }
  return [...rowsFor(tallies), countingRule()];
}

function countingRule(): Row {
  return infoRow(GROUP, {
    figure: 'Contenders measured side by side on one AS', value: CONTENDERS.length, unit: '',
    note: 'requests counted at the AS and MCP server; the browser\'s authorization-page hops, the MCP server\'s own JWKS fetch and MCP requests that carry a token (use after sign-in) are not the client\'s sign-in cost. The AS accepts the MCP scopes in registrations (the SDK and mcp-remote send them).',
  });
}

/** One first sign-in and one repeat, side by side with the others on the same AS. */
async function measure(c: Contender, tally: Tally, peers: Peers, counter: RequestCounter): Promise<void> {
  if (tally.error) return;
  const count = async (fn: () => Promise<void>): Promise<SeenRequest[]> => {
    const mark = counter.mark();
    await fn();
    return clientRequests(counter.since(mark), peers.as.origin);
  };
  let close = async (): Promise<void> => undefined;
  try {
    const client = await c.make(peers.mcp.url);
    close = () => client.close();
    tally.first.push(await count(() => client.firstSignIn()));
    await client.signOut();
    tally.repeat.push(await count(() => client.repeatSignIn()));
  } catch (e) {
    tally.error = e instanceof Error ? e.message : String(e);
  } finally {
    await close();
  }
}

function rowsFor(tallies: Map<string, Tally>): Row[] {
  const ours = tallies.get(OURS);
  const base = { first: median(ours?.first.map((r) => r.length) ?? []), repeat: median(ours?.repeat.map((r) => r.length) ?? []) };
  const rows: Row[] = [];
  for (const c of CONTENDERS) {
    const t = tallies.get(c.name) as Tally;
    for (const kind of ['first', 'repeat'] as const) {
      const figure = `${c.name}: ${kind === 'first' ? 'first sign-in' : 'repeat sign-in (cached metadata)'}, client requests`;
      if (t.error || t[kind].length === 0) {
        rows.push(notMeasured(GROUP, figure, c.goals ? `<= ${c.goals[kind].target}` : '', `${c.name} could not complete here (${t.error ?? 'no run'})`));
        continue;
      }
      const value = median(t[kind].map((r) => r.length));
      const ratio = c.name === OURS || !Number.isFinite(base[kind]) ? '' : `(${(value / base[kind]).toFixed(2)}× ${OURS})`;
      const f = { figure, value, unit: '', suffix: ratio, note: `${c.how}. Requests: ${describe(t[kind][0] ?? [])} (per run: ${t[kind].map((r) => r.length).join(', ')})`, data: { runs: t[kind].map((r) => r.length) } };
      rows.push(c.goals ? goalRow(GROUP, f, c.goals[kind]) : infoRow(GROUP, f));
    }
  }
  return rows;
}
