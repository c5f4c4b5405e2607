import type { Role } from '@tix/db';
import type { Deps } from '../../deps.js';
import { DomainError, isPgError, pgErrorCode } from '../../errors.js';
import type { Credentials } from './auth.schema.js';
import { findUserByUsername, insertUser, insertWalletAccount, setRole } from './auth.queries.js';
import { hashPassword, verifyPassword } from './password.js';
import {
  signSessionToken,
  signStreamTicket,
  STREAM_TICKET_TTL_SECONDS,
  type SessionUser,
} from './session.js';
import { countFailure, logFailure } from './sign-in-failures.js';
import { canonicalUsername } from './username.js';

export interface SessionResult {
  userId: string;
  sessionToken: string;
}

function issue(deps: Deps, user: SessionUser): SessionResult {
  const { sessionSecret, sessionTtlSeconds } = deps.config;
  return {
    userId: user.id,
    sessionToken: signSessionToken(user, sessionSecret, deps.clock.now(), sessionTtlSeconds),
  };
}

export function issueStreamTicket(deps: Deps, user: SessionUser): { ticket: string; expiresAt: Date } {
  const now = deps.clock.now();
  return {
    ticket: signStreamTicket(user, deps.config.sessionSecret, now),
    expiresAt: new Date(now.getTime() + STREAM_TICKET_TTL_SECONDS * 1000),
  };
}

/** Creates a user and their (empty) wallet in one transaction. */
export async function createUser(
  deps: Deps,
  credentials: Credentials,
  role: Role = 'BUYER',
): Promise<SessionUser> {
  const passwordHash = await hashPassword(credentials.password);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const user = await insertUser(trx, { username: credentials.username, passwordHash, role });
      await insertWalletAccount(trx, user.id);
      return { id: user.id, username: user.username, role: user.role };
    });
  } catch (err) {
    if (isPgError(err, pgErrorCode.uniqueViolation)) {
      throw new DomainError('USERNAME_TAKEN', `The username "${credentials.username}" is taken`, {
        fields: ['username'],
      });
    }
    throw err;
  }
}

export async function signUp(deps: Deps, credentials: Credentials): Promise<SessionResult> {
  return issue(deps, await createUser(deps, credentials));
}

/**
 * Signs in, within the failure limits: every attempt is counted as a failure of its account and address before the
 * password is checked (so parallel guesses cannot slip past the limit), and a right password takes it back. An
 * account at its limit is locked, right password or not, until its window passes; a locked attempt costs no hash.
 */
export async function signIn(
  deps: Deps,
  credentials: { username: string; password: string },
  clientAddress: string | null = null,
): Promise<SessionResult> {
  const account = canonicalUsername(credentials.username);
  const failures = await countFailure(deps, account, clientAddress);
  const row = await findUserByUsername(deps.db, credentials.username);
  // Same error, and a hash computed either way, whether the user exists or not.
  const ok = await verifyPassword(credentials.password, row?.password_hash ?? 'scrypt$16384$8$1$AAAA$AAAA');
  if (!row || !ok) {
    logFailure(deps, account, clientAddress, failures);
    throw new DomainError('INVALID_CREDENTIALS', 'Wrong username or password');
  }
  await deps.limits.reset('signInFailuresPerAccount', account);
  if (clientAddress) await deps.limits.refund('signInFailuresPerAddress', clientAddress);
  return issue(deps, { id: row.id, username: row.username, role: row.role });
}

/** Makes sure the configured operator account exists with the ADMIN role (run at server start). */
export async function ensureAdmin(deps: Deps, credentials: Credentials): Promise<void> {
  const existing = await findUserByUsername(deps.db, credentials.username);
  if (!existing) {
    try {
      await createUser(deps, credentials, 'ADMIN');
    } catch (err) {
      // Another server process created it at the same moment.
      if (!(err instanceof DomainError && err.code === 'USERNAME_TAKEN')) throw err;
    }
  } else if (existing.role !== 'ADMIN') {
    await setRole(deps.db, existing.id, 'ADMIN');
  }
}
