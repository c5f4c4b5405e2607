/**
 * Telling a dependency's failure (PostgreSQL or Redis unreachable, too slow, restarting) from a bug, so the client
 * gets SERVICE_UNAVAILABLE (503, Retry-After, `dependency`) rather than INTERNAL after seconds. The guards of
 * `guarded-redis.ts` and `@tix/db` tag the errors they see; errors that reach here untagged are recognised by the
 * client libraries' own codes and messages.
 */
import { DomainError } from '../errors.js';

export type Dependency = 'redis' | 'database';

/** How long a client should wait before it sends a refused call again. */
export const dependencyRetryAfterSeconds = 1;

const tagged = Symbol.for('tix.dependency');

/** Thrown by an open circuit breaker: the call was refused before it reached the dependency. */
export class DependencyUnavailableError extends Error {
  constructor(readonly dependency: Dependency) {
    super(`${dependency} is unavailable`);
    this.name = 'DependencyUnavailableError';
    (this as unknown as Record<symbol, Dependency>)[tagged] = dependency;
  }
}

/** Marks `err` as a failure of `dependency` (an Error object seen by a guard), and returns it. */
export function tagDependencyFailure(err: unknown, dependency: Dependency): unknown {
  if (typeof err === 'object' && err !== null && Object.isExtensible(err)) {
    Object.defineProperty(err, tagged, { value: dependency, enumerable: false, configurable: true });
  }
  return err;
}

// ioredis: command timeouts, retries given up, writes to a closed or not yet open connection.
const redisMessages = [
  'Command timed out',
  'Connection is closed',
  "Stream isn't writeable",
  'Reached the max retries per request limit',
  'All sentinels are unreachable',
];
// node-postgres and the network below it.
const pgMessages = [
  'timeout exceeded when trying to connect',
  // A new connection's TCP or handshake past DATABASE_CONNECT_TIMEOUT_MS (pg's Client, @tix/db's createDb).
  'timeout expired',
  'Connection terminated',
  'Query read timeout',
  'Client has encountered a connection error',
  'Connection ended unexpectedly',
];
// SQLSTATE classes 08 (connection exception), 57 (operator intervention: a restart, a statement timeout), 53300
// (too many connections).
const pgStates = /^(08|57)|^53300$/;
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** The dependency `err` says failed (walking its causes), or null when it is not a dependency's failure. */
export function dependencyOf(err: unknown, depth = 0): Dependency | null {
  if (typeof err !== 'object' || err === null || depth > 4) return null;
  const own = (err as Record<symbol, unknown>)[tagged];
  if (own === 'redis' || own === 'database') return own;
  if (err instanceof DomainError) return null;
  return dependencyOf((err as { cause?: unknown }).cause, depth + 1);
}

/** Whether `err` is a connection failure or timeout of the client library (the guards count only these). */
export function isConnectionFailure(err: unknown, dependency: Dependency): boolean {
  if (!(err instanceof Error)) return false;
  const { code } = err as { code?: unknown };
  if (typeof code === 'string' && networkCodes.has(code)) return true;
  if (dependency === 'database' && typeof code === 'string' && pgStates.test(code)) return true;
  const messages = dependency === 'redis' ? redisMessages : pgMessages;
  return messages.some((m) => err.message.includes(m));
}

/** The DomainError a client sees for a dependency's failure: which part is down, never the library's words. */
export function serviceUnavailable(dependency: Dependency): DomainError {
  return new DomainError(
    'SERVICE_UNAVAILABLE',
    dependency === 'redis'
      ? 'The waiting room is briefly unavailable; try again in a moment'
      : 'The service is briefly unavailable; try again in a moment',
    { dependency, retryAfterSeconds: dependencyRetryAfterSeconds },
  );
}
