// What the sign-in cost figure drives in each client (MCP Desk, the SDK, mcp-remote): a first sign-in, a sign-out, a repeat.

export interface SignInClient {
  /** From nothing known: discovery, registration, the browser, the token. */
  firstSignIn(): Promise<void>;
  /** Forgets the tokens only (not counted): metadata and registration stay cached where the client caches them. */
  signOut(): Promise<void>;
  /** Signs in again after signOut(). */
  repeatSignIn(): Promise<void>;
  close(): Promise<void>;
}
