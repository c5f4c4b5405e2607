import type { Database, Role } from '@tix/db';
import type { Transaction } from 'kysely';
import type { DB } from '@tix/db';
import { canonicalUsername } from './username.js';

export async function insertUser(
  trx: Transaction<DB>,
  user: { username: string; passwordHash: string; role: Role },
): Promise<{ id: string; username: string; role: Role }> {
  return trx
    .insertInto('users')
    .values({ username: canonicalUsername(user.username), password_hash: user.passwordHash, role: user.role })
    .returning(['id', 'username', 'role'])
    .executeTakeFirstOrThrow();
}

export async function insertWalletAccount(trx: Transaction<DB>, userId: string): Promise<void> {
  await trx
    .insertInto('wallet_accounts')
    .values({ user_id: userId, balance: 0n, updated_at: new Date() })
    .execute();
}

export function findUserByUsername(db: Database, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'password_hash'])
    .where('username', '=', canonicalUsername(username))
    .executeTakeFirst();
}

export async function setRole(db: Database, userId: string, role: Role): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
}
