/**
 * buy: the whole purchase in one go — wait in the queue, choose a date and seats, hold them, show the hold's
 * countdown, pay. On a terminal it asks for what the flags leave open; in a script every choice must come from
 * flags (it never waits for input that cannot come). Ctrl-C releases a hold and leaves the queue.
 */
import type { Command } from 'commander';
import { action, positiveInt } from '../action.js';
import type { Reservation } from '../api.js';
import type { Ctx } from '../context.js';
import { badInput, CliError, ExitCode, toCliError } from '../errors.js';
import { onInterrupt } from '../interrupt.js';
import { shortId, table, when, won } from '../output.js';
import { askUntil, confirmWithCountdown } from '../prompt.js';
import { holdSeats, payReservation, type HoldRequest } from '../purchase-steps.js';
import { joinAndWait } from '../queue-wait.js';
import {
  allConcerts,
  pickDate,
  resolveConcert,
  type ConcertSummary,
  type PerformanceRef,
} from '../resolve.js';
import { holdSummary, paidSummary } from '../reservation-view.js';
import { askSeats, best, checkNamedSeats, namedSeats, type NamedSeats } from '../seat-choice.js';
import { fetchDates, fetchSeats, saleState } from './catalog.js';

interface BuyOptions {
  date?: string;
  seats?: string;
  best?: number;
  section?: string;
  standing?: string;
  count?: number;
  yes?: boolean;
  pay: boolean;
  timeout?: number;
}

async function chooseConcert(ctx: Ctx, ref: string | undefined): Promise<ConcertSummary> {
  if (ref !== undefined) return resolveConcert(ctx, ref);
  if (!ctx.interactive)
    throw badInput('Name the concert, e.g. `tix buy aurora --date 1 --best 2` (`tix concerts` lists them).');
  const concerts = await allConcerts(ctx);
  if (concerts.length === 0)
    throw new CliError('There are no concerts to buy.', ExitCode.NOT_FOUND, 'CONCERT_NOT_FOUND');
  ctx.print(
    table(
      ['#', 'concert', 'venue', 'sale'],
      concerts.map((c, i) => [String(i + 1), c.title, c.venue, saleState(ctx, c.saleOpensAt)]),
      ctx.style,
    ),
  );
  return askUntil(
    `Concert [1-${concerts.length}]: `,
    (a) => {
      const c = concerts[Number(a) - 1];
      if (!/^\d+$/.test(a) || !c) throw new Error(`Type a number from 1 to ${concerts.length}.`);
      return c;
    },
    ctx.style,
  );
}

async function chooseDate(
  ctx: Ctx,
  concert: ConcertSummary,
  date: string | undefined,
): Promise<PerformanceRef> {
  if (date !== undefined || concert.performances.length === 1 || !ctx.interactive)
    return pickDate(concert, date);
  const dates = await fetchDates(ctx, concert.concertId);
  ctx.print(
    table(
      ['#', 'date', 'free'],
      dates.map((d, i) => [
        String(i + 1),
        when(d.startsAt),
        d.seatsAvailable === 0 ? ctx.style.red('sold out') : `${d.seatsAvailable} of ${d.seatsTotal}`,
      ]),
      ctx.style,
    ),
  );
  return askUntil(
    `Date [1-${dates.length}]: `,
    (a) => {
      if (!/^\d+$/.test(a) || !concert.performances[Number(a) - 1])
        throw new Error(`Type a number from 1 to ${dates.length}.`);
      return pickDate(concert, a);
    },
    ctx.style,
  );
}

/** Picks seats from flags, or asks; holds them. On a terminal a seat lost to someone else means choosing again. */
async function chooseAndHold(
  ctx: Ctx,
  perf: PerformanceRef,
  o: BuyOptions,
  named: NamedSeats | null,
): Promise<Reservation> {
  const standing = o.standing !== undefined ? { sectionId: o.standing, count: o.count ?? 1 } : undefined;
  for (;;) {
    const { seats } = await fetchSeats(ctx, perf);
    let request: HoldRequest;
    if (named) {
      request = named.labels.length > 0 ? { seats: named.labels } : {};
      if (named.numbers.length > 0) request.seatNos = checkNamedSeats(seats, named.numbers);
    } else if (o.best !== undefined) request = best(seats, o.best, o.section);
    else if (standing) request = {};
    else if (ctx.interactive) request = await askSeats(ctx, perf, seats);
    else throw badInput('Choose seats with --seats 12,13 or --best 2 (no terminal to ask on).');
    if (standing) request.standing = standing;
    try {
      return await holdSeats(ctx, perf, request);
    } catch (err) {
      const e = toCliError(err, ctx.server);
      if (e.code !== 'SEAT_UNAVAILABLE' || !ctx.interactive || named || o.best !== undefined) throw e;
      ctx.print(ctx.style.yellow('Someone was quicker: one of those seats was just taken. Choose again.'));
    }
  }
}

