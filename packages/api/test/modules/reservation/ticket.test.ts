/**
 * reservation.ticket and reservation.ticketKey (docs/domain.md, "Tickets"): owner only, a signed code only once
 * PAID, and a scanner with just the published key verifies it offline and reads the holder, seats and standing
 * places.
 */
import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { verifyTicket } from '../../../src/modules/reservation/ticket-signing.js';
import { makeBuyers, makeConcert, type Buyer } from '../../support/index.js';
import { auditedTestApp, failureOf } from '../../support/outcomes.js';

describe('reservation.ticket', () => {
  const clock = new ManualClock(new Date('2026-12-01T10:00:00.000Z'));
  const app = auditedTestApp({ redis: false, clock });
  const as = (b: Buyer) => app.caller({ sessionToken: b.sessionToken, queueToken: b.queueToken });

  it('signs a paid ticket a scanner verifies offline, and shows it to its owner only', async () => {
    const concert = await makeConcert(app.deps, {
      refundCutoffSeconds: 86_400,
      performances: [
        {
          startsAt: new Date(clock.now().getTime() + 3 * 86_400_000),
          layout: [{ grade: 'VIP', price: 150_000, count: 5 }],
        },
      ],
    });
    const performanceId = concert.performances[0]!.performanceId;
    const [alice, bob] = await makeBuyers(app.deps, 2, { funds: 1_000_000, admitTo: concert.concertId });
    const held = await as(alice!).reservation.hold({ performanceId, seatNos: [2, 3] });

    // Every reservation answer names the venue and the refund deadline (the hold's own answer too).
    expect(held.refundDeadline).toEqual(new Date(held.startsAt.getTime() - 86_400_000));
    const listed = await as(alice!).reservation.list({});
    expect(listed.items[0]).toMatchObject({ venue: held.venue, refundDeadline: held.refundDeadline });
    const unpaid = await as(alice!).reservation.ticket({ reservationId: held.reservationId });
    expect(unpaid.code).toBeNull();

    await as(alice!).payment.pay({ reservationId: held.reservationId, idempotencyKey: 'ticket-key-0001' });
    const ticket = await as(alice!).reservation.ticket({ reservationId: held.reservationId });
    expect(ticket).toMatchObject({
      status: 'PAID',
      orderNumber: held.reservationId.slice(0, 8).toUpperCase(),
      refundDeadline: new Date(held.startsAt.getTime() - 86_400_000),
    });

    // Each seat by grade and its label from the venue's plan.
    expect(ticket.seatLabels).toEqual(ticket.seats.map((s) => `VIP · seat ${s.label}`));

    const published = await app.caller({}).reservation.ticketKey();
    const key = createPublicKey(published.publicKeyPem);
    const claims = verifyTicket(ticket.code!, key);
    expect(claims).toMatchObject({ r: held.reservationId, h: ticket.holder, s: ['VIP-2', 'VIP-3'], a: [] });
    // A code edited to name someone else no longer verifies.
    const [tag, payload, sig] = ticket.code!.split('.');
    const forged = Buffer.from(
      Buffer.from(payload!, 'base64url').toString().replace(ticket.holder, 'mallory'),
    ).toString('base64url');
    expect(verifyTicket(`${tag}.${forged}.${sig}`, key)).toBeNull();

    const refused = await failureOf(as(bob!).reservation.ticket({ reservationId: held.reservationId }));
    expect(refused).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('names standing places in the signed code and on the ticket', async () => {
    const concert = await makeConcert(app.deps, {
      performances: [
        { startsAt: new Date(clock.now().getTime() + 3 * 86_400_000), venue: { template: 'arena' } },
      ],
    });
    const performanceId = concert.performances[0]!.performanceId;
    const [carol] = await makeBuyers(app.deps, 1, { funds: 2_000_000, admitTo: concert.concertId });
    const held = await as(carol!).reservation.hold({
      performanceId,
      seats: ['105-3-7'],
      standing: { sectionId: 'floor-a', count: 2 },
    });
    await as(carol!).payment.pay({ reservationId: held.reservationId, idempotencyKey: 'ticket-key-0002' });
    const ticket = await as(carol!).reservation.ticket({ reservationId: held.reservationId });
    expect(ticket.seatLabels).toEqual(['VIP · seat 105-3-7', 'Floor A · 2 standing places']);
    const { publicKeyPem } = await app.caller({}).reservation.ticketKey();
    const claims = verifyTicket(ticket.code!, createPublicKey(publicKeyPem));
    expect(claims).toMatchObject({ s: [`VIP-${held.seats[0]!.seatNo}`], a: [{ s: 'FLOOR-A', n: 2 }] });
  });
});
