/** Small factories for fresh rows in each test. */
import type { Deps } from '../../src/deps.js';
import { createUser } from '../../src/modules/auth/auth.service.js';
import { signSessionToken } from '../../src/modules/auth/session.js';
import type { Role } from '@tix/db';
import { createConcert } from '../../src/modules/admin/create-concert.js';
import type { CreateConcertInput } from '../../src/modules/concert/concert.schema.js';
import { fundWallets } from '../../src/modules/wallet/ledger.js';

let counter = 0;

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  sessionToken: string;
}

export async function makeUser(
  deps: Deps,
  options: { role?: Role; username?: string } = {},
): Promise<TestUser> {
  counter += 1;
  const username =
    options.username ?? `user_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 6)}`;
  const user = await createUser(deps, { username, password: 'password-123' }, options.role ?? 'BUYER');
  const sessionToken = signSessionToken(user, deps.config.sessionSecret, deps.clock.now(), 3600);
  return { ...user, sessionToken };
}

/** Adds money to a wallet, with its ledger entry, outside the charge procedure. */
export async function fundWallet(deps: Deps, userId: string, amount: number): Promise<void> {
  await fundWallets(deps.db, [userId], amount, 'test', deps.clock.now());
}

export async function makeConcert(deps: Deps, overrides: Partial<CreateConcertInput> = {}) {
  const now = deps.clock.now().getTime();
  return createConcert(deps, {
    title: 'Test Concert',
    venue: 'Test Hall',
    description: '',
    saleOpensAt: new Date(now - 60_000),
    performances: [{ startsAt: new Date(now + 30 * 24 * 3600_000) }],
    ...overrides,
  });
}
