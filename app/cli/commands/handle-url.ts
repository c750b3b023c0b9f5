// mcpdesk handle-url URL: hands an mcpdesk:// link (an OAuth deep-link redirect, RFC 8252 §7.1) to the running app or `mcpdesk ui`.
import { describeLink } from '../../../main/oauth/deep-link.ts';
import { isMcpdeskLink } from '../../../main/net/link-channel.ts';
import { sendLink } from '../../../main/net/link-client.ts';
import { dataDir } from '../../../main/store/paths.ts';
import { need, UsageError, type ParsedArgs } from '../args.ts';
import { err, out, type CliIo } from '../io.ts';

/** Needs no engine (no vault, no keychain prompt): it only talks to the instance that runs the sign-in. */
export async function handleUrlCommand(p: ParsedArgs, io: CliIo): Promise<number> {
  const url = need(p, 1, 'URL');
  if (!isMcpdeskLink(url)) throw new UsageError('handle-url takes an mcpdesk:// link (nothing else is handed to MCP Desk)');
  const home = p.flags.home ?? dataDir(io.env);
  const outcome = await sendLink(home, url);
  if (outcome.delivered) {
    out(io, `Handed the link to MCP Desk (${outcome.host}, pid ${outcome.pid}).`);
    return 0;
  }
  err(io, `mcpdesk: the running MCP Desk (${outcome.host}, pid ${outcome.pid}) ignored the link ${describeLink(url)}: ${explain(outcome.reason)}`);
  return 1;
}

function explain(reason: string): string {
  switch (reason) {
    case 'unknown-state': return 'no sign-in in progress is waiting for it (it may have timed out: sign in again)';
    case 'replayed': return 'that sign-in has already ended (a link works once)';
    case 'not-a-callback': return 'it is not an mcpdesk://oauth/callback link';
    case 'no-state': return 'it carries no state';
    default: return reason;
  }
}
