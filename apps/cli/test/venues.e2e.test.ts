/**
 * A stadium with the built `tix`: a seat named by its label, then standing places by area and count (docs/domain.md,
 * "Venues"; issue 13's done-when: a newcomer buys a stadium seat and a standing place in the CLI). The stadium
 * template: section 102's back rows (6-12) are grade R at 130,000 won, the field's standing areas FIELD-A..C at 160,000 won a place.
 */
import { describe, expect, it } from 'vitest';
import { createConcert, json, signedUp, useTixEnv } from './support/cli.js';

const env = useTixEnv();

interface PlacesJson {
  reservation: {
    status: string;
    seats: Array<{ seatNo: number; label: string; grade: string }>;
    standing: Array<{ sectionId: string; count: number }>;
    totalPrice: number;
  };
  payment: { amount: number; balance: number } | null;
}

// Generous: on a loaded machine each CLI run can take seconds; slowness must never fail a test.
describe('tix buy at a stadium', { timeout: 180_000 }, () => {
  it('buys a seat by its label, then two standing places on the field', async () => {
    const title = `Stadium Night ${process.pid}`;
    await createConcert(env, {
      title,
      performances: [{ startsAt: new Date(Date.now() + 7 * 24 * 3600_000), venue: { template: 'stadium' } }],
    });
    const buyer = await signedUp(env, 1_000_000);

    const seat = json<PlacesJson>(
      await buyer.ok(['buy', title, '--date', '1', '--seats', '102-12-7', '--yes', '--json']),
    );
    expect(seat.reservation).toMatchObject({ status: 'PAID', totalPrice: 130_000 });
    expect(seat.reservation.seats).toEqual([expect.objectContaining({ label: '102-12-7', grade: 'R' })]);

    const standing = await buyer.ok([
      'buy',
      title,
      '--date',
      '1',
      '--standing',
      'FIELD-A',
      '--count',
      '2',
      '--yes',
    ]);
    expect(standing.stdout).toMatch(/Paid 320,000 won/);
    const mine = json<Array<PlacesJson['reservation']>>(await buyer.ok(['reservations', '--json']));
    expect(mine.find((r) => r.standing.length > 0)).toMatchObject({
      status: 'PAID',
      standing: [expect.objectContaining({ sectionId: 'FIELD-A', count: 2 })],
    });
    expect(json(await buyer.ok(['wallet', '--json']))).toEqual({ balance: 1_000_000 - 130_000 - 320_000 });
  });
});
