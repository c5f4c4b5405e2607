/**
 * No SSRF (docs/api.md, "Webhooks"): without WEBHOOK_ALLOW_PRIVATE an operator cannot register a loopback or
 * private target, and a target that has come to resolve to one is refused again at delivery, before any connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { defaultRelaySettings, relayOnce } from '../../../src/modules/events/event-relay.js';
import {
  createTestApp,
  makeBuyers,
  makeConcert,
  makeUser,
  startWebhookReceiver,
  waitUntil,
  type TestApp,
  type TestUser,
  type WebhookReceiver,
} from '../../support/index.js';
import { failureOf } from '../../support/outcomes.js';

describe('webhook targets are public', () => {
  let app: TestApp;
  let admin: TestUser;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    app = await createTestApp({
      redis: false,
      clock: new ManualClock(),
      config: { relay: { ...defaultRelaySettings } },
    });
    admin = await makeUser(app.deps, { role: 'ADMIN' });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await app.close();
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://10.0.0.5/hook',
    'http://192.168.1.10/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]:3000/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://0.0.0.0/',
    'ftp://example.com/hook',
    'http://user:pass@example.com/hook',
  ])('createWebhook refuses %s with VALIDATION_FAILED on url', async (url) => {
    const failure = await failureOf(
      app.caller({ sessionToken: admin.sessionToken }).admin.createWebhook({ url }),
    );
    expect(failure).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['url'] });
  });

  it('buyers cannot manage webhooks', async () => {
    const buyer = await makeUser(app.deps);
    const failure = await failureOf(
      app.caller({ sessionToken: buyer.sessionToken }).admin.createWebhook({ url: 'https://example.com/' }),
    );
    expect(failure.code).toBe('FORBIDDEN');
  });

  it('a private target already stored is refused at delivery, and nothing reaches it', async () => {
    const concert = await makeConcert(app.deps);
    // As if the name had resolved to a public address when it was registered.
    const hook = await app.deps.db
      .insertInto('webhooks')
      .values({ url: receiver.url, secret: 'whsec_x', events: null, concert_id: concert.concertId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [buyer] = await makeBuyers(app.deps, 1, { admitTo: concert.concertId });
    await app.caller({ sessionToken: buyer!.sessionToken, queueToken: buyer!.queueToken }).reservation.hold({
      performanceId: concert.performances[0]!.performanceId,
      seatNos: [1],
    });
    await waitUntil('the delivery was tried', async () => {
      await relayOnce(app.deps);
      const d = await app.deps.db
        .selectFrom('event_deliveries')
        .select('attempts')
        .where('webhook_id', '=', hook.id)
        .executeTakeFirst();
      return (d?.attempts ?? 0) >= 1;
    });
    const [d] = await app
      .caller({ sessionToken: admin.sessionToken })
      .admin.webhookDeliveries({ webhookId: hook.id });
    expect(d).toMatchObject({ status: 'PENDING', lastStatus: null });
    expect(d!.lastError).toMatch(/private address/);
    expect(receiver.received).toEqual([]);
  });
});
