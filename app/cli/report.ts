// How a failed command line ends: its message (and hint) on stderr, and the exit code of the CLI contract (DESIGN.md).
import { isDeskError, type ErrorCode } from '../../main/errors.ts';
import { USAGE, UsageError } from './args.ts';
import { err, type CliIo } from './io.ts';

const EXIT_BY_CODE: Partial<Record<ErrorCode, number>> = {
  SignInRequired: 3,
  InsufficientScope: 3,
  NetworkError: 4,
  Timeout: 4,
  RefreshFailing: 4,
};

/** Prints `e` for a person and returns the exit code: 2 usage, 3 sign-in required, 4 unreachable, else 1. */
export function report(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    err(io, `mcpdesk: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (isDeskError(e)) {
    err(io, `mcpdesk: ${e.message}`);
    if (e.details.hint) err(io, `hint: ${e.details.hint}`);
    return EXIT_BY_CODE[e.code] ?? 1;
  }
  err(io, `mcpdesk: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return 1;
}
