/**
 * Seats someone else got first, through the built `tix`: a seat already sold (checked against the seat map before
 * holding), a seat held a moment ago (the server's SEAT_UNAVAILABLE), and a sold-out date. All exit with code 10.
 */
import { describe, expect, it } from 'vitest';
import { createConcert, json, signedUp, useTixEnv, type BuyJson } from './support/cli.js';

const env = useTixEnv();

describe('tix buy when seats are gone', { timeout: 180_000 }, () => {
  it('refuses a seat someone else bought with exit code 10, before and at the server', async () => {
    const buyer = await signedUp(env, 500_000);
    const result = json<BuyJson>(await buyer.ok(['buy', 'aurora', '--date', '1', '--seats', '20', '--json']));
    expect(result.reservation.status).toBe('PAID');
    expect(Date.parse(result.reservation.paidAt ?? '')).toBeGreaterThan(0);
    expect(result.payment).toMatchObject({ amount: 110_000, balance: 390_000 });

    const late = await signedUp(env, 500_000);
    const taken = await late.run(['buy', 'aurora', '--date', '1', '--seats', '20,21']);
    expect(taken.code, taken.stderr).toBe(10);
    expect(taken.stderr).toMatch(/Seat 20 is already taken/);

    // A seat held a moment ago by someone else: the server's SEAT_UNAVAILABLE gives the same code.
    await buyer.ok(['queue', 'aurora']);
    await buyer.ok(['hold', 'aurora', '--date', '1', '22']);
    await late.ok(['queue', 'aurora']);
    const raced = await late.run(['hold', 'aurora', '--date', '1', '21', '22', '--json']);
    expect(raced.code, raced.stderr).toBe(10);
    // Every --json error has the same keys, whichever error it is.
    expect(json(raced)).toEqual({
      error: {
        code: 'SEAT_UNAVAILABLE',
        message: expect.any(String) as string,
        exitCode: 10,
        domainCode: 'SEAT_UNAVAILABLE',
        fields: [],
        position: null,
        retryAfterSeconds: null,
        reservationId: null,
      },
    });
  });

  it('says sold out (exit 10) when too few seats are left', async () => {
    const concert = await createConcert(env, {
      title: 'Tiny Room Session',
      performances: [
        { startsAt: new Date(Date.now() + 86_400_000), layout: [{ grade: 'A', price: 1_000, count: 2 }] },
      ],
    });
    const first = await signedUp(env, 10_000);
    const bought = json<BuyJson>(await first.ok(['buy', 'tiny room', '--best', '2', '--json']));
    expect(bought.reservation.seats.map((s) => s.seatNo)).toEqual([1, 2]);
    expect(bought.payment?.amount).toBe(2_000);

    const second = await signedUp(env, 10_000);
    const soldOut = await second.run(['buy', concert.concertId.slice(0, 8), '--best', '1']);
    expect(soldOut.code, soldOut.stderr).toBe(10);
    expect(soldOut.stderr).toMatch(/Sold out: no seats are free on this date/);
  });
});
