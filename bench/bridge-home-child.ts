// Child process of the bridge figures: in the env of the vault the bridges will use (a private Secret Service's keyring, or the passphrase), signs `count` servers in on the loopback peers and adds `static` (STATIC_URL, a static bearer token STATIC_TOKEN); answers the access tokens (for mcp-remote's header) as one JSON line.
import { Engine } from '../main/engine.ts';
import { autoBrowser } from '../tests/helpers/engine.ts';

const [home, url, count] = process.argv.slice(2);
const engine = await Engine.open(home ?? '', process.env);
const tokens: string[] = [];
for (let i = 0; i < Number(count); i++) {
  const name = `bench${i}`;
  await engine.addServer({ name, url: url ?? '' });
  const result = await engine.login(name, autoBrowser());
  if (result.status !== 'signed-in') throw new Error(`sign-in to ${name} ended with ${result.status}`);
  tokens.push(await engine.tokens.getAccessToken(name));
}
await engine.addServer({ name: 'static', url: process.env.STATIC_URL ?? '', auth: 'bearer', bearerToken: process.env.STATIC_TOKEN ?? '' });
process.stdout.write(`${JSON.stringify({ tokens })}\n`);
process.exit(0);
