// One call through the contract, for every transport: input validated, output validated, errors reduced to code, message and hint (scrubbed).
import { isDeskError } from '../../main/errors.ts';
import { scrub } from '../../main/diagnostics/redact.ts';
import { methods, type ApiError, type Handlers, type MethodName } from '../contract/api.ts';

export type CallResult = { ok: true; value: unknown } | { ok: false; error: ApiError };

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

/** Runs `method` with `input` (untrusted); never throws. */
export async function dispatch(handlers: Handlers, method: string, input: unknown): Promise<CallResult> {
  if (!isMethodName(method)) return failure('NotFound', `No method named ${method.slice(0, 64)}`);
  const spec = methods[method];
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) return failure('InvalidInput', `${method}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ').slice(0, 500)}`);
  try {
    const handler = handlers[method] as (i: unknown) => Promise<unknown>;
    return { ok: true, value: spec.output.parse(await handler(parsed.data)) };
  } catch (e) {
    if (isDeskError(e)) return failure(e.code, e.message, e.details.hint);
    return failure('Internal', `${method} failed unexpectedly`);
  }
}

export function failure(code: string, message: string, hint?: string): CallResult {
  return { ok: false, error: { code, message: scrub(message), ...(hint && { hint: scrub(hint) }) } };
}
