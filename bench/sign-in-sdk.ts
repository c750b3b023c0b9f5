// The MCP TypeScript SDK's client auth (auth() with an OAuthClientProvider) driven as its Streamable HTTP transport drives it: 401 → auth → browser → auth(code).
import { auth, extractWWWAuthenticateParams, type OAuthClientProvider, type OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { traceAuthorization } from '../tests/fixtures/browser.ts';
import type { SignInClient } from './sign-in-client.ts';
import { startCallbackServer, type CallbackServer } from './callback-server.ts';

/** Everything the SDK asks a provider to keep, in memory, including the optional discovery cache (so a repeat sign-in can skip discovery). */
class MemoryProvider implements OAuthClientProvider {
  private client: OAuthClientInformationMixed | undefined;
  private saved: OAuthTokens | undefined;
  private verifier = '';
  private discovery: OAuthDiscoveryState | undefined;
  authorizationUrl: URL | undefined;
  private readonly callback: string;

  constructor(callback: string) {
    this.callback = callback;
  }

  get redirectUrl(): string {
    return this.callback;
  }

  get clientMetadata(): OAuthClientMetadata {
    return { client_name: 'SDK bench client', redirect_uris: [this.callback], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }

  clientInformation() { return this.client; }
  saveClientInformation(info: OAuthClientInformationMixed) { this.client = info; }
  tokens() { return this.saved; }
  saveTokens(tokens: OAuthTokens) { this.saved = tokens; }
  redirectToAuthorization(url: URL) { this.authorizationUrl = url; }
  saveCodeVerifier(v: string) { this.verifier = v; }
  codeVerifier() { return this.verifier; }
  saveDiscoveryState(state: OAuthDiscoveryState) { this.discovery = state; }
  discoveryState() { return this.discovery; }
  forgetTokens() { this.saved = undefined; }
}

const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'sdk-bench', version: '1' } } };

/**
 * First sign-in: the transport's unauthenticated request (401), auth(), the browser, auth(code). Repeat:
 * auth() with the cached discovery state and client, the browser, auth(code).
 */
export async function sdkClient(serverUrl: string): Promise<SignInClient> {
  const callback: CallbackServer = await startCallbackServer();
  const provider = new MemoryProvider(callback.redirectUrl);
  let challenge: { resourceMetadataUrl?: URL; scope?: string } = {};
  const signIn = async (): Promise<void> => {
    const opts = { serverUrl, ...(challenge.resourceMetadataUrl && { resourceMetadataUrl: challenge.resourceMetadataUrl }), ...(challenge.scope && { scope: challenge.scope }) };
    if ((await auth(provider, opts)) !== 'REDIRECT' || !provider.authorizationUrl) throw new Error('the SDK did not ask for a browser sign-in');
    const params = callback.next();
    await traceAuthorization(provider.authorizationUrl.href);
    const code = (await params).get('code');
    if (!code) throw new Error('the SDK sign-in got no authorization code');
    if ((await auth(provider, { ...opts, authorizationCode: code })) !== 'AUTHORIZED') throw new Error('the SDK code exchange did not authorize');
  };
  return {
    firstSignIn: async () => {
      const res = await fetch(serverUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(INITIALIZE) });
      await res.arrayBuffer();
      if (res.status !== 401) throw new Error(`the MCP server answered ${res.status} without a token`);
      challenge = extractWWWAuthenticateParams(res);
      await signIn();
    },
    signOut: async () => provider.forgetTokens(),
    repeatSignIn: signIn,
    close: () => callback.close(),
  };
}
