// Through mcpdesk bridge, both directions: server notifications (progress, logging) and server requests (elicitation, sampling) reach the client and its answers reach the server — for a 2026-07-28 client as its call's input rounds (SEP-2322).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as ModernClient } from '@modelcontextprotocol/client';
import { StdioClientTransport as ModernStdio } from '@modelcontextprotocol/client/stdio';
import { startRichServer, type RichServerHandle } from '../../fixtures/rich-server.ts';
import { BRIDGE_CLI, cliEnv, mcpdesk, transcript } from '../../helpers/cli.ts';

let rich: RichServerHandle;
before(async () => {
  rich = await startRichServer();
});
after(() => rich.close());

test('progress, logging, elicitation and sampling pass both ways through the bridge; the session is ended (DELETE) when the client is done', async () => {
  const { env } = cliEnv();
  assert.equal((await mcpdesk(['server', 'add', 'rich', rich.url], env)).code, 0);
  const transport = new StdioClientTransport({ command: process.execPath, args: [BRIDGE_CLI, 'bridge', 'rich'], env: env as Record<string, string>, stderr: 'pipe' });
  transport.stderr?.on('data', (d: Buffer) => transcript.push(d.toString()));
  const client = new Client({ name: 'passthrough-test', version: '1.0.0' }, { capabilities: { elicitation: {}, sampling: {} } });
  const seen: { elicit?: string; sample?: string; logs: string[]; progress: number[] } = { logs: [], progress: [] };
  let deletedBefore: number | undefined;
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
    deletedBefore = rich.deleted();
  } finally {
    await client.close();
  }
  // The client is done: the bridge ends the session it started at the server (HTTP DELETE) before it exits.
  for (let i = 0; i < 100 && deletedBefore !== undefined && rich.deleted() === deletedBefore; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(rich.deleted(), (deletedBefore ?? NaN) + 1, 'the client\'s session is ended by a DELETE');
});

test('a 2026-07-28 client before this 2025 server: the server\'s elicitation and sampling become the call\'s input rounds (SEP-2322), answered by the client', async () => {
  const { env } = cliEnv();
  assert.equal((await mcpdesk(['server', 'add', 'rich', rich.url], env)).code, 0);
  const transport = new ModernStdio({ command: process.execPath, args: [BRIDGE_CLI, 'bridge', 'rich'], env: env as Record<string, string>, stderr: 'pipe' });
  transport.stderr?.on('data', (d: Buffer) => transcript.push(d.toString()));
  const client = new ModernClient({ name: 'modern-asked-test', version: '2.0.0' }, { capabilities: { elicitation: { form: {} }, sampling: {} }, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  const seen: { elicit?: string; sample?: string } = {};
  client.setRequestHandler('elicitation/create', (req) => {
    seen.elicit = String(req.params.message);
    return { action: 'accept', content: { view: 'keen' } };
  });
  client.setRequestHandler('sampling/createMessage', (req) => {
    const first = req.params.messages[0]?.content;
    seen.sample = first && 'text' in first ? String(first.text) : undefined;
    return { role: 'assistant', model: 'test-model', content: { type: 'text', text: 'short' } };
  });
  try {
    await client.connect(transport);
    assert.equal(client.getProtocolEra(), 'modern');
    const result = await client.callTool({ name: 'interview', arguments: { topic: 'tea' } });
    assert.deepEqual(result.content, [{ type: 'text', text: 'view=keen; summary=short' }], 'the client\'s answers reached the server');
    assert.equal(seen.elicit, 'Your view on tea?');
    assert.equal(seen.sample, 'Summarise tea');
  } finally {
    await client.close();
  }
});

test('a 2026-07-28 client that declares no elicitation: the 2025 server is told it cannot ask, and the call fails with the server\'s own error, not a hang', async () => {
  const { env } = cliEnv();
  assert.equal((await mcpdesk(['server', 'add', 'rich', rich.url], env)).code, 0);
  const transport = new ModernStdio({ command: process.execPath, args: [BRIDGE_CLI, 'bridge', 'rich'], env: env as Record<string, string>, stderr: 'pipe' });
  transport.stderr?.on('data', (d: Buffer) => transcript.push(d.toString()));
  const client = new ModernClient({ name: 'modern-mute-test', version: '2.0.0' }, { capabilities: {}, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  try {
    await client.connect(transport);
    const outcome = await client.callTool({ name: 'interview', arguments: { topic: 'tea' } }).then((r) => JSON.stringify(r), (e: Error) => e.message);
    assert.match(outcome, /elicitation/i, 'the server\'s refusal names what the client lacks');
  } finally {
    await client.close();
  }
});

test('mcpdesk check ends the session it started at a stateful 2025 server (DELETE)', async () => {
  const { env } = cliEnv();
  assert.equal((await mcpdesk(['server', 'add', 'rich', rich.url], env)).code, 0);
  const before = rich.deleted();
  const check = await mcpdesk(['check', 'rich'], env);
  assert.equal(check.code, 0, check.stderr);
  assert.equal(rich.deleted(), before + 1, 'one session started, one ended');
});

test('a 2026-07-28 client\'s subscriptions/listen before this 2025 server: acknowledged by the bridge, and the server\'s tools/list_changed arrives on it', async () => {
  const { env } = cliEnv();
  assert.equal((await mcpdesk(['server', 'add', 'rich', rich.url], env)).code, 0);
  const transport = new ModernStdio({ command: process.execPath, args: [BRIDGE_CLI, 'bridge', 'rich'], env: env as Record<string, string>, stderr: 'pipe' });
  transport.stderr?.on('data', (d: Buffer) => transcript.push(d.toString()));
  const client = new ModernClient({ name: 'modern-listener', version: '2.0.0' }, { capabilities: {}, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  let changed = 0;
  client.setNotificationHandler('notifications/tools/list_changed', () => void changed++);
  try {
    await client.connect(transport);
    const sub = await client.listen({ toolsListChanged: true, promptsListChanged: true });
    assert.deepEqual(sub.honoredFilter, { toolsListChanged: true }, 'the server declares tool list changes only');
    // The session's GET stream (where a 2025 server sends unrelated notifications) may open just after the acknowledgement: tell until heard.
    for (let i = 0; i < 50 && changed === 0; i++) await rich.changeTools().then(() => new Promise((r) => setTimeout(r, 100)));
    assert.ok(changed >= 1, 'the change reached the client');
    await sub.close();
    assert.equal(await sub.closed, 'local');
  } finally {
    await client.close();
  }
});
