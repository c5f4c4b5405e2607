/**
 * Bulk buyers for the scenarios. Signing up 20,000 users through the API would spend minutes in scrypt, which is not
 * what any scenario measures, so buyers are inserted with SQL (user and empty wallet, then funded by the API's one
 * ledger writer so the balance still equals its ledger) and given session tokens signed with the servers' secret,
 * exactly as sign-in issues them.
 */
import type { Database } from '@tix/db';
import { sql } from 'kysely';
// The bench signs tokens the same way sign-in does.
import { fundWallets, signSessionToken } from '@tix/api';

export interface Buyer {
  id: string;
  username: string;
  session: string;
}

let batch = 0;

export async function seedBuyers(
  db: Database,
  count: number,
  options: { secret: string; balance: number; label: string },
): Promise<Buyer[]> {
  batch += 1;
  const buyers: Buyer[] = [];
  const now = new Date();
  const chunk = 5000;
  for (let from = 1; from <= count; from += chunk) {
    const to = Math.min(count, from + chunk - 1);
    const prefix = `${options.label}${batch}_`;
    const rows = await sql<{ id: string; username: string }>`
      INSERT INTO users (username, password_hash, role)
      SELECT ${prefix} || g, 'bench:no-password', 'BUYER' FROM generate_series(${from}::int, ${to}::int) g
      RETURNING id, username`.execute(db);
    const ids = rows.rows.map((r) => r.id);
    await sql`INSERT INTO wallet_accounts (user_id) SELECT unnest(${ids}::uuid[])`.execute(db);
    await fundWallets(db, ids, options.balance, 'bench seed', now);
    for (const r of rows.rows) {
      const user = { id: r.id, username: r.username, role: 'BUYER' as const };
      buyers.push({
        id: r.id,
        username: r.username,
        session: signSessionToken(user, options.secret, now, 24 * 3600),
      });
    }
  }
  return buyers;
}
