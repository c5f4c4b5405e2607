/**
 * The whole purchase through the SDK over real HTTP, on the embedded default (PGlite, in-process stores, jobs on)
 * and on PostgreSQL + Redis in a separate server process: sign up, charge, join, admitted, list seats, hold, pay,
 * see it PAID, cancel for a refund. The embedded run also watches the real sweeper expire a 10-second hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testServerEnv } from '@tix/api/testing';
import {
  createClient,
  isDomainError,
  joinAndWaitForAdmission,
  loadSeatMap,
  newIdempotencyKey,
} from '@tix/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv, startServer } from '../src/index.js';
import { createSharedBackends } from './support/backends.js';
import { spawnServer } from './support/spawn-server.js';
import { readMetrics } from './support/metrics.js';

type Client = ReturnType<typeof createClient>;

async function buyer(url: string): Promise<Client> {
  const tix = createClient({ url });
  const username = `flow_${Math.random().toString(36).slice(2, 8)}`;
  tix.setSessionToken((await tix.auth.signUp.mutate({ username, password: 'flow-pass-123' })).sessionToken);
  return tix;
}

async function admin(url: string): Promise<Client> {
  const tix = createClient({ url });
  tix.setSessionToken(
    (await tix.auth.signIn.mutate({ username: 'admin', password: 'admin-pass-123' })).sessionToken,
  );
  return tix;
}

async function purchaseFlow(url: string, concertId: string) {
  const tix = await buyer(url);
  expect(await tix.wallet.charge.mutate({ amount: 500_000 })).toMatchObject({ balance: 500_000 });
  // Seats need an admitted token.
  const dates = await tix.concert.dates.query({ concertId });
  const performanceId = dates[0]!.performanceId;
  const early = await tix.concert.seats.query({ performanceId }).catch((e: unknown) => e);
  expect(isDomainError(early, 'QUEUE_TOKEN_MISSING')).toBe(true);

  const admitted = await joinAndWaitForAdmission(tix, concertId, { pollIntervalMs: 500 });
  expect(admitted.status).toBe('ACTIVE');
  const { seats } = await loadSeatMap(tix, performanceId);
  const picks = seats.filter((s) => s.status === 'AVAILABLE').slice(0, 2);
  const held = await tix.reservation.hold.mutate({ performanceId, seatNos: picks.map((s) => s.seatNo) });
  expect(held).toMatchObject({ status: 'HELD', totalPrice: picks[0]!.price + picks[1]!.price });
  expect(held.expiresAt).toBeInstanceOf(Date);

  const idempotencyKey = newIdempotencyKey();
  const paid = await tix.payment.pay.mutate({ reservationId: held.reservationId, idempotencyKey });
  expect(paid).toMatchObject({ amount: held.totalPrice, balance: 500_000 - held.totalPrice });
  // A retry with the same key (a lost response, say) returns the same payment, though the token has ended.
  expect(await tix.payment.pay.mutate({ reservationId: held.reservationId, idempotencyKey })).toEqual(paid);
  expect((await tix.queue.status.query()).status).toBe('EXPIRED');
  expect(await tix.reservation.get.query({ reservationId: held.reservationId })).toMatchObject({
    status: 'PAID',
  });
  expect((await tix.reservation.list.query({ status: 'PAID' })).items).toHaveLength(1);

  const refunded = await tix.reservation.cancel.mutate({ reservationId: held.reservationId });
  expect(refunded.status).toBe('REFUNDED');
  expect(await tix.wallet.balance.query()).toEqual({ balance: 500_000 });
  const history = await tix.wallet.history.query();
  expect(history.items.map((e) => e.kind)).toEqual(['REFUND', 'PAYMENT', 'CHARGE']);
}

describe('purchase flow through the SDK', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('works on the embedded default, and the sweeper expires a 10 s hold for real', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tix-flow-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const server = await startServer(
      parseEnv({ ...testServerEnv, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RUN_JOBS: 'true' }),
    );
    cleanups.push(() => server.close());
    expect(server.mode).toBe('embedded');
    const operator = await admin(server.url);
    const { concertId } = await operator.admin.createConcert.mutate({
      title: 'Flow',
      venue: 'Hall',
      saleOpensAt: new Date(Date.now() - 60_000),
      holdSeconds: 10,
      performances: [{ startsAt: new Date(Date.now() + 30 * 86_400_000), seats: 10 }],
    });
    await purchaseFlow(server.url, concertId);

    // The real sweeper: a 10 s hold, nobody else touching the seat; within ~12 s it is EXPIRED in the database
    // and the seat map's live stream has announced the seat free.
    const tix = await buyer(server.url);
    await joinAndWaitForAdmission(tix, concertId, { pollIntervalMs: 500 });
    const performanceId = (await tix.concert.dates.query({ concertId }))[0]!.performanceId;
    const held = await tix.reservation.hold.mutate({ performanceId, seatNos: [9] });
    const freed = new Promise<void>((resolve, reject) => {
      const sub = tix.concert.seatEvents.subscribe(
        { performanceId },
        {
          onData: (event) => {
            if (!event.snapshot && event.seats.some((s) => s.seatNo === 9 && s.available)) {
              sub.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    await freed;
    const row = await server.deps.db
      .selectFrom('reservations')
      .select('status')
      .where('id', '=', held.reservationId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('EXPIRED');
    expect(Date.now()).toBeGreaterThanOrEqual(held.expiresAt.getTime());
  }, 90_000);

  it('works on PostgreSQL + Redis in a separate server process', async () => {
    const backends = await createSharedBackends();
    cleanups.push(() => backends.cleanup());
    const server = await spawnServer(backends.env);
    cleanups.push(() => server.stop());
    const operator = await admin(server.url);
    const { concertId } = await operator.admin.createConcert.mutate({
      title: 'Flow',
      venue: 'Hall',
      saleOpensAt: new Date(Date.now() - 60_000),
      performances: [{ startsAt: new Date(Date.now() + 30 * 86_400_000), seats: 10 }],
    });
    await purchaseFlow(server.url, concertId);
    const metrics = await readMetrics(server.url);
    expect(metrics).toMatch(/tix_holds_placed_total 1/);
    expect(metrics).toMatch(/tix_payment_duration_seconds_count\{outcome="paid"\} 1/);
  }, 90_000);
});
