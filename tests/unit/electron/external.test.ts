// app/electron/main/external.ts: shell.openExternal only for https and loopback http.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openExternalSafely } from '../../../app/electron/main/external.ts';
import { isDeskError } from '../../../main/errors.ts';
import { FakeShell } from './fake-electron.ts';

describe('openExternalSafely', () => {
  for (const url of ['https://as.example.com/authorize?x=1', 'http://127.0.0.1:8123/callback', 'http://localhost:3000/']) {
    test(`opens ${url}`, async () => {
      const shell = new FakeShell();
      await openExternalSafely(shell, url);
      assert.deepEqual(shell.opened, [new URL(url).href]);
    });
  }
  for (const url of ['http://as.example.com/authorize', 'file:///etc/passwd', 'javascript:alert(1)', 'mcpdesk://oauth/callback', 'smb://host/share', 'ms-settings:', 'not a url']) {
    test(`refuses ${url} and opens nothing`, async () => {
      const shell = new FakeShell();
      await assert.rejects(openExternalSafely(shell, url), (e) => isDeskError(e, 'InsecureUrl'));
      assert.deepEqual(shell.opened, []);
    });
  }
});
