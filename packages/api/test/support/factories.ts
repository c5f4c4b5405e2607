/** Small factories for fresh rows in each test. */
import type { Deps } from '../../src/deps.js';
import { createUser } from '../../src/modules/auth/auth.service.js';
import { signSessionToken } from '../../src/modules/auth/session.js';
import type { Role } from '@tix/db';
import { createConcert } from '../../src/modules/concert/concert.service.js';
import type { CreateConcertInput } from '../../src/modules/concert/concert.schema.js';

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

/** Sets a wallet's balance directly, with the matching ledger entry so the balance still equals the ledger. */
export async function fundWallet(deps: Deps, userId: string, amount: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('wallet_accounts')
      .set((eb) => ({ balance: eb('balance', '+', BigInt(amount)) }))
      .where('user_id', '=', userId)
      .returning('balance')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('wallet_ledger')
      .values({
        user_id: userId,
        kind: 'CHARGE',
        amount: BigInt(amount),
        balance_after: row.balance,
        reference: 'test',
      })
      .execute();
  });
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
