// MCP Desk's sign-in through the engine (Engine.login with the fixture browser): first on a fresh data dir, then again with the cache.
import { Engine } from '../main/engine.ts';
import { autoBrowser } from '../tests/helpers/engine.ts';
import type { SignInClient } from './sign-in-client.ts';
import { SERVER, tempDir, VAULT_ENV } from './setup.ts';

/** A fresh data dir with the server added; signing out revokes and forgets the tokens, the cached metadata and registration stay. */
export async function ourClient(serverUrl: string): Promise<SignInClient> {
  const engine = await Engine.open(tempDir('sign-in'), VAULT_ENV);
  await engine.addServer({ name: SERVER, url: serverUrl });
  const login = async (): Promise<void> => {
    const r = await engine.login(SERVER, autoBrowser());
    if (r.status !== 'signed-in') throw new Error(`MCP Desk sign-in ended with ${r.status}`);
  };
  return {
    firstSignIn: login,
    signOut: async () => {
      await engine.logout(SERVER);
    },
    repeatSignIn: login,
    close: async () => undefined,
  };
}
