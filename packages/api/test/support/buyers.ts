/**
 * Many buyers at once for race and load tests: users and wallets inserted in bulk (scrypt per user would cost
 * ~50 ms of CPU each), sessions signed, wallets funded with matching ledger entries, and each admitted to a
 * concert's waiting room when asked. `makeUser` stays the way to make one realistic user.
 */
import type { Deps } from '../../src/deps.js';
import { signSessionToken } from '../../src/modules/auth/session.js';
import { joinQueue } from '../../src/modules/queue/queue.service.js';
import { fundWallets } from '../../src/modules/wallet/ledger.js';
import type { TestUser } from './factories.js';
import { forceAdmit } from './force-admit.js';

export interface Buyer extends TestUser {
  /** ACTIVE queue token for the concert passed as `admitTo`. */
  queueToken: string;
}

let batch = 0;
// A real scrypt hash of 'password-123', so these buyers could also sign in.
const passwordHash = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$/K8zBtc/d2Du/nDUcSxF64E6ccrkANfEZXxurRyW1pc=';

export async function makeBuyers(
  deps: Deps,
  count: number,
  options: { funds?: number; admitTo?: string } = {},
): Promise<Buyer[]> {
  batch += 1;
  const tag = `${process.pid}_${batch}_${Math.random().toString(36).slice(2, 6)}`;
  const names = Array.from({ length: count }, (_, i) => `b_${tag}_${i}`);
  const users = await deps.db
    .insertInto('users')
    .values(names.map((username) => ({ username, password_hash: passwordHash, role: 'BUYER' as const })))
    .returning(['id', 'username', 'role'])
    .execute();
  const funds = options.funds ?? 0;
  await deps.db
    .insertInto('wallet_accounts')
    .values(users.map((u) => ({ user_id: u.id, balance: 0n, updated_at: deps.clock.now() })))
    .execute();
  await fundWallets(
    deps.db,
    users.map((u) => u.id),
    funds,
    'test',
    deps.clock.now(),
  );
  const now = deps.clock.now();
  return Promise.all(
    users.map(async (u) => {
      const sessionToken = signSessionToken(u, deps.config.sessionSecret, now, 90 * 86_400); // long: tests move clocks by days;
      let queueToken = '';
      if (options.admitTo) {
        const joined = await joinQueue(deps, u.id, options.admitTo);
        const info = await forceAdmit(deps, joined.token, now);
        if (info?.status !== 'ACTIVE') throw new Error(`makeBuyers: token is ${info?.status ?? 'unknown'}`);
        queueToken = joined.token;
      }
      return { ...u, sessionToken, queueToken };
    }),
  );
}
