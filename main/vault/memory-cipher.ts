// The memory backend's cipher: a random data key that lives in this process only; nothing is persisted.
import { randomBytes } from 'node:crypto';
import { KEY_BYTES, KeyCipher } from './cipher.ts';

/** A cipher with a fresh random key per call; what it encrypts is unreadable after the process ends. */
export function memoryCipher(): KeyCipher {
  const key = randomBytes(KEY_BYTES);
  return new KeyCipher('memory', async () => key);
}
