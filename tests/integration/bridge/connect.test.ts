// mcpdesk connect/disconnect against sample configs of Claude Desktop, Claude Code, Cursor and VS Code (JSONC): exact output, backups, refusals.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BRIDGE_NODE_OPTIONS } from '../../../main/clients/bridge-command.ts';
import { cliEnv, LAUNCHER, mcpdesk, ROOT } from '../../helpers/cli.ts';

const SAMPLES = join(ROOT, 'tests', 'fixtures', 'client-configs');
const sample = (f: string) => readFileSync(join(SAMPLES, f), 'utf8');

/** A data dir with a server `notes`, HOME inside it so each client's default config path is ours. */
async function setup() {
  const { home, env } = cliEnv({ MCPDESK_VAULT: 'memory' });
  env.HOME = join(home, 'user');
  env.XDG_CONFIG_HOME = join(home, 'user', '.config');
  assert.equal((await mcpdesk(['server', 'add', 'notes', 'https://mcp.example.com/mcp'], env)).code, 0);
  const place = (f: string, rel: string) => {
    const to = join(env.HOME ?? '', rel);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(SAMPLES, f), to);
    return to;
  };
  return { home, env, place };
}

/** The bridge entry as each client's file shows it, indented for its depth. */
function entryText(home: string, typed: boolean, indent: string): string {
  const lines = [
    '{',
    ...(typed ? ['  "type": "stdio",'] : []),
    `  "command": ${JSON.stringify(process.execPath)},`,
    '  "args": [',
    ...BRIDGE_NODE_OPTIONS.map((o) => `    ${JSON.stringify(o)},`),
    `    ${JSON.stringify(LAUNCHER)},`,
    '    "bridge",',
    '    "notes"',
    '  ],',
    '  "env": {',
    `    "MCPDESK_HOME": ${JSON.stringify(home)}`,
    '  }',
    '}',
  ];
  return lines.map((l, i) => (i === 0 ? l : indent + l)).join('\n');
}

