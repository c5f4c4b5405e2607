/**
 * The document and the server cannot drift apart: /openapi.json validates as OpenAPI 3.1 with a standard validator,
 * and every operation it lists is called over raw HTTP (fetch and plain JSON, as a client in another language
 * would, on a real server over PostgreSQL and Redis), each answer validated against the document's schema for its
 * status (support/openapi-client.ts). An operation the document lists but this test does not call fails it too.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { forceAdmit } from '@tix/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv, startServer, type RunningServer } from '../src/index.js';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { openApiClient } from './support/openapi-client.js';

let backends: SharedBackends;
let server: RunningServer;
let document: Record<string, unknown>;

beforeAll(async () => {
  backends = await createSharedBackends({ WEBHOOK_ALLOW_PRIVATE: 'true' });
  server = await startServer(
    parseEnv({ ...backends.env, PORT: '0', LOG_LEVEL: 'silent', RUN_JOBS: 'false' }),
  );
  const response = await fetch(`${server.url}/openapi.json`);
  expect(response.status).toBe(200);
  document = (await response.json()) as Record<string, unknown>;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await backends?.cleanup();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('has a reference page of files (no inline script or style) that links the SDK README', async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('src="/docs/reference.js"');
    expect(html).toContain('href="/docs/reference.css"');
    expect(html).toContain('href="/docs/sdk"');
    expect(html).not.toMatch(/<script>|<style|style="/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const file of ['/docs/reference.js', '/docs/reference.css']) {
      expect((await fetch(`${server.url}${file}`)).status).toBe(200);
    }
    const readme = await fetch(`${server.url}/docs/sdk`);
    expect(readme.status).toBe(200);
    expect(await readme.text()).toContain('/docs');
  });

  it('matches the server on every operation, called over raw HTTP', async () => {
    const api = openApiClient(server.url, document);
    const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

    // An account, as a newcomer makes one.
    const signUp = await api.call('auth.signUp', { username: 'openapi_buyer', password: 'a-long-password' });
    expect(signUp.status).toBe(200);
    const taken = await api.call('auth.signUp', { username: 'openapi_buyer', password: 'a-long-password' });
    expect(taken.domainCode).toBe('USERNAME_TAKEN');
    const signIn = await api.call('auth.signIn', { username: 'openapi_buyer', password: 'a-long-password' });
    const buyer = bearer((signIn.data as { sessionToken: string }).sessionToken);
    expect((await api.call('auth.me', undefined, buyer)).data).toMatchObject({ username: 'openapi_buyer' });
    expect((await api.call('auth.me')).domainCode).toBe('UNAUTHENTICATED');
    expect((await api.call('auth.streamTicket', undefined, buyer)).status).toBe(200);

    // The operator's side.
    const adminIn = await api.call('auth.signIn', { username: 'admin', password: 'admin-pass-123' });
    const admin = bearer((adminIn.data as { sessionToken: string }).sessionToken);
    expect((await api.call('admin.stats', { concertId: crypto.randomUUID() }, buyer)).domainCode).toBe(
      'FORBIDDEN',
    );
    const created = await api.call(
      'admin.createConcert',
      {
        title: 'Aurora Nights Live',
        venue: 'Olympic Hall',
        city: 'Seoul',
        category: 'pop',
        performers: ['Aurora'],
        saleOpensAt: new Date(Date.now() - 60_000).toISOString(),
        performances: [{ startsAt: future(30), seats: 10 }],
      },
      admin,
    );
    expect(created.status).toBe(200);
    const concert = created.data as { concertId: string; performances: Array<{ performanceId: string }> };
    const concertId = concert.concertId;
    const performanceId = concert.performances[0]!.performanceId;
    expect((await api.call('admin.configureQueue', { concertId, maxActive: 50 }, admin)).status).toBe(200);
    expect((await api.call('admin.stats', { concertId }, admin)).status).toBe(200);
    expect(
      (await api.call('admin.updateConcert', { concertId, description: 'Doors at six.' }, admin)).status,
    ).toBe(200);
    expect((await api.call('admin.saleTimeline', { concertId, minutes: 5 }, admin)).status).toBe(200);
    const doomed = await api.call(
      'admin.createConcert',
      {
        title: 'Called Off',
        venue: 'Small Hall',
        saleOpensAt: new Date(Date.now() - 60_000).toISOString(),
        performances: [{ startsAt: future(20), seats: 5 }],
      },
      admin,
    );
    const doomedId = (doomed.data as { concertId: string }).concertId;
    expect((await api.call('admin.cancelConcert', { concertId: doomedId }, admin)).status).toBe(200);
    expect((await api.call('admin.layoutTemplates', undefined, admin)).status).toBe(200);
    const hook = await api.call(
      'admin.createWebhook',
      { url: 'http://127.0.0.1:9/hooks/tix', concertId },
      admin,
    );
    const webhookId = (hook.data as { webhookId: string }).webhookId;
    expect((await api.call('admin.webhooks', undefined, admin)).data).toHaveLength(1);
    expect((await api.call('admin.webhookDeliveries', { webhookId }, admin)).status).toBe(200);
    expect((await api.call('admin.replayDelivery', { deliveryId: '999999' }, admin)).domainCode).toBe(
      'DELIVERY_NOT_FOUND',
    );
    expect((await api.call('admin.deleteWebhook', { webhookId }, admin)).data).toEqual({
      webhookId,
      deleted: true,
    });

    // Browsing, with no credentials.
    const list = await api.call('concert.list', { from: new Date().toISOString() });
    expect((list.data as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const search = await api.call('concert.search', { query: 'auror' });
    expect((search.data as { items: Array<{ concertId: string }> }).items[0]?.concertId).toBe(concertId);
    expect((await api.call('concert.search', { query: '' })).domainCode).toBe('VALIDATION_FAILED');
    expect((await api.call('concert.get', { concertId })).status).toBe(200);
    expect((await api.call('concert.get', { concertId: crypto.randomUUID() })).domainCode).toBe(
      'CONCERT_NOT_FOUND',
    );
    expect((await api.call('concert.dates', { concertId })).status).toBe(200);
    expect((await api.call('concert.layout', { performanceId })).data).toMatchObject({ seatsTotal: 10 });

    // The waiting room, then seats, a hold, the wallet and a payment.
    const joined = await api.call('queue.join', { concertId }, buyer);
    const token = (joined.data as { token: string }).token;
    expect((await api.call('concert.seats', { performanceId }, buyer)).domainCode).toBe(
      'QUEUE_TOKEN_MISSING',
    );
    await forceAdmit(server.deps, token, new Date());
    const queued = { ...buyer, 'x-queue-token': token };
    expect((await api.call('queue.status', undefined, { 'x-queue-token': token })).data).toMatchObject({
      status: 'ACTIVE',
    });
    const statusEvent = await api.firstEvent('queue.watch', undefined, { 'x-queue-token': token });
    expect(statusEvent).toMatchObject({ status: 'ACTIVE' });
    await api.firstEvent('concert.seatEvents', { performanceId }, queued);
    expect((await api.call('concert.seats', { performanceId }, queued)).data).toMatchObject({
      seatsTotal: 10,
    });
    const held = await api.call('reservation.hold', { performanceId, seatNos: [1, 2] }, queued);
    const reservation = held.data as { reservationId: string; totalPrice: number };
    expect(
      (await api.call('reservation.hold', { performanceId, seatNos: [1] }, queued)).status,
    ).toBeGreaterThan(399);
    expect(
      (await api.call('reservation.get', { reservationId: reservation.reservationId }, buyer)).status,
    ).toBe(200);
    expect((await api.call('reservation.list', { status: 'HELD' }, buyer)).status).toBe(200);
    const ticket = await api.call('reservation.ticket', { reservationId: reservation.reservationId }, buyer);
    expect(ticket.data).toMatchObject({ code: null });
    expect((await api.call('reservation.ticketKey', undefined, {})).data).toMatchObject({
      algorithm: 'Ed25519',
    });

    const notEnough = await api.call(
      'payment.pay',
      { reservationId: reservation.reservationId, idempotencyKey: 'openapi-pay-1' },
      queued,
    );
    expect(notEnough.domainCode).toBe('INSUFFICIENT_BALANCE');
    expect((await api.call('wallet.charge', { amount: reservation.totalPrice }, buyer)).status).toBe(200);
    expect((await api.call('wallet.balance', undefined, buyer)).data).toEqual({
      balance: reservation.totalPrice,
    });
    expect((await api.call('wallet.history', {}, buyer)).status).toBe(200);
    const paid = await api.call(
      'payment.pay',
      { reservationId: reservation.reservationId, idempotencyKey: 'openapi-pay-2' },
      queued,
    );
    const paymentId = (paid.data as { paymentId: string }).paymentId;
    expect((await api.call('payment.get', { paymentId }, buyer)).status).toBe(200);
    const cancelled = await api.call(
      'reservation.cancel',
      { reservationId: reservation.reservationId },
      buyer,
    );
    expect(cancelled.data).toMatchObject({ status: 'REFUNDED' });

    // A second turn, left.
    const again = await api.call('queue.join', { concertId }, buyer);
    const leave = await api.call('queue.leave', undefined, {
      ...buyer,
      'x-queue-token': (again.data as { token: string }).token,
    });
    expect(leave.data).toEqual({ status: 'EXPIRED' });

    expect(api.called().sort()).toEqual(api.operationIds().sort());
  }, 60_000);
});
