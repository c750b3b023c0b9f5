// Pure helpers of the UI: the SSE parser (chunks split anywhere, CRLF, comments) and the requested-vs-granted scope diff.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser, type SseEvent } from '../../../renderer/api/sse.ts';
import { scopeDiff } from '../../../renderer/lib/scopes.ts';
import { issuesByField } from '../../../renderer/lib/issues.ts';

describe('SseParser', () => {
  const parse = (chunks: string[]) => {
    const out: SseEvent[] = [];
    const p = new SseParser((e) => out.push(e));
    for (const c of chunks) p.push(c);
    return out;
  };

  test('events split across chunks at any point, CRLF or LF, comments skipped', () => {
    const text = ': ping\r\nevent: stateChanged\r\ndata: {"a":1}\r\n\r\nevent: signInProgress\ndata: {"phase":"done"}\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      assert.deepEqual(parse([text.slice(0, cut), text.slice(cut)]), [
        { event: 'stateChanged', data: '{"a":1}' },
        { event: 'signInProgress', data: '{"phase":"done"}' },
      ], `cut at ${cut}`);
    }
  });

  test('multi-line data joins with \\n; an event without a name is "message"; an incomplete event waits', () => {
    assert.deepEqual(parse(['data: a\ndata: b\n\n', 'data: c']), [{ event: 'message', data: 'a\nb' }]);
  });
});

describe('scopeDiff', () => {
  test('a grant: dropped scopes are those requested but not granted', () => {
    assert.deepEqual(scopeDiff({ scopesRequested: ['a', 'b', 'c'], scopesGranted: ['a', 'd'] }), { requested: ['a', 'b', 'c'], granted: ['a', 'd'], dropped: ['b', 'c'], added: ['d'] });
  });

  test('offline_access is not "dropped" when a refresh token came with the grant', () => {
    assert.deepEqual(scopeDiff({ scopesRequested: ['a', 'offline_access'], scopesGranted: ['a'], refreshToken: true })?.dropped, []);
    assert.deepEqual(scopeDiff({ scopesRequested: ['a', 'offline_access'], scopesGranted: ['a'], refreshToken: false })?.dropped, ['offline_access']);
    assert.deepEqual(scopeDiff({ scopesRequested: ['a', 'offline_access'], scopesGranted: ['a'], refreshTokenIssued: false })?.dropped, ['offline_access']);
    // As the diagnostics log stores it: the key name looks secret, so its value is redacted; unknown is not "dropped".
    assert.deepEqual(scopeDiff({ scopesRequested: ['a', 'offline_access'], scopesGranted: ['a'], refreshToken: '[redacted]' })?.dropped, []);
    assert.deepEqual(scopeDiff({ scopesRequested: ['a', 'offline_access'], scopesGranted: ['a'] })?.dropped, []);
  });

  test('a request without a grant has no granted column and nothing dropped; no scopes → undefined', () => {
    assert.deepEqual(scopeDiff({ scopesRequested: 'a b' }), { requested: ['a', 'b'], granted: undefined, dropped: [], added: [] });
    assert.equal(scopeDiff({ other: 1 }), undefined);
    assert.equal(scopeDiff(undefined), undefined);
  });
});

test('issuesByField: the first message per field', () => {
  assert.deepEqual(issuesByField([{ path: ['url'], message: 'one' }, { path: ['url'], message: 'two' }, { path: [], message: 'form' }]), { url: 'one', form: 'form' });
});