async function buy(ctx: Ctx, o: BuyOptions, ref: string | undefined) {
  ctx.requireSession();
  // Check every flag before taking a place in the queue: a typo should not cost a turn.
  if (o.seats !== undefined && o.best !== undefined)
    throw badInput('Use either --seats or --best, not both.');
  if (o.section !== undefined && o.best === undefined)
    throw badInput('--section goes with --best, e.g. `--best 2 --section A`.');
  if (o.count !== undefined && o.standing === undefined)
    throw badInput('--count goes with --standing, e.g. `--standing FLOOR-A --count 2`.');
  const named = o.seats !== undefined ? namedSeats(o.seats) : null;
  const concert = await chooseConcert(ctx, ref);
  if (o.date !== undefined || !ctx.interactive) pickDate(concert, o.date);

  ctx.note(`Joining the waiting room of ${ctx.style.bold(concert.title)}…`);
  const admitted = await joinAndWait(ctx, concert.concertId, { timeoutSeconds: o.timeout });
  // After a wait the live display's last line already says so.
  if (!admitted.waited) ctx.note(`${ctx.errStyle.green('✔')} Admitted at once.`);
  const leaveQueue = onInterrupt(async () => {
    await ctx.client.queue.leave.mutate();
    ctx.store.setQueueToken(concert.concertId, null);
  });

  const perf = await chooseDate(ctx, concert, o.date);
  const held = await chooseAndHold(ctx, perf, o, named);
  const r = held;
  const release = onInterrupt(async () => {
    await ctx.client.reservation.cancel.mutate({ reservationId: r.reservationId });
    ctx.note('Released the held seats.');
  });
  ctx.note(holdSummary(r, ctx.errStyle));

  if (!o.pay) {
    release();
    leaveQueue();
    ctx.result(
      { concertId: concert.concertId, performanceId: perf.performanceId, reservation: r, payment: null },
      () => `Not paid yet (--no-pay). Pay before the hold runs out: tix pay ${shortId(r.reservationId)}`,
    );
    return;
  }
  if (ctx.interactive && !o.yes) {
    const { balance } = await ctx.client.wallet.balance.query();
    const answer = await confirmWithCountdown(
      `Pay ${won(r.totalPrice)} (wallet ${won(balance)})?`,
      r.expiresAt ?? new Date(Date.now() + 300_000),
      ctx.style,
    );
    if (answer !== 'yes') {
      release();
      leaveQueue();
      if (answer === 'expired')
        throw new CliError(
          'The hold ran out before paying; the seats were released. Run `tix buy` again.',
          ExitCode.HOLD_EXPIRED,
          'RESERVATION_EXPIRED',
        );
      await ctx.client.reservation.cancel.mutate({ reservationId: r.reservationId }).catch(() => undefined);
      ctx.result(
        { reservation: { ...r, status: 'CANCELLED' }, payment: null },
        () => 'Not bought; the seats were released.',
      );
      return;
    }
  }
  try {
    const payment = await payReservation(ctx, concert.concertId, r.reservationId);
    ctx.result(
      {
        concertId: concert.concertId,
        performanceId: perf.performanceId,
        reservation: { ...r, status: 'PAID', paidAt: payment.paidAt },
        payment,
      },
      () => paidSummary(r, payment, ctx.style),
    );
  } catch (err) {
    const e = toCliError(err, ctx.server);
    // Keep the hold: the buyer can top up and pay it before it runs out.
    if (e.code === 'INSUFFICIENT_BALANCE') {
      e.details.reservationId = r.reservationId;
      e.message = `Your wallet does not cover ${won(r.totalPrice)}. The seats stay held${r.expiresAt ? ` until ${r.expiresAt.toLocaleTimeString('en-GB')}` : ''}: run \`tix wallet charge <amount>\`, then \`tix pay ${shortId(r.reservationId)}\`.`;
    }
    throw e;
  } finally {
    release();
    leaveQueue();
  }
}

export function registerBuy(program: Command): void {
  program
    .command('buy')
    .description('buy tickets in one go: queue, choose a date and seats, hold, pay')
    .argument('[concert]', 'number from `tix concerts`, part of the title, or id (asked for on a terminal)')
    .option('-d, --date <n>', "which of the concert's dates (its number in `tix dates`)")
    .option('-s, --seats <list>', 'exact seats, e.g. 12,13 or 12-14, or labels such as A-12-7')
    .option(
      '-b, --best <n>',
      'the n best free seats, chosen by the server (priciest grade, side by side in one row)',
      positiveInt('--best', 20),
    )
    .option('--section <id>', 'with --best: only seats of this section, e.g. 101')
    .option('--standing <area>', 'standing places in this area, e.g. FLOOR-A (with --count)')
    .option('--count <n>', 'how many standing places (default 1)', positiveInt('--count', 20))
    .option('-y, --yes', 'pay without asking (scripts never ask)')
    .option('--no-pay', 'stop after holding; pay later with `tix pay`')
    .option(
      '-t, --timeout <seconds>',
      'give up (and leave the queue) if not admitted in time',
      positiveInt('--timeout', 86_400),
    )
    .addHelpText(
      'after',
      `
Examples:
  tix buy                                   # on a terminal: asks for the concert, date and seats
  tix buy aurora --date 1 --seats 12,13     # scripted: exact seats, pays at once
  tix buy 1 --date 2 --best 2 --json        # the two best free seats; JSON result
  tix buy aurora --best 4 --timeout 120     # exit 11 if not admitted within two minutes
  tix buy arena --seats A-12-7,A-12-8       # seats by label (section-row-seat)
  tix buy arena --best 2 --section 101      # the two best seats of section 101
  tix buy arena --standing FLOOR-A --count 2

Exit codes: 0 bought, 2 bad input, 3 not signed in, 5 server unreachable, 10 sold out or seat taken,
11 not admitted, 12 insufficient balance, 13 hold ran out, 130 Ctrl-C (hold released, queue left).`,
    )
    .action(action<[string | undefined], BuyOptions>((ctx, o, ref) => buy(ctx, o, ref)));
}
