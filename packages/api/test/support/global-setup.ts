/**
 * Vitest global setup: migrate one template database per run; every test file clones it (createTestDatabase).
 * Clean-up drops the template and any clone a crashed file left behind.
 */
import { createDb, migrateToLatest } from '@tix/db';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { databaseUrl, testPgAdminUrl, uniqueName } from './env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPgAdminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const template = uniqueName('tix_tpl');
  await admin((c) => c.query(`CREATE DATABASE ${template}`));
  const handle = await createDb({ databaseUrl: databaseUrl(template), poolSize: 1 });
  await migrateToLatest(handle.db);
  await handle.close();
  await admin((c) => c.query(`ALTER DATABASE ${template} WITH IS_TEMPLATE true`));
  project.provide('templateDatabase', template);

  return async () => {
    await admin(async (c) => {
      const { rows } = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`tix_t_${template.slice('tix_tpl_'.length)}%`],
      );
      for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await c.query(`ALTER DATABASE ${template} WITH IS_TEMPLATE false`);
      await c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    });
  };
}
