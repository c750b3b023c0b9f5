// When the authorization request is pushed (RFC 9126 §5): required by the AS, or offered and asked for.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decidePar } from '../../../main/oauth/par.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';
import { DeskError } from '../../../main/errors.ts';

const base: AuthServerMetadata = { issuer: 'https://as.example.com', authorization_endpoint: 'https://as.example.com/a', token_endpoint: 'https://as.example.com/t' };
const offered = { ...base, pushed_authorization_request_endpoint: 'https://as.example.com/par' } as AuthServerMetadata;
const required = { ...offered, require_pushed_authorization_requests: true } as AuthServerMetadata;

describe('decidePar', () => {
  test('required → pushed, whatever the settings say', () => {
    assert.deepEqual(decidePar(required, { par: false }), { push: true, endpoint: 'https://as.example.com/par', required: true });
  });
  test('offered, not asked for → through the browser', () => assert.deepEqual(decidePar(offered, undefined), { push: false }));
  test('offered and asked for → pushed', () => assert.equal(decidePar(offered, { par: true }).push, true));
  test('asked for but not offered → through the browser, with the reason', () => {
    const d = decidePar(base, { par: true });
    assert.equal(d.push, false);
    assert.match(d.push ? '' : d.reason ?? '', /offers no pushed_authorization_request_endpoint/);
  });
  test('required without an endpoint → the AS metadata is refused', () => {
    assert.throws(() => decidePar({ ...base, require_pushed_authorization_requests: true } as AuthServerMetadata, undefined), (e: unknown) => e instanceof DeskError && e.code === 'InvalidResponse');
  });
  test('a non-https PAR endpoint is refused', () => {
    assert.throws(() => decidePar({ ...required, pushed_authorization_request_endpoint: 'http://as.example.com/par' } as AuthServerMetadata, undefined), (e: unknown) => e instanceof DeskError && e.code === 'InsecureUrl');
  });
});
