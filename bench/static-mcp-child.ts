// Child process of the per-call figures: the SDK MCP server of the fixtures (stateless Streamable HTTP, JSON answers) behind one static bearer token (STATIC_TOKEN), in its own process so its work never shares an event loop with the clients being timed. Prints "ready", then its URL.
import { listen, readBody } from '../tests/fixtures/http-util.ts';
import { serveMcp } from '../tests/fixtures/mcp-app.ts';

const token = process.env.STATIC_TOKEN ?? '';
const caller = { sub: 'bench', clientId: 'bench', scopes: [] };
const server = await listen(async (req, res) => {
  if (req.headers.authorization !== `Bearer ${token}`) {
    res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
    return;
  }
  const text = await readBody(req);
  await serveMcp(req, res, text ? JSON.parse(text) : undefined, caller, token);
});
process.stdout.write(`ready\n${server.origin}/mcp\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
