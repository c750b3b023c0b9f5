// main/net/browser-opener.ts (openerCommand): BROWSER gets the URL as one argument, never as shell text; else the platform opener.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openerCommand } from '../../../main/net/browser-opener.ts';

const hostile = 'https://as.example.com/authorize?a=1&b=$(rm -rf /)&c=`id`;echo "x"';

test('BROWSER runs through sh with the URL as the positional $1', () => {
  const c = openerCommand(hostile, { BROWSER: 'firefox --new-window' }, 'linux');
  assert.deepEqual(c, { file: '/bin/sh', args: ['-c', 'firefox --new-window "$1"', 'mcpdesk-browser', hostile] });
  assert.ok(!c.args[1]?.includes('rm -rf'), 'the URL never becomes part of the shell text');
});

test('without BROWSER: xdg-open, open, rundll32 — the URL as the last argument, untouched', () => {
  assert.deepEqual(openerCommand(hostile, {}, 'linux'), { file: 'xdg-open', args: [hostile] });
  assert.deepEqual(openerCommand(hostile, {}, 'freebsd'), { file: 'xdg-open', args: [hostile] });
  assert.deepEqual(openerCommand(hostile, {}, 'darwin'), { file: 'open', args: [hostile] });
  assert.deepEqual(openerCommand(hostile, {}, 'win32'), { file: 'rundll32', args: ['url.dll,FileProtocolHandler', hostile] });
});

test('an empty BROWSER counts as unset', () => {
  assert.deepEqual(openerCommand('https://a.example/', { BROWSER: '' }, 'linux'), { file: 'xdg-open', args: ['https://a.example/'] });
});
