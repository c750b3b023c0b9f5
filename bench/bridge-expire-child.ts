// Child process of the bridge refresh figure: in the vault's env, makes `name`'s saved access token look expired (its expiresAt a minute ago), as if the bridges had been idle past its lifetime.
import { Engine } from '../main/engine.ts';
import { readTokens } from '../main/tokens/token-access.ts';
import { recordIds } from '../main/tokens/token-record.ts';

const [home, name] = process.argv.slice(2);
const engine = await Engine.open(home ?? '', process.env);
const record = await readTokens(engine.vault, name ?? '');
if (!record) throw new Error(`no tokens saved for ${name}`);
await engine.vault.set(recordIds.tokens(name ?? ''), JSON.stringify({ ...record, expiresAt: Date.now() - 60_000 }));
process.stdout.write(`${JSON.stringify({ expired: true })}\n`);
process.exit(0);
