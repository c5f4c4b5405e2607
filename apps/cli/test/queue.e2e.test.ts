/**
 * The waiting room through the built `tix`: admission, giving up with --timeout (exit 11, place left), commands
 * that need an admitted place, the pre-sale demo concert, and leaving.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitUntil } from '@tix/api/testing';
import { describe, expect, it } from 'vitest';
import { createConcert, json, signedUp, useTixEnv } from './support/cli.js';

const env = useTixEnv();

describe('tix queue', { timeout: 180_000 }, () => {
  it('admits, then someone else is not admitted while the one slot is taken (exit 11)', async () => {
    const concert = await createConcert(env, { title: 'One At A Time', maxActive: 1, admitPerSecond: 1 });
    const first = await signedUp(env, 100_000);
    const admitted = await first.ok(['queue', 'one at a time']);
    expect(admitted.stdout).toContain('Admitted to One At A Time');
    const status = json<{ status: string; concertId: string }>(
      await first.ok(['queue', 'one at a time', '--json']),
    );
    expect(status).toMatchObject({ status: 'ACTIVE', concertId: concert.concertId });

    const second = await signedUp(env, 200_000);
    const noSeats = await second.run(['seats', 'one at a time']);
    expect(noSeats.code, noSeats.stderr).toBe(11);
    expect(noSeats.stderr).toMatch(/no place in this concert's waiting room\. Run `tix queue [0-9a-f]{8}`/);

    const gaveUp = await second.run(['buy', 'one at a time', '--best', '1', '--timeout', '2']);
    expect(gaveUp.code, gaveUp.stderr).toBe(11);
    expect(gaveUp.stderr).toMatch(/Waiting room: position 1, 0 ahead/);
    expect(gaveUp.stderr).toMatch(/Not admitted within 2 s; left the waiting room/);

    // The first buyer leaves; the slot goes to whoever waits next.
    expect((await first.ok(['queue', 'one at a time', '--leave'])).stdout).toContain('Left the waiting room');
    const bought = await second.ok(['buy', 'one at a time', '--best', '1', '--timeout', '120']);
    expect(bought.stdout).toMatch(/Paid 150,000 won/);
  });

  it('waits in the pre-sale waiting room and is not admitted before the sale opens (exit 11)', async () => {
    const early = await signedUp(env, 100_000);
    const run = await early.run(['buy', 'neon', '--date', '1', '--best', '1', '--timeout', '2', '--json']);
    expect(run.code, run.stderr).toBe(11);
    expect(json(run)).toMatchObject({ error: { code: 'QUEUE_NOT_ADMITTED', exitCode: 11 } });
  });

  it('counts down to the opening, says early places are drawn, then joins; a timeout before it stops at once', async () => {
    // Far enough ahead that signing up and one CLI start on a loaded machine still come before the opening.
    const opensAt = new Date(Date.now() + 9_000);
    await createConcert(env, {
      title: 'Opening Soon',
      queueOpensAt: opensAt,
      saleOpensAt: new Date(Date.now() + 3600_000),
    });
    const buyer = await signedUp(env);
    const tooSoon = await buyer.run(['queue', 'opening soon', '--timeout', '1']);
    expect(tooSoon.code, tooSoon.stderr).toBe(11);
    expect(tooSoon.stderr).toMatch(/Not open within 1 s\. The waiting room opens in \d s \(/);
    // Joins once open; the sale is an hour away, so the place is in the draw and not admitted within 2 s.
    const waited = await buyer.run(['queue', 'opening soon', '--timeout', '14']);
    expect(waited.stderr).toMatch(/The waiting room opens in \d s \(/);
    expect(waited.stderr).toContain('placed in a random draw when it opens');
    expect(waited.stderr).toMatch(/Waiting room: position 1, 0 ahead, about \d+–\d+ min \(updated/);
    expect(waited.code, waited.stderr).toBe(11);
  });

  it('says when a saved place was lost for good, joins again, and can still pay a live hold', async () => {
    const concert = await createConcert(env, { title: 'Lost And Found', maxActive: 5, admitPerSecond: 5 });
    const buyer = await signedUp(env, 500_000);
    await buyer.ok(['queue', 'lost and found']);
    const held = json<{ reservationId: string }>(
      await buyer.ok(['hold', 'lost and found', '--date', '1', '1', '--json']),
    );
    // The saved token becomes one no server can know (well-formed, unsigned).
    const loseToken = () => {
      const file = path.join(buyer.configDir, 'config.json');
      const config = JSON.parse(readFileSync(file, 'utf8')) as {
        profiles: Record<string, { queueTokens?: Record<string, string> }>;
      };
      for (const profile of Object.values(config.profiles)) {
        (profile.queueTokens ??= {})[concert.concertId] = `${concert.concertId}.${'A'.repeat(43)}`;
      }
      writeFileSync(file, JSON.stringify(config));
    };
    loseToken();
    const paid = await buyer.ok(['pay', held.reservationId.slice(0, 8)]);
    expect(paid.stdout).toMatch(/Paid 150,000 won/);
    loseToken(); // paying forgot the saved token
    const rejoined = await buyer.ok(['queue', 'lost and found']);
    expect(rejoined.stderr).toMatch(/earlier place in the waiting room could not be found any more/);
    expect(rejoined.stdout).toContain('Admitted to Lost And Found');
  });

  it('answers Ctrl-C under --json with one JSON line saying it stopped, and leaves the line', async () => {
    const concert = await createConcert(env, { title: 'Stop Night', maxActive: 1, admitPerSecond: 1 });
    const admin = await env.admin();
    const waiting = async () => (await admin.admin.stats.query({ concertId: concert.concertId })).waiting;
    const first = await signedUp(env);
    await first.ok(['queue', 'stop night']);
    const second = await signedUp(env);
    let child: ChildProcess | undefined;
    const running = second.run(['queue', 'stop night', '--json'], { started: (c) => (child = c) });
    await waitUntil('the second person waits in line', async () => (await waiting()) === 1, 60_000);
    child!.kill('SIGINT');
    const run = await running;
    expect(run.code, run.stderr).toBe(130);
    // Nothing else on stdout: a script reads exactly one JSON document, the same shape as every other error.
    expect(json(run)).toEqual({
      error: {
        code: 'INTERRUPTED',
        message: 'Stopped with Ctrl-C.',
        exitCode: 130,
        domainCode: null,
        fields: [],
        position: null,
        retryAfterSeconds: null,
        reservationId: null,
      },
    });
    await waitUntil('the place was given back', async () => (await waiting()) === 0, 30_000);
  });

  it('refuses a waiting-room token from a finished turn', async () => {
    const buyer = await signedUp(env, 500_000);
    await buyer.ok(['queue', 'midnight']);
    await buyer.ok(['queue', 'midnight', '--leave']);
    const run = await buyer.run(['seats', 'midnight']);
    expect(run.code, run.stderr).toBe(11);
  });
});
