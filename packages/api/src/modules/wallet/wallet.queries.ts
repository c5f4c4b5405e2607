import type { Database } from '@tix/db';

export function findBalance(db: Database, userId: string) {
  return db.selectFrom('wallet_accounts').select('balance').where('user_id', '=', userId).executeTakeFirst();
}

export function listLedger(
  db: Database,
  userId: string,
  page: { cursor?: string | undefined; limit: number },
) {
  let query = db
    .selectFrom('wallet_ledger')
    .select(['id', 'kind', 'amount', 'balance_after', 'reference', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.cursor) query = query.where('id', '<', page.cursor);
  return query.execute();
}
