import { createDb, type DbHandle } from '@tix/db';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrl, testPgAdminUrl } from './env.js';

export interface TestDatabase {
  name: string;
  url: string;
  /** A Kysely handle on the clone (pool of 20). */
  handle: DbHandle;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPgAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file, cloned from the migrated template in milliseconds. */
export async function createTestDatabase(poolSize = 20): Promise<TestDatabase> {
  const template = inject('templateDatabase');
  const name = `tix_t_${template.slice('tix_tpl_'.length)}_${Math.random().toString(36).slice(2, 10)}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (err) {
      // Two clones starting at the same instant can see each other on the template; try again shortly.
      if (attempt >= 10 || !String(err).includes('being accessed by other users')) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = databaseUrl(name);
  const handle = await createDb({ databaseUrl: url, poolSize });
  return {
    name,
    url,
    handle,
    async drop() {
      await handle.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
