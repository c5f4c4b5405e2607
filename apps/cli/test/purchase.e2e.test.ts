/**
 * Whole purchases with the built `tix`, scripted with flags, against a real server with the demo data: the happy
 * path, a wallet that does not cover the price, and hold → cancel (seat conflicts: seat-conflicts.e2e.test.ts).
 * Aurora's default layout: VIP 1-10 at 150,000, R 11-30 at 110,000, S 31-50 at 80,000 won.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, json, signedUp, useTixEnv, type BuyJson } from './support/cli.js';

const env = useTixEnv();

interface ReservationJson {
  reservationId: string;
  status: string;
  seats: Array<{ seatNo: number }>;
}

// Generous: on a loaded machine each CLI run can take seconds; slowness must never fail a test.
describe('tix buy, scripted', { timeout: 180_000 }, () => {
  it('buys two seats end to end: queue, hold, pay; then lists the ticket and the debit', async () => {
    const demo = env.person('demo');
    await demo.ok(['login', 'demo'], { env: { TIX_PASSWORD: DEMO_PASSWORD } });

    const run = await demo.ok(['buy', 'aurora', '--date', '1', '--seats', '12,13']);
    expect(run.stderr).toContain('Joining the waiting room of Aurora Live in Seoul');
    expect(run.stderr).toContain('Admitted');
    expect(run.stderr).toMatch(
      /Held Aurora Live in Seoul · .* · seats 12 and 13 · 220,000 won until .* left\)/,
    );
    expect(run.stdout).toMatch(/Paid 220,000 won for Aurora Live in Seoul · .* · seats 12 and 13/);
    expect(run.stdout).toContain('wallet balance 280,000 won');

    const mine = json<ReservationJson[]>(await demo.ok(['reservations', '--json']));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'PAID' });
    expect(mine[0]!.seats.map((s) => s.seatNo).sort()).toEqual([12, 13]);
    expect((await demo.ok(['reservations'])).stdout).toMatch(/12,13\s+220,000 won\s+paid/);

    expect(json(await demo.ok(['wallet', '--json']))).toEqual({ balance: 280_000 });
    const history = json<Array<{ kind: string; amount: number }>>(
      await demo.ok(['wallet', 'history', '--json']),
    );
    expect(history[0]).toMatchObject({ kind: 'PAYMENT' });
    expect(Math.abs(history[0]!.amount)).toBe(220_000);
  });

  it('keeps the hold when the wallet is short (exit 12), and pays it after a charge', async () => {
    const buyer = await signedUp(env, 50_000);
    const short = await buyer.run(['buy', 'aurora', '--date', '2', '--best', '1', '--json']);
    expect(short.code, short.stderr).toBe(12);
    expect(short.stderr).toMatch(
      /does not cover 150,000 won\. The seats stay held until .*tix wallet charge <amount>.*tix pay [0-9a-f]{8}/,
    );
    const held = json<ReservationJson[]>(await buyer.ok(['reservations', '--status', 'held', '--json']));
    expect(held).toHaveLength(1);
    // The server's best: a seat of the dearest grade, in the front row, as central as it can be.
    expect(held[0]!.seats).toHaveLength(1);
    expect(held[0]!.seats[0]).toMatchObject({ grade: 'VIP' });
    expect((held[0]!.seats[0] as { label?: string }).label).toMatch(/^A-1-/);
    // The open hold's id as a field, not only inside the message.
    expect(json(short)).toMatchObject({
      error: { code: 'INSUFFICIENT_BALANCE', reservationId: held[0]!.reservationId },
    });

    await buyer.ok(['wallet', 'charge', '100000']);
    const paid = await buyer.ok(['pay', held[0]!.reservationId.slice(0, 8)]);
    expect(paid.stdout).toMatch(/Paid 150,000 won .* seat \d+ /);
    expect(json(await buyer.ok(['wallet', '--json']))).toEqual({ balance: 0 });
    const again = await buyer.ok(['pay', held[0]!.reservationId]);
    expect(again.stdout).toContain('already paid');
  });

  it('holds without paying (--no-pay), then cancels and the seat is free again', async () => {
    const buyer = await signedUp(env, 500_000);
    const hold = json<BuyJson>(
      await buyer.ok(['buy', 'aurora', '--date', '2', '--seats', '45', '--no-pay', '--json']),
    );
    expect(hold.reservation.status).toBe('HELD');
    expect(hold.payment).toBeNull();
    const seat45 = (seats: Array<{ seatNo: number; status: string }>) =>
      seats.find((s) => s.seatNo === 45)?.status;
    const during = json<{ seats: Array<{ seatNo: number; status: string }> }>(
      await buyer.ok(['seats', 'aurora', '--date', '2', '--json']),
    );
    expect(seat45(during.seats)).toBe('MINE');
    expect((await buyer.ok(['seats', 'aurora', '--date', '2'])).stdout).toMatch(/44\s+\*\s+46/);

    const cancel = await buyer.ok(['cancel', hold.reservation.reservationId.slice(0, 8)]);
    expect(cancel.stdout).toContain('Cancelled; seat 45 released');
    const after = json<{ seats: Array<{ seatNo: number; status: string }> }>(
      await buyer.ok(['seats', 'aurora', '--date', '2', '--json']),
    );
    expect(seat45(after.seats)).toBe('AVAILABLE');
  });
});
