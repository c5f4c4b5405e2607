/** hold, pay, cancel, reservations: the purchase one step at a time (`tix buy` does them all in one go). */
import type { Command } from 'commander';
import { action, positiveInt, seatList } from '../action.js';
import type { ReservationStatus } from '../api.js';
import { badInput } from '../errors.js';
import { shortId, table, when, won } from '../output.js';
import { holdSeats, payReservation } from '../purchase-steps.js';
import { resolvePerformance, resolveReservationId } from '../resolve.js';
import { holdSummary, paidSummary, seatsText, statusText } from '../reservation-view.js';

const statuses: ReservationStatus[] = ['HELD', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDED'];

export function registerReservations(program: Command): void {
  program
    .command('hold')
    .description('hold seats of a date for a few minutes, all or nothing (needs an admitted place)')
    .argument('<date>', 'a date id (prefix) from `tix dates`, or a concert with --date')
    .argument('<seats...>', 'seat numbers: 12 13, 12,13 or 12-14')
    .option('-d, --date <n>', "which of the concert's dates (its number in `tix dates`)")
    .addHelpText(
      'after',
      '\nExamples:\n  tix hold aurora --date 1 12 13\n  tix hold 3f2a9c1e 12-14\n\nThen pay with `tix pay <reservation>` before the hold runs out.',
    )
    .action(
      action<[string, string[]], { date?: string }>(async (ctx, o, ref, seats) => {
        ctx.requireSession();
        const seatNos = seatList(seats);
        const perf = await resolvePerformance(ctx, ref, o.date);
        const r = await holdSeats(ctx, perf, { seatNos });
        const view = r;
        ctx.result(
          view,
          () => `${holdSummary(view, ctx.style)}\n  Next: tix pay ${shortId(r.reservationId)}`,
        );
      }),
    );

  program
    .command('pay')
    .description('pay a held reservation from your wallet')
    .argument('<reservation>', 'id or the 8-character prefix `tix reservations` shows')
    .option(
      '--idempotency-key <key>',
      'reuse a key when retrying a payment from a script (default: a new one)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  tix pay 7c1d22ab\n  tix pay 7c1d22ab --json --idempotency-key order-42-try',
    )
    .action(
      action<[string], { idempotencyKey?: string }>(async (ctx, o, ref) => {
        ctx.requireSession();
        const api = ctx.client;
        const reservationId = await resolveReservationId(ctx, ref);
        const r = await api.reservation.get.query({ reservationId });
        if (r.status === 'PAID') {
          ctx.result(r, () => `This reservation is already paid: ${seatsText(r)}, ${won(r.totalPrice)}.`);
          return;
        }
        const payment = await payReservation(ctx, r.concertId, reservationId, o.idempotencyKey);
        ctx.result(payment, () => paidSummary(r, payment, ctx.style));
      }),
    );

  program
    .command('cancel')
    .description('cancel a reservation: releases held seats, refunds a paid one (until the refund cut-off)')
    .argument('<reservation>', 'id or the 8-character prefix `tix reservations` shows')
    .addHelpText('after', '\nExamples:\n  tix cancel 7c1d22ab')
    .action(
      action<[string], object>(async (ctx, _o, ref) => {
        ctx.requireSession();
        const reservationId = await resolveReservationId(ctx, ref);
        const r = await ctx.client.reservation.cancel.mutate({ reservationId });
        ctx.result(r, () =>
          r.status === 'REFUNDED'
            ? `${ctx.style.green('✔')} Cancelled; ${won(r.totalPrice)} refunded to your wallet (${seatsText(r)} released).`
            : `${ctx.style.green('✔')} Cancelled; ${seatsText(r)} released.`,
        );
      }),
    );

  program
    .command('reservations')
    .description('list your reservations, newest first')
    .option('-s, --status <status>', `only this status: ${statuses.join(', ')}`)
    .option('-n, --limit <n>', 'how many, 1 to 100', positiveInt('--limit', 100), 20)
    .addHelpText('after', '\nExamples:\n  tix reservations\n  tix reservations --status HELD --json')
    .action(
      action<[], { status?: string; limit: number }>(async (ctx, o) => {
        ctx.requireSession();
        const status = o.status?.toUpperCase() as ReservationStatus | undefined;
        if (status && !statuses.includes(status))
          throw badInput(`--status must be one of ${statuses.join(', ')}.`);
        const limit = o.limit;
        const page = await ctx.client.reservation.list.query({
          limit,
          ...(status ? { status } : {}),
        });
        ctx.result(page.items, () =>
          page.items.length === 0
            ? 'No reservations yet. Buy one with `tix buy <concert>`.'
            : table(
                ['id', 'concert', 'date', 'seats', 'total', 'status'],
                page.items.map((r) => [
                  shortId(r.reservationId),
                  r.concertTitle ?? '',
                  r.startsAt ? when(r.startsAt) : '',
                  r.seats.map((s) => s.seatNo).join(','),
                  won(r.totalPrice),
                  statusText(r, ctx.style),
                ]),
                ctx.style,
              ),
        );
      }),
    );
}
