/**
 * `tix admin` against a real server (docs/domain.md, "Editing a concert" and "Cancelling a concert"): an operator
 * reads a sale's numbers, edits a concert (a refused date change in words), and cancels it, which refunds the buyer;
 * a buyer is told the commands are for operators; a script must say --yes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createConcert, json, signedUp, useTixEnv, type BuyJson } from './support/cli.js';
import { killTmuxServer, openTerminal, type Terminal } from './support/tmux.js';

const env = useTixEnv();
const socket = `tix-admin-test-${process.pid}`;
const terminals: Terminal[] = [];

// Registered after useTixEnv's, so it runs before the server closes (after-hooks run as a stack).
afterAll(async () => {
  for (const t of terminals) await t.kill();
  await killTmuxServer(socket);
});

describe('tix admin', { timeout: 180_000 }, () => {
  it('shows the numbers, edits, and cancels a concert with a refund', async () => {
    const concert = await createConcert(env, { title: `Admin Night ${process.pid}` });
    const buyer = await signedUp(env, 300_000);
    const bought = json<BuyJson>(
      await buyer.ok(['buy', concert.concertId.slice(0, 8), '--date', '1', '--seats', '1', '--json']),
    );
    expect(bought.reservation.status).toBe('PAID');

    const operator = env.person();
    await operator.ok(['login', 'admin'], { env: { TIX_PASSWORD: 'admin-pass-123' } });
    const ref = concert.concertId.slice(0, 8);

    const stats = await operator.ok(['admin', 'stats', ref]);
    expect(stats.stdout).toMatch(/nobody waits\n.*sold 1 · revenue/);
    const numbers = json<{ soldSeats: number; sellThrough: { grade: string; sold: number }[] }>(
      await operator.ok(['admin', 'stats', ref, '--json']),
    );
    expect(numbers.soldSeats).toBe(1);
    expect(numbers.sellThrough.find((g) => g.grade === 'VIP')?.sold).toBe(1);

    const edited = await operator.ok([
      'admin',
      'edit',
      ref,
      '--title',
      `${concert.title} (Encore)`,
      '--city',
      'Busan',
      '--admit-per-minute',
      '120',
    ]);
    expect(edited.stdout).toMatch(/Saved .*\(Encore\): title, city, admitPerSecond/);
    const after = await (await env.admin()).concert.get.query({ concertId: concert.concertId });
    expect(after).toMatchObject({ title: `${concert.title} (Encore)`, city: 'Busan' });
    expect(after.settings.admitPerSecond).toBe(2);

    const late = await operator.run(['admin', 'edit', ref, '--sale-opens', '2027-01-01T10:00:00Z']);
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(/The sale has opened: its opening times and show dates can no longer change/);
    expect((await operator.run(['admin', 'edit', ref, '--admit-per-minute', '90'])).stderr).toMatch(
      /steps of 60/,
    );
    expect((await operator.run(['admin', 'edit', ref])).stderr).toMatch(/Nothing to change/);

    // Not a terminal: cancelling needs --yes, and nothing changed without it.
    const unsure = await operator.run(['admin', 'cancel', ref]);
    expect(unsure.code).toBe(2);
    expect(unsure.stderr).toMatch(/add --yes/);
    const cancelled = json(await operator.ok(['admin', 'cancel', ref, '--yes', '--json']));
    expect(cancelled).toMatchObject({
      releasedHolds: 0,
      refundedReservations: 1,
      refundedAmount: bought.reservation.totalPrice,
    });
    expect(json(await buyer.ok(['wallet', '--json']))).toEqual({ balance: 300_000 });
    expect((await operator.ok(['admin', 'cancel', ref])).stdout).toMatch(/already cancelled/);
  });

  it('tells a buyer the commands are for operators', async () => {
    await createConcert(env, { title: `Not Yours ${process.pid}` });
    const buyer = await signedUp(env);
    const run = await buyer.run(['admin', 'stats', `Not Yours ${process.pid}`]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Only an operator can do this.*tix login admin/);
  });

  it('asks [y/N] on a terminal: Enter alone keeps the concert, "y" cancels it', async () => {
    const concert = await createConcert(env, { title: `Ask First ${process.pid}` });
    const operator = env.person();
    await operator.ok(['login', 'admin'], { env: { TIX_PASSWORD: 'admin-pass-123' } });
    const ask = async (name: string) => {
      const t = await openTerminal(
        socket,
        name,
        [process.execPath, env.bundle, 'admin', 'cancel', concert.concertId.slice(0, 8)],
        { TIX_CONFIG_DIR: operator.configDir, TIX_SERVER: env.server.url, TERM: 'xterm-256color' },
      );
      terminals.push(t);
      await t.waitFor(/This cannot be undone\.\s+Cancel the concert\? \[y\/N\]/);
      return t;
    };
    const keep = await ask('keep');
    await keep.press('Enter');
    expect(await keep.waitFor(/EXIT=\d+/)).toMatch(/Nothing changed\.[\s\S]*EXIT=0/);
    const admin = await env.admin();
    expect((await admin.concert.get.query({ concertId: concert.concertId })).cancelledAt).toBeNull();

    const yes = await ask('yes');
    await yes.type('y', 'Enter');
    expect(await yes.waitFor(/EXIT=\d+/)).toMatch(/Cancelled Ask First[\s\S]*EXIT=0/);
    expect((await admin.concert.get.query({ concertId: concert.concertId })).cancelledAt).not.toBeNull();
  });
});
