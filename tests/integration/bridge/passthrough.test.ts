// Through mcpdesk bridge, both directions: server notifications (progress, logging) and server requests (elicitation, sampling) reach the client and its answers reach the server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startRichServer, type RichServerHandle } from '../../fixtures/rich-server.ts';
import { CLI, cliEnv, mcpdesk, transcript } from '../../helpers/cli.ts';

let rich: RichServerHandle;
before(async () => {
  rich = await startRichServer();
});
after(() => rich.close());

test('progress, logging, elicitation and sampling pass both ways through the bridge', async () => {
  const { env } = cliEnv();
  assert.equal((await mcpdesk(['server', 'add', 'rich', rich.url], env)).code, 0);
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'bridge', 'rich'], env: env as Record<string, string>, stderr: 'pipe' });
  transport.stderr?.on('data', (d: Buffer) => transcript.push(d.toString()));
  const client = new Client({ name: 'passthrough-test', version: '1.0.0' }, { capabilities: { elicitation: {}, sampling: {} } });
  const seen: { elicit?: string; sample?: string; logs: string[]; progress: number[] } = { logs: [], progress: [] };
  client.setRequestHandler(ElicitRequestSchema, (req) => {
    seen.elicit = req.params.message;
    return { action: 'accept', content: { view: 'keen' } };
  });
  client.setRequestHandler(CreateMessageRequestSchema, (req) => {
    const first = req.params.messages[0]?.content;
    seen.sample = first && 'text' in first ? String(first.text) : undefined;
    return { role: 'assistant', model: 'test-model', content: { type: 'text', text: 'short' } };
  });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void seen.logs.push(String(n.params.data)));
  try {
    await client.connect(transport);
    const result = await client.callTool({ name: 'interview', arguments: { topic: 'tea' } }, undefined, { onprogress: (p) => void seen.progress.push(p.progress) });
    assert.deepEqual(result.content, [{ type: 'text', text: 'view=keen; summary=short' }], 'the client\'s answers reached the server');
    assert.equal(seen.elicit, 'Your view on tea?');
    assert.equal(seen.sample, 'Summarise tea');
    assert.deepEqual(seen.logs, ['interview about tea']);
    assert.deepEqual(seen.progress, [1]);
  } finally {
    await client.close();
  }
});
