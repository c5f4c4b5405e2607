/**
 * The broker path against the real NATS JetStream (127.0.0.1:4222, a stream and subjects of this test's own): the
 * relay publishes sale events, the sales counter consumes them once each, and a repeat (an operator's replay, or the
 * same event handed over again) changes nothing (docs/domain.md, "Sale events").
 */
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  connectEventBroker,
  createDeps,
  defaultRelaySettings,
  relayOnce,
  ManualClock,
  type Deps,
  type EventBroker,
} from '@tix/api';
import { createTestApp, makeBuyers, makeConcert, makeUser, waitUntil, type TestApp } from '@tix/api/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent, createCounterTables, runSalesCounter } from '../src/sales-counter.js';

const natsUrl = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const tag = randomBytes(4).toString('hex');
const names = { stream: `TIX_TEST_${tag}`, subjectPrefix: `tixtest.${tag}` };

describe('the broker path (NATS JetStream)', () => {
  const clock = new ManualClock();
  let app: TestApp;
  let broker: EventBroker;
  let relay: Deps;
  let pool: pg.Pool;

  beforeAll(async () => {
    app = await createTestApp({ redis: false, clock, config: { relay: { ...defaultRelaySettings } } });
    broker = await connectEventBroker({ url: natsUrl, ...names });
    relay = createDeps({ db: app.deps.db, redis: null, clock, config: app.deps.config, broker });
    pool = new pg.Pool({ connectionString: app.database.url, max: 3 });
    await createCounterTables(pool);
  });
  afterAll(async () => {
    await broker?.close();
    const nc = await connect({ servers: natsUrl.replace(/^nats:\/\//, '') });
    await (await jetstreamManager(nc)).streams.delete(names.stream).catch(() => false);
    await nc.close();
    await pool?.end();
    await app?.close();
  });

  const totals = async (concertId: string) =>
    (
      await pool.query<{ sold: number; refunded: number; revenue: string }>(
        'SELECT sold, refunded, revenue::text FROM sales_counter_totals WHERE concert_id = $1',
        [concertId],
      )
    ).rows[0];

  it('publishes every event once per id, and the counter counts each sale once', async () => {
    const concert = await makeConcert(app.deps);
    const performanceId = concert.performances[0]!.performanceId;
    const buyers = await makeBuyers(app.deps, 3, { funds: 1_000_000, admitTo: concert.concertId });
    const paid = await Promise.all(
      buyers.map(async (b, i) => {
        const as = app.caller({ sessionToken: b.sessionToken, queueToken: b.queueToken });
        const held = await as.reservation.hold({ performanceId, seatNos: [i + 1] });
        await as.payment.pay({
          reservationId: held.reservationId,
          idempotencyKey: `broker-${held.reservationId}`,
        });
        return { buyer: b, held };
      }),
    );
    await app.caller({ sessionToken: paid[0]!.buyer.sessionToken }).reservation.cancel({
      reservationId: paid[0]!.held.reservationId,
    });
    const counter = await runSalesCounter(pool, { natsUrl, ...names, durable: `counter_${tag}` });
    try {
      await waitUntil('every broker delivery done', async () => {
        await relayOnce(relay);
        const left = await app.deps.db
          .selectFrom('event_deliveries')
          .select('id')
          .where('target', '=', 'broker')
          .where('status', '<>', 'DELIVERED')
          .execute();
        return left.length === 0;
      });
      const revenue = paid.reduce((sum, p) => sum + p.held.totalPrice, 0) - paid[0]!.held.totalPrice;
      await waitUntil(
        'the counter saw every payment',
        async () => (await totals(concert.concertId))?.refunded === 1,
      );
      expect(await totals(concert.concertId)).toEqual({ sold: 3, refunded: 1, revenue: String(revenue) });

      // The operator replays a payment's broker delivery: the stream drops the repeat (same message id).
      const admin = await makeUser(app.deps, { role: 'ADMIN' });
      const [delivery] = (
        await app.caller({ sessionToken: admin.sessionToken }).admin.webhookDeliveries({ limit: 200 })
      ).filter((d) => d.target === 'broker' && d.eventType === 'payment.completed');
      await app
        .caller({ sessionToken: admin.sessionToken })
        .admin.replayDelivery({ deliveryId: delivery!.deliveryId });
      await waitUntil('the replay is published', async () => {
        await relayOnce(relay);
        const d = await app.deps.db
          .selectFrom('event_deliveries')
          .select('status')
          .where('id', '=', BigInt(delivery!.deliveryId))
          .executeTakeFirstOrThrow();
        return d.status === 'DELIVERED';
      });
      const nc = await connect({ servers: natsUrl.replace(/^nats:\/\//, '') });
      const info = await (await jetstreamManager(nc)).streams.info(names.stream);
      await nc.close();
      const events = await app.deps.db
        .selectFrom('outbox_events')
        .select('id')
        .where('concert_id', '=', concert.concertId)
        .execute();
      expect(info.state.messages).toBe(events.length);
    } finally {
      await counter.stop();
    }

    // The same event handed to the counter again, as after a lost ack: counted once.
    const { rows } = await pool.query<{ event_id: string }>(
      'SELECT event_id FROM sales_counter_seen LIMIT 1',
    );
    const again = await app.deps.db
      .selectFrom('outbox_events')
      .select(['id', 'type', 'created_at', 'data'])
      .where('id', '=', rows[0]!.event_id)
      .executeTakeFirstOrThrow();
    const applied = await applyEvent(pool, {
      id: again.id,
      type: again.type,
      createdAt: again.created_at.toISOString(),
      data: again.data as never,
    });
    expect(applied).toBe(false);
    expect((await totals(concert.concertId))?.sold).toBe(3);
  });
});