describe('connect and disconnect', () => {
  test('Claude Desktop: added beside the existing server and settings; backup of the original', async () => {
    const { home, env, place } = await setup();
    const file = place('claude_desktop_config.json', '.config/Claude/claude_desktop_config.json');
    const r = await mcpdesk(['connect', 'notes', '--client', 'claude-desktop'], env);
    assert.equal(r.code, 0, r.stderr);
    const expected = sample('claude_desktop_config.json').replace('      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "placeholder" }\n    }\n', `      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "placeholder" }\n    },\n    "notes": ${entryText(home, false, '    ')}\n`);
    assert.equal(readFileSync(file, 'utf8'), expected);
    assert.equal(readFileSync(`${file}.mcpdesk-backup`, 'utf8'), sample('claude_desktop_config.json'));
  });

  test('Claude Code (~/.claude.json): a typed stdio entry; every other key untouched', async () => {
    const { home, env, place } = await setup();
    const file = place('claude.json', '.claude.json');
    assert.equal((await mcpdesk(['connect', 'notes', '--client', 'claude-code'], env)).code, 0);
    const expected = sample('claude.json').replace('"url": "https://mcp.sentry.dev/mcp" }\n', `"url": "https://mcp.sentry.dev/mcp" },\n    "notes": ${entryText(home, true, '    ')}\n`);
    assert.equal(readFileSync(file, 'utf8'), expected);
  });

  test('Cursor (~/.cursor/mcp.json), and a new file when there is none', async () => {
    const { home, env, place } = await setup();
    const file = place('cursor-mcp.json', '.cursor/mcp.json');
    assert.equal((await mcpdesk(['connect', 'notes', '--client', 'cursor'], env)).code, 0);
    const expected = sample('cursor-mcp.json').replace('"/home/me"]\n    }\n', `"/home/me"]\n    },\n    "notes": ${entryText(home, false, '    ')}\n`);
    assert.equal(readFileSync(file, 'utf8'), expected);
    const fresh = await setup();
    assert.equal((await mcpdesk(['connect', 'notes', '--client', 'cursor'], fresh.env)).code, 0);
    assert.equal(readFileSync(join(fresh.env.HOME ?? '', '.cursor', 'mcp.json'), 'utf8'), `{\n  "mcpServers": {\n    "notes": ${entryText(fresh.home, false, '    ')}\n  }\n}\n`);
    assert.equal(existsSync(join(fresh.env.HOME ?? '', '.cursor', 'mcp.json.mcpdesk-backup')), false, 'nothing to back up');
  });

  test('VS Code: JSONC comments and trailing commas kept; disconnect gives back the original byte for byte', async () => {
    const { home, env, place } = await setup();
    const file = place('vscode-mcp.jsonc', '.config/Code/User/mcp.json');
    assert.equal((await mcpdesk(['connect', 'notes', '--client', 'vscode'], env)).code, 0);
    const expected = sample('vscode-mcp.jsonc').replace('server-memory"],\n    },\n', `server-memory"],\n    },\n    "notes": ${entryText(home, true, '    ')},\n`);
    assert.equal(readFileSync(file, 'utf8'), expected);
    const status = JSON.parse((await mcpdesk(['--json', 'status'], env)).stdout) as { connections: Record<string, string[]> };
    assert.deepEqual(status.connections, { notes: ['vscode'] });
    assert.match((await mcpdesk(['status'], env)).stdout, /notes .* vscode/);
    assert.equal((await mcpdesk(['disconnect', 'notes', '--client', 'vscode'], env)).code, 0);
    assert.equal(readFileSync(file, 'utf8'), sample('vscode-mcp.jsonc'));
  });

  test('connecting twice changes nothing the second time', async () => {
    const { env } = await setup();
    assert.equal((await mcpdesk(['connect', 'notes', '--client', 'cursor'], env)).code, 0);
    const r = await mcpdesk(['connect', 'notes', '--client', 'cursor'], env);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /already connected/);
  });

  test('an invalid JSON file is refused with where it breaks; nothing written, no backup', async () => {
    const { env, place } = await setup();
    const file = place('invalid.json', '.config/Claude/claude_desktop_config.json');
    const r = await mcpdesk(['connect', 'notes', '--client', 'claude-desktop'], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is not valid JSON \(.* at offset \d+\): fix it first; nothing was written/);
    assert.equal(readFileSync(file, 'utf8'), sample('invalid.json'));
    assert.equal(existsSync(`${file}.mcpdesk-backup`), false);
  });

  test('a config that is a symlink (a dotfiles checkout): the file it points to is edited, the link stays a link', async () => {
    const { env, place } = await setup();
    const real = place('claude_desktop_config.json', 'dotfiles/claude_desktop_config.json');
    const link = join(env.HOME ?? '', '.config/Claude/claude_desktop_config.json');
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(real, link);
    const r = await mcpdesk(['connect', 'notes', '--client', 'claude-desktop'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(lstatSync(link).isSymbolicLink(), 'still a link');
    assert.match(readFileSync(real, 'utf8'), /"bridge",\s*"notes"/);
    assert.equal(readFileSync(`${link}.mcpdesk-backup`, 'utf8'), sample('claude_desktop_config.json'), 'the backup holds what the link pointed to');
  });

  test('a 50 MB config, or one owned by another user: refused in plain words, the file unchanged, no backup', async () => {
    const { env, place } = await setup();
    const file = place('claude_desktop_config.json', '.config/Claude/claude_desktop_config.json');
    const huge = `{"mcpServers": {}, "padding": "${'x'.repeat(50 * 1024 * 1024)}"}`;
    writeFileSync(file, huge);
    const big = await mcpdesk(['connect', 'notes', '--client', 'claude-desktop'], env);
    assert.equal(big.code, 1);
    assert.match(big.stderr, /is 50 MB: too large for an MCP client's config, so MCP Desk leaves it alone; nothing was written/);
    assert.equal(statSync(file).size, huge.length);
    assert.equal(existsSync(`${file}.mcpdesk-backup`), false);
    if (process.getuid?.() !== 0) {
      process.stdout.write('# connect: the other-user case needs root to chown a file to another uid; skipped here\n');
      return;
    }
    copyFileSync(join(SAMPLES, 'claude_desktop_config.json'), file);
    chownSync(file, 4242, 4242);
    const theirs = await mcpdesk(['connect', 'notes', '--client', 'claude-desktop'], env);
    assert.equal(theirs.code, 1);
    assert.match(theirs.stderr, /belongs to another user \(uid 4242\): MCP Desk does not rewrite it, nothing was written/);
    assert.equal(readFileSync(file, 'utf8'), sample('claude_desktop_config.json'));
    assert.equal(statSync(file).uid, 4242, 'still theirs');
    assert.equal(existsSync(`${file}.mcpdesk-backup`), false);
  });

  test('an entry of the same name MCP Desk did not write is left alone', async () => {
    const clash = await setup();
    const other = clash.place('cursor-mcp.json', '.cursor/mcp.json');
    assert.equal((await mcpdesk(['server', 'add', 'filesystem', 'https://fs.example.com/mcp'], clash.env)).code, 0);
    const refused = await mcpdesk(['connect', 'filesystem', '--client', 'cursor'], clash.env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /did not write/);
    assert.equal(readFileSync(other, 'utf8'), sample('cursor-mcp.json'));
    assert.equal((await mcpdesk(['disconnect', 'filesystem', '--client', 'cursor'], clash.env)).code, 1);
    assert.equal(readFileSync(other, 'utf8'), sample('cursor-mcp.json'));
  });

  test('--config-file writes the file named instead of the default one', async () => {
    const { home, env } = await setup();
    const file = join(home, 'project', '.cursor', 'mcp.json');
    assert.equal((await mcpdesk(['connect', 'notes', '--client', 'cursor', '--config-file', file], env)).code, 0);
    assert.ok(readFileSync(file, 'utf8').includes('"bridge"'));
    assert.equal(existsSync(join(env.HOME ?? '', '.cursor', 'mcp.json')), false);
  });

  test('--dry-run shows the new file and writes nothing; bad arguments are usage errors', async () => {
    const { env, place } = await setup();
    const file = place('cursor-mcp.json', '.cursor/mcp.json');
    const r = await mcpdesk(['connect', 'notes', '--client', 'cursor', '--dry-run'], env);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Would write .*mcp\.json:\n\{\n {2}"mcpServers"/);
    assert.ok(r.stdout.includes('"bridge"'));
    assert.equal(readFileSync(file, 'utf8'), sample('cursor-mcp.json'));
    assert.equal((await mcpdesk(['connect', 'notes', '--client', 'zed'], env)).code, 2);
    assert.equal((await mcpdesk(['connect', 'nope', '--client', 'cursor'], env)).code, 1);
  });
});
