/**
 * `pnpm --filter @tix/sales-counter start`: DATABASE_URL (its own database), BROKER_URL (nats://127.0.0.1:4222),
 * BROKER_STREAM and BROKER_SUBJECT_PREFIX as the tix servers use them.
 */
import pg from 'pg';
import { createCounterTables, runSalesCounter } from './sales-counter.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
await createCounterTables(pool);
const counter = await runSalesCounter(pool, {
  natsUrl: process.env.BROKER_URL ?? 'nats://127.0.0.1:4222',
  stream: process.env.BROKER_STREAM ?? 'TIX_EVENTS',
  subjectPrefix: process.env.BROKER_SUBJECT_PREFIX ?? 'tix.events',
  durable: process.env.COUNTER_NAME ?? 'sales-counter',
});
process.stdout.write('sales counter running; Ctrl-C stops it\n');
process.on('SIGINT', () => {
  void counter.stop().then(() => pool.end());
});
