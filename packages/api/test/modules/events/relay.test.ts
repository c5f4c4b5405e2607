/**
 * The relay and webhooks (docs/domain.md, "Sale events"; docs/api.md, "Webhooks"): a receiver that fails five times
 * and recovers gets everything, in order per reservation; two relays at once never send an event under two ids;
 * every delivery is signed; a dead-lettered delivery is replayed by the operator.
 */
import { createDb } from '@tix/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { createDeps, type Deps } from '../../../src/deps.js';
import { registry } from '../../../src/infra/metrics.js';
import { defaultRelaySettings, relayOnce, runRelay } from '../../../src/modules/events/event-relay.js';
import { verifyWebhookSignature } from '../../../src/modules/events/webhook-signature.js';
import {
  createTestApp,
  makeBuyers,
  makeConcert,
  makeUser,
  startWebhookReceiver,
  timeBudgetMs,
  waitUntil,
  type TestApp,
  type TestUser,
  type WebhookReceiver,
} from '../../support/index.js';

const fastRetries = {
  ...defaultRelaySettings,
  allowPrivateTargets: true,
  backoffBaseMs: 20,
  backoffMaxMs: 80,
};

describe('the relay and webhooks', () => {
  const clock = new ManualClock();
  let app: TestApp;
  let admin: TestUser;
  const receivers: WebhookReceiver[] = [];
  const adminCaller = () => app.caller({ sessionToken: admin.sessionToken });

  beforeAll(async () => {
    app = await createTestApp({ redis: false, clock, config: { relay: fastRetries } });
    admin = await makeUser(app.deps, { role: 'ADMIN' });
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await app.close();
  });

  async function receiver(failFirst = 0) {
    const r = await startWebhookReceiver({ failFirst });
    receivers.push(r);
    return r;
  }

  /** Holds, pays and (when asked) refunds one seat per buyer of `concert`; returns the reservation ids. */
  async function sell(
    concert: { concertId: string; performances: { performanceId: string }[] },
    count: number,
    refund = false,
  ) {
    const performanceId = concert.performances[0]!.performanceId;
    const buyers = await makeBuyers(app.deps, count, { funds: 1_000_000, admitTo: concert.concertId });
    return Promise.all(
      buyers.map(async (b, i) => {
        const as = app.caller({ sessionToken: b.sessionToken, queueToken: b.queueToken });
        const held = await as.reservation.hold({ performanceId, seatNos: [i + 1] });
        await as.payment.pay({
          reservationId: held.reservationId,
          idempotencyKey: `relay-${held.reservationId}`,
        });
        if (refund) {
          await app
            .caller({ sessionToken: b.sessionToken })
            .reservation.cancel({ reservationId: held.reservationId });
        }
        return held.reservationId;
      }),
    );
  }

  const orderOf = (r: WebhookReceiver, reservationId: string) =>
    r
      .accepted()
      .filter((d) => d.event.data.reservationId === reservationId)
      .map((d) => d.event.type);

  it('a receiver failing 5 times then recovering gets every event, in order per reservation, signed', async () => {
    const r = await receiver(5);
    const [concert, other] = [await makeConcert(app.deps), await makeConcert(app.deps)];
    const hook = await adminCaller().admin.createWebhook({ url: r.url, concertId: concert.concertId });
    expect(hook.secret).toMatch(/^whsec_/);
    // Another concert's endpoint wants payments only: its holds and refunds never reach `r`.
    await adminCaller().admin.createWebhook({
      url: r.url,
      concertId: other.concertId,
      events: ['payment.completed'],
    });
    const sold = await sell(concert, 3, true);
    const filtered = await sell(other, 2, true);
    await waitUntil(
      'every event delivered',
      async () => {
        await relayOnce(app.deps);
        return (
          sold.every((id) => orderOf(r, id).length === 3) &&
          filtered.every((id) => orderOf(r, id).length === 1)
        );
      },
      timeBudgetMs({ fixedMs: 20_000 }),
    );
    expect(r.received.filter((d) => d.answered === 500)).toHaveLength(5);
    for (const id of sold) {
      expect(orderOf(r, id)).toEqual(['reservation.held', 'payment.completed', 'payment.refunded']);
    }
    for (const id of filtered) expect(orderOf(r, id)).toEqual(['payment.completed']);
    for (const d of r.accepted().filter((x) => x.event.data.concertId === concert.concertId)) {
      expect(d.headers['x-tix-event-id']).toBe(d.event.id);
      expect(d.headers['content-type']).toBe('application/json');
      const signature = String(d.headers['x-tix-signature']);
      const now = Math.floor(clock.now().getTime() / 1000);
      expect(verifyWebhookSignature(hook.secret, d.body, signature, now)).toBe(true);
      expect(
        verifyWebhookSignature(
          hook.secret,
          d.body.replace('"totalPrice":', '"totalPrice":1'),
          signature,
          now,
        ),
      ).toBe(false);
      expect(verifyWebhookSignature('whsec_wrong', d.body, signature, now)).toBe(false);
      expect(verifyWebhookSignature(hook.secret, d.body, signature, now + 3600)).toBe(false);
    }
    const log = await adminCaller().admin.webhookDeliveries({ webhookId: hook.webhookId });
    expect(log).toHaveLength(9);
    expect(log.every((d) => d.status === 'DELIVERED')).toBe(true);
    expect(log.some((d) => d.attempts > 1)).toBe(true);
  });

  it('two relays at once deliver each event under one id, still in order per reservation', async () => {
    const r = await receiver();
    const concert = await makeConcert(app.deps);
    await adminCaller().admin.createWebhook({ url: r.url, concertId: concert.concertId });
    const reservationIds = await sell(concert, 10);
    // A second server: its own pool on the same database, its own relay.
    const second = await createDb({ databaseUrl: app.database.url, poolSize: 5 });
    const other: Deps = createDeps({ db: second.db, redis: null, clock, config: app.deps.config });
    try {
      await waitUntil('both relays drained the outbox', async () => {
        await Promise.all([runRelay(app.deps, 200), runRelay(other, 200)]);
        return reservationIds.every((id) => orderOf(r, id).length === 2);
      });
    } finally {
      await second.close();
    }
    const ids = r.received.map((d) => d.event.id);
    const events = await app.deps.db
      .selectFrom('outbox_events')
      .select('id')
      .where('concert_id', '=', concert.concertId)
      .execute();
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
    // Any repeat carries the first one's id and body, so a consumer deduplicating by id sees each event once.
    const byId = new Map<string, string>();
    for (const d of r.received) {
      expect(byId.get(d.event.id) ?? d.body).toBe(d.body);
      byId.set(d.event.id, d.body);
    }
    for (const id of reservationIds)
      expect(orderOf(r, id)).toEqual(['reservation.held', 'payment.completed']);
  });

  it('a delivery past its attempts is DEAD, counted, and the operator replays it', async () => {
    const r = await receiver(1_000);
    const concert = await makeConcert(app.deps);
    const hook = await adminCaller().admin.createWebhook({
      url: r.url,
      concertId: concert.concertId,
      events: ['reservation.held'],
    });
    app.deps.config.relay.maxAttempts = 3;
    try {
      const [buyer] = await makeBuyers(app.deps, 1, { admitTo: concert.concertId });
      await app
        .caller({ sessionToken: buyer!.sessionToken, queueToken: buyer!.queueToken })
        .reservation.hold({
          performanceId: concert.performances[0]!.performanceId,
          seatNos: [1],
        });
      await waitUntil('the delivery is dead', async () => {
        await relayOnce(app.deps);
        const [d] = await adminCaller().admin.webhookDeliveries({ webhookId: hook.webhookId });
        return d?.status === 'DEAD';
      });
    } finally {
      app.deps.config.relay.maxAttempts = fastRetries.maxAttempts;
    }
    expect(r.received).toHaveLength(3);
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/tix_event_deliveries_total\{target="webhook",outcome="dead"\} [1-9]/);
    for (const name of ['tix_outbox_pending', 'tix_outbox_failed', 'tix_outbox_lag_seconds']) {
      expect(metrics).toContain(`# TYPE ${name} gauge`);
    }
    const [dead] = await adminCaller().admin.webhookDeliveries({ webhookId: hook.webhookId, status: 'DEAD' });
    expect(dead).toMatchObject({ attempts: 3, lastStatus: 500, lastError: 'HTTP 500' });
    const listed = (await adminCaller().admin.webhooks()).find((w) => w.webhookId === hook.webhookId);
    expect(listed?.deliveries).toEqual({ pending: 0, delivered: 0, dead: 1 });
    expect(listed).not.toHaveProperty('secret');

    const recovered = await receiver();
    await app.deps.db
      .updateTable('webhooks')
      .set({ url: recovered.url })
      .where('id', '=', hook.webhookId)
      .execute();
    const replayed = await adminCaller().admin.replayDelivery({ deliveryId: dead!.deliveryId });
    expect(replayed).toMatchObject({ status: 'PENDING', attempts: 0 });
    await waitUntil('the replay is delivered', async () => {
      await relayOnce(app.deps);
      return recovered.accepted().length === 1;
    });
    expect(recovered.accepted()[0]!.event.id).toBe(dead!.eventId);
    await adminCaller().admin.deleteWebhook({ webhookId: hook.webhookId });
    expect(await adminCaller().admin.webhookDeliveries({ webhookId: hook.webhookId })).toEqual([]);
  });
});
