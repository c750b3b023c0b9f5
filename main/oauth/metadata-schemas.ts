// zod schemas for the metadata documents the engine reads: RFC 9728 §2 (PRM), RFC 8414 §2 (AS), RFC 7591 §3.2.1 (DCR).
import { z } from 'zod';
import { DeskError } from '../errors.ts';

const strings = z.array(z.string());

/** RFC 9728 §2: protected resource metadata (the fields we use; others pass through). */
export const ProtectedResourceSchema = z.looseObject({
  resource: z.string().min(1),
  authorization_servers: strings.optional(),
  scopes_supported: strings.optional(),
  bearer_methods_supported: strings.optional(),
  resource_name: z.string().optional(),
  /** RFC 9728 §2 (from RFC 9449 §5.1): proof algorithms the resource accepts, and whether it takes only DPoP-bound tokens. */
  dpop_signing_alg_values_supported: strings.optional(),
  dpop_bound_access_tokens_required: z.boolean().optional(),
});
export type ProtectedResourceMetadata = z.infer<typeof ProtectedResourceSchema>;

/** RFC 8414 §2 / OpenID Connect Discovery 1.0 §3: authorization server metadata. */
export const AuthServerSchema = z.looseObject({
  issuer: z.string().min(1),
  authorization_endpoint: z.string().min(1),
  token_endpoint: z.string().min(1),
  registration_endpoint: z.string().optional(),
  /** RFC 8628 §4: where a device sign-in starts. */
  device_authorization_endpoint: z.string().optional(),
  revocation_endpoint: z.string().optional(),
  scopes_supported: strings.optional(),
  response_types_supported: strings.optional(),
  grant_types_supported: strings.optional(),
  code_challenge_methods_supported: strings.optional(),
  token_endpoint_auth_methods_supported: strings.optional(),
  authorization_response_iss_parameter_supported: z.boolean().optional(),
  client_id_metadata_document_supported: z.boolean().optional(),
  /** RFC 9449 §5.1: the AS binds tokens to DPoP proofs signed with these algorithms. */
  dpop_signing_alg_values_supported: strings.optional(),
});
export type AuthServerMetadata = z.infer<typeof AuthServerSchema>;

/** RFC 7591 §3.2.1: client information response. */
export const RegistrationResponseSchema = z.looseObject({
  client_id: z.string().min(1),
  client_secret: z.string().min(1).optional(),
  client_secret_expires_at: z.number().optional(),
  token_endpoint_auth_method: z.string().optional(),
  redirect_uris: strings.optional(),
  grant_types: strings.optional(),
  scope: z.string().optional(),
});

/** Validates `json` with `schema`, or throws InvalidResponse naming the document and the bad fields. */
export function validateDocument<T>(schema: z.ZodType<T>, json: unknown, what: string, url: string, status?: number): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new DeskError('InvalidResponse', `The ${what} at ${url} is malformed (${fields})`, { url, ...(status !== undefined && { status }) });
}
