/**
 * An internal consumer of tix sale events (docs/domain.md, "Sale events"): sold tickets and revenue per concert,
 * kept in PostgreSQL. The broker delivers at least once, so the same event may arrive again (a relay that died
 * after publishing, an operator's replay outside the stream's duplicate window, a consumer that died before its
 * ack). Each event is applied in one transaction together with a row naming its id; a repeat finds the row and
 * changes nothing. The ack comes only after that commit.
 */
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type pg from 'pg';

export interface SaleEvent {
  id: string;
  type: string;
  createdAt: string;
  data: { concertId?: string; amount?: number; seats?: unknown[]; reservationId?: string };
}

export async function createCounterTables(pool: pg.Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS sales_counter_seen (event_id uuid PRIMARY KEY, seen_at timestamptz DEFAULT now());
    CREATE TABLE IF NOT EXISTS sales_counter_totals (
      concert_id uuid PRIMARY KEY,
      sold int NOT NULL DEFAULT 0,
      refunded int NOT NULL DEFAULT 0,
      revenue bigint NOT NULL DEFAULT 0
    );
  `);
}

/** Applies one event exactly once; returns false for an event seen before (or of a type it does not count). */
export async function applyEvent(pool: pg.Pool, event: SaleEvent): Promise<boolean> {
  const paid = event.type === 'payment.completed';
  if ((!paid && event.type !== 'payment.refunded') || !event.data.concertId) return false;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const seen = await client.query(
      'INSERT INTO sales_counter_seen (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id',
      [event.id],
    );
    if (seen.rowCount === 0) {
      await client.query('ROLLBACK');
      return false;
    }
    const amount = event.data.amount ?? 0;
    await client.query(
      `INSERT INTO sales_counter_totals (concert_id, sold, refunded, revenue) VALUES ($1, $2, $3, $4)
       ON CONFLICT (concert_id) DO UPDATE SET sold = sales_counter_totals.sold + EXCLUDED.sold,
         refunded = sales_counter_totals.refunded + EXCLUDED.refunded,
         revenue = sales_counter_totals.revenue + EXCLUDED.revenue`,
      [event.data.concertId, paid ? 1 : 0, paid ? 0 : 1, paid ? amount : -amount],
    );
    await client.query('COMMIT');
    return true;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export interface CounterOptions {
  natsUrl: string;
  stream: string;
  subjectPrefix: string;
  /** The durable consumer's name: a restart resumes where the last ack left off. */
  durable: string;
}

/** Consumes the stream until `stop()`; each message is applied, then acked. */
export async function runSalesCounter(pool: pg.Pool, options: CounterOptions) {
  const nc = await connect({ servers: options.natsUrl.replace(/^nats:\/\//, '') });
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add(options.stream, {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    filter_subject: `${options.subjectPrefix}.payment.>`,
  });
  const consumer = await jetstream(nc).consumers.get(options.stream, options.durable);
  const messages = await consumer.consume();
  const done = (async () => {
    for await (const m of messages) {
      try {
        await applyEvent(pool, m.json<SaleEvent>());
        m.ack();
      } catch {
        // Not acked: JetStream delivers it again after its ack wait.
        m.nak(1000);
      }
    }
  })();
  return {
    async stop() {
      await messages.close();
      await done;
      await nc.drain();
    },
  };
}
