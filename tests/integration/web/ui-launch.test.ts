// mcpdesk ui opens the browser on an owner-only file that forwards to the UI, so the secret never appears on the browser's command line; the file goes when the UI stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { cliEnv } from '../../helpers/cli.ts';
import { startUi } from './ui-process.ts';

test('the browser gets file://…/ui-open.html (0600, forwarding to the URL with the secret), never the secret itself', async () => {
  const { home, env } = cliEnv();
  const argsFile = join(home, 'browser-args.txt');
  const script = join(home, 'browser.sh');
  writeFileSync(script, `#!/bin/sh\nprintf '%s' "$1" > '${argsFile}'\n`, { mode: 0o700 });
  const ui = await startUi({ ...env, BROWSER: script }, ['--port', '0']);
  try {
    for (let i = 0; i < 100 && !existsSync(argsFile); i++) await sleep(50);
    const arg = readFileSync(argsFile, 'utf8');
    assert.match(arg, /^file:\/\/.*ui-open\.html$/);
    assert.ok(!arg.includes(ui.secret), 'the secret is not on the command line');
    const file = fileURLToPath(arg);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(readFileSync(file, 'utf8').includes(`url=${ui.url}`), 'it forwards to the UI');
    assert.equal(await ui.stop(), 0);
    assert.equal(existsSync(file), false, 'removed when the UI stops');
  } finally {
    await ui.stop();
  }
});
