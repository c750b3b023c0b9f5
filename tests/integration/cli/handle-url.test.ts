// mcpdesk handle-url across processes: a link reaches the sign-in waiting in another process of the same data dir, or exits 1 / 2 clearly.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { LINKS_DIR, PROTOCOL } from '../../../main/net/link-channel.ts';

const HOST = join(import.meta.dirname, 'fixtures', 'link-host.ts');
const CODE = 'code-handed-over-9c1e55';

/** A link-host child for `home` waiting for `state`, with its stdout as lines. */
async function startHost(home: string, state: string): Promise<{ child: ChildProcessWithoutNullStreams; next(): Promise<string> }> {
  const child = spawn(process.execPath, [HOST, home, state], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error('link host ended');
    return r.value;
  };
  assert.equal(await next(), 'ready');
  return { child, next };
}

const children: ChildProcessWithoutNullStreams[] = [];
after(() => children.forEach((c) => c.kill()));

describe('mcpdesk handle-url', () => {
  test('hands the link to the other process, whose waiting sign-in gets it', async () => {
    const { home, env } = cliEnv();
    const host = await startHost(home, 'state-1');
    children.push(host.child);
    const r = await mcpdesk(['handle-url', `mcpdesk://oauth/callback?code=${CODE}&state=state-1`], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Handed the link to MCP Desk \(test-host, pid \d+\)/);
    assert.equal(await host.next(), `delivered ${CODE}`);
    assert.ok(!`${r.stdout}${r.stderr}`.includes(CODE), 'the code is never printed');
  });

  test('a link for no pending sign-in: exit 1 saying so, the host logs it without the code', async () => {
    const { home, env } = cliEnv();
    const host = await startHost(home, 'state-1');
    children.push(host.child);
    const r = await mcpdesk(['handle-url', `mcpdesk://oauth/callback?code=${CODE}&state=other`], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no sign-in in progress is waiting for it/);
    const log = await host.next();
    assert.match(log, /^log .*unknown-state/);
    assert.ok(!`${r.stdout}${r.stderr}${log}`.includes(CODE), 'the code is never printed');
  });

  test('no instance running: exit 1 with a clear message', async () => {
    const { env } = cliEnv();
    const r = await mcpdesk(['handle-url', `mcpdesk://oauth/callback?code=${CODE}&state=s`], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No MCP Desk is running for the data dir/);
    assert.ok(!r.stderr.includes(CODE));
  });

  test('an instance file left by a crashed instance counts as none running, and is removed', async () => {
    const { home, env } = cliEnv();
    const host = await startHost(home, 'state-1');
    const [file] = readdirSync(join(home, LINKS_DIR));
    host.child.kill('SIGKILL');
    await new Promise((r) => host.child.once('exit', r));
    assert.ok(file && existsSync(join(home, LINKS_DIR, file)), 'SIGKILL left the instance file behind');
    const r = await mcpdesk(['handle-url', 'mcpdesk://oauth/callback?code=c&state=state-1'], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No MCP Desk is running/);
    assert.deepEqual(readdirSync(join(home, LINKS_DIR)), []);
  });

  test('an instance file whose listener is foreign (cannot prove the secret) gets no link', async () => {
    const { home, env } = cliEnv();
    mkdirSync(join(home, LINKS_DIR), { recursive: true });
    const { createServer } = await import('node:net');
    const received: string[] = [];
    const impostor = createServer((s) => {
      s.on('data', (d: Buffer) => {
        received.push(d.toString());
        s.write(`${JSON.stringify({ proof: 'forged', nonce: 'n' })}\n`);
      });
    });
    await new Promise<void>((r) => impostor.listen(0, '127.0.0.1', r));
    const port = (impostor.address() as { port: number }).port;
    writeFileSync(join(home, LINKS_DIR, 'x.json'), JSON.stringify({ protocol: PROTOCOL, port, secret: 'A'.repeat(43), pid: process.pid, host: 'impostor', startedAt: new Date().toISOString() }), { mode: 0o600 });
    const r = await mcpdesk(['handle-url', `mcpdesk://oauth/callback?code=${CODE}&state=s`], env);
    impostor.close();
    assert.equal(r.code, 1);
    assert.ok(received.length > 0, 'the client did connect');
    assert.ok(!received.join('').includes(CODE) && !received.join('').includes('mcpdesk://'), 'the link never reached the impostor');
  });

  for (const bad of ['https://example.com/callback?code=x', 'javascript:alert(1)', 'file:///etc/passwd']) {
    test(`refuses ${bad.split(':')[0]}: links with exit 2`, async () => {
      const { env } = cliEnv();
      const r = await mcpdesk(['handle-url', bad], env);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /handle-url takes an mcpdesk:\/\/ link/);
    });
  }
});
