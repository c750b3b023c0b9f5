// Typed errors of the engine: every failure carries a stable code; nothing matches on message text.

export type ErrorCode =
  | 'InsecureUrl'
  | 'NetworkError'
  | 'Timeout'
  | 'ResponseTooLarge'
  | 'TooManyRedirects'
  | 'UnexpectedRedirect'
  | 'InvalidResponse'
  | 'DiscoveryFailed'
  | 'ResourceMismatch'
  | 'IssuerMismatch'
  | 'PkceUnsupported'
  | 'RegistrationFailed'
  | 'ClientRequired'
  | 'StateMismatch'
  | 'AuthorizationDenied'
  | 'CallbackInvalid'
  | 'TokenRequestFailed'
  | 'InvalidGrant'
  | 'InvalidClient'
  | 'SignInRequired'
  | 'SignInTimeout'
  | 'SignInCancelled'
  | 'VaultUnavailable'
  | 'VaultCorrupt'
  | 'WrongPassphrase'
  | 'LockBusy'
  | 'StorageUnavailable'
  | 'ConfigInvalid'
  | 'NotFound'
  | 'AlreadyExists'
  | 'McpFailed'
  | 'InsufficientScope'
  | 'RefreshFailing'
  | 'InputRequired'
  | 'DeviceFlowUnsupported'
  | 'DeviceCodeExpired'
  | 'BrowserUnavailable'
  | 'AssertionUnavailable'
  | 'IdTokenInvalid'
  | 'WrongTokenType'
  | 'DpopFailed'
  | 'SenderConstrained';

/** Details a failure may carry; never a secret. */
export interface ErrorDetails {
  /** HTTP status of the response that failed, when there was one. */
  status?: number;
  /** OAuth `error` code (RFC 6749 §5.2). */
  oauthError?: string;
  /** OAuth `error_description`. */
  description?: string;
  /** The URL involved (never one carrying a code or token). */
  url?: string;
  /** A plain-words explanation for the user. */
  hint?: string;
  /** `scope` of a Bearer challenge (RFC 6750 §3): what the resource asks for. */
  scope?: string;
  /** `resource_metadata` of a Bearer challenge (RFC 9728 §5.1). */
  resourceMetadata?: string;
  /** Retry-After of the failed response, in ms (RFC 9110 §10.2.3). */
  retryAfterMs?: number;
  /** When the engine will try again (ISO time), for a failing refresh. */
  retryAt?: string;
  /** Enterprise-managed authorization: which hop failed — the token exchange at the IdP, or the JWT bearer grant at the server's AS. */
  hop?: 'idp-exchange' | 'as-grant';
}

/** The one error class the engine throws on purpose. */
export class DeskError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeskError';
    this.code = code;
    this.details = details;
  }
}

/** True when `e` is a DeskError, optionally of the given code. */
export function isDeskError(e: unknown, code?: ErrorCode): e is DeskError {
  return e instanceof DeskError && (code === undefined || e.code === code);
}
