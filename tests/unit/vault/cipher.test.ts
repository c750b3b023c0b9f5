// AES-256-GCM sealing shared by every backend: round trip, record id as associated data, tamper detection.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { isDeskError } from '../../../main/errors.ts';
import { KeyCipher, open, seal } from '../../../main/vault/cipher.ts';
import { memoryCipher } from '../../../main/vault/memory-cipher.ts';

const key = randomBytes(32);
const corrupt = (e: unknown) => isDeskError(e, 'VaultCorrupt');

describe('seal / open (AES-256-GCM)', () => {
  test('round trip, including non-ASCII and empty text', () => {
    for (const text of ['hello', '', 'pässwörd ✓ 🔑', 'x'.repeat(100_000)]) assert.equal(open(key, seal(key, text, 'id-1'), 'id-1'), text);
  });

  test('layout: 12-byte IV, 16-byte tag, then ciphertext of the same length as the text', () => {
    const sealed = seal(key, 'hello', 'id-1');
    assert.equal(sealed.length, 12 + 16 + 5);
    assert.ok(!sealed.includes(Buffer.from('hello')));
  });

  test('a fresh random IV every time', () => {
    const a = seal(key, 'same', 'id');
    const b = seal(key, 'same', 'id');
    assert.notDeepEqual(a.subarray(0, 12), b.subarray(0, 12));
    assert.notDeepEqual(a, b);
  });

  test('another record id (aad) does not decrypt: a record moved to another id fails', () => {
    assert.throws(() => open(key, seal(key, 'hello', 'server/a'), 'server/b'), corrupt);
  });

  test('another key does not decrypt', () => {
    assert.throws(() => open(randomBytes(32), seal(key, 'hello', 'id'), 'id'), corrupt);
  });

  test('any flipped byte (IV, tag or ciphertext) does not decrypt', () => {
    const sealed = seal(key, 'hello world', 'id');
    for (let i = 0; i < sealed.length; i++) {
      const bad = Buffer.from(sealed);
      bad[i] = (bad[i] ?? 0) ^ 0x01;
      assert.throws(() => open(key, bad, 'id'), corrupt, `byte ${i}`);
    }
  });

  test('truncated bytes are VaultCorrupt, whether shorter than the header or cut in the ciphertext', () => {
    assert.throws(() => open(key, Buffer.alloc(5), 'x'), corrupt);
    const sealed = seal(key, 'hello world', 'id');
    assert.throws(() => open(key, sealed.subarray(0, sealed.length - 1), 'id'), corrupt);
  });

  test('the error names the record, never the key or the text', () => {
    try {
      open(key, seal(key, 'super-secret-text', 'rec-7'), 'rec-8');
      assert.fail('should throw');
    } catch (e) {
      assert.ok(corrupt(e));
      assert.match((e as Error).message, /rec-8/);
      assert.ok(!(e as Error).message.includes('super-secret-text'));
      assert.ok(!(e as Error).message.includes(key.toString('base64')));
    }
  });
});

describe('KeyCipher', () => {
  test('loads the key once, lazily; retries after a failed load', async () => {
    let loads = 0;
    let fail = true;
    const c = new KeyCipher('keyring', async () => {
      loads++;
      if (fail) throw new Error('not yet');
      return key;
    });
    assert.equal(loads, 0);
    assert.equal(await c.isEncryptionAvailable(), false);
    fail = false;
    assert.equal(await c.isEncryptionAvailable(), true);
    const sealed = await c.encryptString('v', 'id');
    assert.equal(await c.decryptString(sealed, 'id'), 'v');
    assert.equal(open(key, sealed, 'id'), 'v', 'the cipher uses the loaded key with the shared AES-GCM format');
    assert.equal(loads, 2);
  });

  test('a key of the wrong length is refused', async () => {
    const c = new KeyCipher('keyring', async () => randomBytes(16));
    await assert.rejects(c.ready(), corrupt);
  });
});

describe('memory cipher', () => {
  test('backend memory; two instances have different keys', async () => {
    const a = memoryCipher();
    const b = memoryCipher();
    assert.equal(a.backend, 'memory');
    const sealed = await a.encryptString('v', 'id');
    assert.equal(await a.decryptString(sealed, 'id'), 'v');
    await assert.rejects(b.decryptString(sealed, 'id'), corrupt);
  });
});
