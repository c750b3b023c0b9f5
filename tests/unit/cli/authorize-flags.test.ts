// server add/edit flags for the authorization request: parsed into settings, bad ones refused as usage errors (exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, UsageError } from '../../../app/cli/args.ts';
import { authorizeFlags } from '../../../app/cli/commands/authorize-flags.ts';

const flags = (...argv: string[]) => authorizeFlags(parse(['server', 'add', 'n', 'https://x.example/mcp', ...argv]));

test('no flag → no settings', () => assert.equal(flags(), undefined));
test('every flag → its setting', () => {
  assert.deepEqual(flags('--par', '--no-prompt-consent', '--profile', 'okta', '--authorize-param', 'acr_values=mfa', '--authorize-param', 'login_hint=a@b.example', '--no-resource'), {
    par: true, promptConsent: false, sendResource: false, profile: 'okta', params: { acr_values: 'mfa', login_hint: 'a@b.example' },
  });
});
test('a flag with its negation → usage error', () => {
  assert.throws(() => flags('--par', '--no-par'), UsageError);
  assert.throws(() => flags('--no-resource', '--send-resource'), UsageError);
});
test('an unknown profile → usage error naming the choices', () => assert.throws(() => flags('--profile', 'azure'), /must be one of entra, google/));
test('a parameter MCP Desk sets itself, or no KEY=VALUE → usage error', () => {
  assert.throws(() => flags('--authorize-param', 'state=x'), /cannot set state/);
  assert.throws(() => flags('--authorize-param', 'redirect_uri=http://evil.example'), /cannot set redirect_uri/);
  assert.throws(() => flags('--authorize-param', 'novalue'), /KEY=VALUE/);
});
