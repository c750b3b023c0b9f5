// Types for the one oidc-provider internal the bench touches: the per-provider configuration cache (to add scopes at runtime).
declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  const get: (provider: object) => { configuration: { scopes: Set<string> } };
  export default get;
}
