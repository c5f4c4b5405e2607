/**
 * Exit codes and the one-line messages for every failure. Scripts branch on the exit code; people read the line,
 * which says what went wrong and what to do next. Nothing here ever prints a stack trace.
 */
import { domainErrorOf, retryAfterSeconds, TRPCClientError, type DomainCode } from '@tix/sdk';
import { explanations, type Explanation } from './error-explanations.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

export { ExitCode, type ExitCodeValue } from './exit-codes.js';

/** The codes of failures the CLI finds itself, beside the API's domain codes. */
type OwnCode =
  'CLI_ERROR' | 'BAD_INPUT' | 'SOLD_OUT' | 'UNREACHABLE' | 'BAD_RESPONSE' | 'UNEXPECTED' | 'INTERRUPTED';
/** What --json output shows as `code`: typed, so a renamed domain code does not compile here either. */
export type CliErrorCode = DomainCode | OwnCode;

/** A failure with its message and exit code, thrown anywhere and printed once by main. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    /** The API's domain code when the failure came from the server; shown in --json output. */
    readonly code: CliErrorCode = 'CLI_ERROR',
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function badInput(message: string): CliError {
  return new CliError(message, ExitCode.BAD_INPUT, 'BAD_INPUT');
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/**
 * The one shape of every --json error: the same keys each time (null or [] when they do not apply), so a script
 * reads `error.reservationId` without first checking which error it got.
 */
export function errorJson(e: CliError): Record<string, unknown> {
  const d = e.details;
  return {
    error: {
      code: e.code,
      message: e.message,
      exitCode: e.exitCode,
      domainCode: d.domainCode ?? null,
      fields: d.fields ?? [],
      position: d.position ?? null,
      retryAfterSeconds: d.retryAfterSeconds ?? null,
      reservationId: d.reservationId ?? null,
    },
  };
}

/** The network cause of a failed fetch (undici nests it as `cause`), or null when the server did answer. */
function networkCause(err: unknown): string | null {
  let fetchFailed = false;
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && unreachableCodes.has(code)) return code;
    if ((e as { name?: unknown }).name === 'TimeoutError') return 'no answer in time';
    if (e instanceof TypeError && /fetch failed/i.test(e.message)) fetchFailed = true;
    e = (e as { cause?: unknown }).cause;
  }
  return fetchFailed ? 'fetch failed' : null;
}

/** Turns anything thrown into a CliError with a helpful line; `server` names the URL in network failures. */
export function toCliError(err: unknown, server: string): CliError {
  if (err instanceof CliError) return err;
  const data = domainErrorOf(err);
  if (data) {
    const message = err instanceof Error ? err.message : String(err);
    // Undefined only when a newer server sends a code this CLI was not built with.
    const entry = explanations[data.domainCode] as Explanation | undefined;
    const seconds = retryAfterSeconds(err);
    const details = {
      domainCode: data.domainCode,
      ...(data.fields ? { fields: data.fields } : {}),
      ...(data.position ? { position: data.position } : {}),
      ...(seconds !== null ? { retryAfterSeconds: seconds } : {}),
    };
    if (entry) {
      const [exitCode, explain] = entry;
      return new CliError(
        explain({
          message,
          position: data.position,
          fields: data.fields,
          ...(seconds !== null ? { retryAfterSeconds: seconds } : {}),
        }),
        exitCode,
        data.domainCode,
        details,
      );
    }
    return new CliError(`${message} (${data.domainCode}).`, ExitCode.FAILURE, data.domainCode, details);
  }
  const cause = networkCause(err);
  if (cause) {
    return new CliError(
      `Cannot reach the tix server at ${server} (${cause}). Is it running (\`pnpm start\`)? Point elsewhere with --server or TIX_SERVER.`,
      ExitCode.UNREACHABLE,
      'UNREACHABLE',
    );
  }
  if (err instanceof TRPCClientError) {
    // The server answered with something that is not the API (a proxy's error page, or another program).
    return new CliError(
      `The server at ${server} gave an unexpected answer (${err.message}). Check --server points at a tix server.`,
      ExitCode.UNREACHABLE,
      'BAD_RESPONSE',
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new CliError(
    `Unexpected error: ${message}. Run again; if it persists, report it.`,
    ExitCode.FAILURE,
    'UNEXPECTED',
  );
}
