/**
 * admin stats, admin edit, admin cancel: an operator's view and corrections of a concert from the terminal
 * (docs/domain.md, "Operators", "Editing a concert" and "Cancelling a concert"). Needs an ADMIN session
 * (the demo operator: `tix login admin`, password admin-pass-123).
 */
import type { RouterInputs } from '@tix/sdk';
import type { Command } from 'commander';
import { action, positiveInt } from '../action.js';
import type { Ctx } from '../context.js';
import { badInput, CliError, ExitCode, toCliError } from '../errors.js';
import { duration, table, when, won } from '../output.js';
import { ask } from '../prompt.js';
import { resolveConcert } from '../resolve.js';

type Edit = Omit<RouterInputs['admin']['updateConcert'], 'concertId'>;

interface EditOptions {
  title?: string;
  venue?: string;
  city?: string;
  category?: string;
  performers?: string;
  description?: string;
  queueOpens?: Date;
  saleOpens?: Date;
  holdSeconds?: number;
  maxSeats?: number;
  maxActive?: number;
  admitPerMinute?: number;
}

/** Runs an operator's call; a refusal for want of the role says how to become one, not "another account". */
async function asOperator<T>(ctx: Ctx, call: () => Promise<T>): Promise<T> {
  ctx.requireSession();
  try {
    return await call();
  } catch (err) {
    const e = toCliError(err, ctx.server);
    if (e.code !== 'FORBIDDEN') throw e;
    throw new CliError(
      'Only an operator can do this. Sign in as one (the demo operator: `tix login admin`).',
      ExitCode.AUTH,
      'FORBIDDEN',
      e.details,
    );
  }
}

function instant(flag: string) {
  return (text: string): Date => {
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) {
      throw badInput(`${flag} must be a date and time, e.g. 2026-12-24T19:00:00+09:00 (got "${text}").`);
    }
    return at;
  };
}

/** The admission rate per minute, as operators think of it; the API counts per second, so steps of 60. */
function perMinute(text: string): number {
  const n = positiveInt('--admit-per-minute', 60_000)(text);
  if (n % 60 !== 0) throw badInput(`--admit-per-minute goes in steps of 60 (60, 120, 180, …); got ${n}.`);
  return n;
}

function editOf(o: EditOptions): Edit {
  const edit: Edit = {
    title: o.title,
    venue: o.venue,
    city: o.city,
    category: o.category as Edit['category'],
    performers: o.performers
      ?.split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    description: o.description,
    queueOpensAt: o.queueOpens,
    saleOpensAt: o.saleOpens,
    holdSeconds: o.holdSeconds,
    maxSeatsPerOrder: o.maxSeats,
    maxActive: o.maxActive,
    admitPerSecond: o.admitPerMinute === undefined ? undefined : o.admitPerMinute / 60,
  };
  const given = Object.fromEntries(Object.entries(edit).filter(([, v]) => v !== undefined)) as Edit;
  if (Object.keys(given).length === 0)
    throw badInput('Nothing to change: give at least one option (see --help).');
  return given;
}

export function registerAdmin(program: Command): void {
  const admin = program
    .command('admin')
    .description(
      "operators: a concert's live numbers, editing and cancelling it (needs an operator account)",
    );

  admin
    .command('stats')
    .description("a concert's waiting room and sales now, with sell-through per date and grade")
    .argument('<concert>', 'number from `tix concerts`, part of the title, or id')
    .addHelpText('after', '\nExamples:\n  tix admin stats aurora\n  tix admin stats 1 --json')
    .action(
      action<[string], object>(async (ctx, _o, ref) => {
        const concert = await resolveConcert(ctx, ref);
        const s = await asOperator(ctx, () => ctx.client.admin.stats.query({ concertId: concert.concertId }));
        const clears =
          s.waiting === 0
            ? 'nobody waits'
            : s.estimatedClearSeconds === null
              ? 'paused: nobody is let in'
              : `queue clears in about ${duration(s.estimatedClearSeconds)}`;
        ctx.result(s, () => [
          `${ctx.style.bold(concert.title)} · as of ${s.asOf.toLocaleTimeString('en-GB')}`,
          `  waiting ${s.waiting} · shopping ${s.active} · let in ${s.admittedLastMinute} in the last minute · ${clears}`,
          `  held ${s.heldSeats} · sold ${s.soldSeats} · revenue ${won(s.revenue)}`,
          '',
          table(
            ['date', 'grade', 'sold', 'held', 'of'],
            s.sellThrough.map((g) => [
              when(g.startsAt),
              g.grade,
              String(g.sold),
              String(g.held),
              String(g.total),
            ]),
            ctx.style,
          ),
        ]);
      }),
    );

  admin
    .command('edit')
    .description(
      'change a concert: names and sale settings any time, opening times only before the sale opens',
    )
    .argument('<concert>', 'number from `tix concerts`, part of the title, or id')
    .option('--title <text>', 'the title')
    .option('--venue <text>', 'the venue name')
    .option('--city <text>', 'the city ("" clears it)')
    .option('--category <name>', 'one category, e.g. rock, jazz, classical, other')
    .option('--performers <names>', 'performers in billing order, comma-separated')
    .option('--description <text>', 'the description')
    .option(
      '--queue-opens <when>',
      'when the waiting room opens (before the sale only)',
      instant('--queue-opens'),
    )
    .option('--sale-opens <when>', 'when the sale opens (before the sale only)', instant('--sale-opens'))
    .option('--hold-seconds <n>', 'how long a hold lasts', positiveInt('--hold-seconds', 3_600))
    .option('--max-seats <n>', 'places per order', positiveInt('--max-seats', 100))
    .option('--max-active <n>', 'how many shop at once', positiveInt('--max-active'))
    .option('--admit-per-minute <n>', 'how many are let in per minute, in steps of 60', perMinute)
    .addHelpText(
      'after',
      '\nExamples:\n  tix admin edit aurora --title "Aurora Nights (Encore)" --city Busan\n  tix admin edit 1 --max-active 200 --admit-per-minute 600\n  tix admin edit 1 --sale-opens 2026-12-24T10:00:00+09:00',
    )
    .action(
      action<[string], EditOptions>(async (ctx, o, ref) => {
        const edit = editOf(o);
        const concert = await resolveConcert(ctx, ref);
        const updated = await asOperator(ctx, () =>
          ctx.client.admin.updateConcert.mutate({ concertId: concert.concertId, ...edit }),
        );
        ctx.result(
          updated,
          () =>
            `${ctx.style.green('✔')} Saved ${ctx.style.bold(updated.title)}: ${Object.keys(edit).join(', ')}. Buyers see the changes at once.`,
        );
      }),
    );

  admin
    .command('cancel')
    .description('call a concert off: release its holds and refund every paid ticket (cannot be undone)')
    .argument('<concert>', 'number from `tix concerts`, part of the title, or id')
    .option('-y, --yes', 'do not ask first (needed from a script or with --json)')
    .addHelpText('after', '\nExamples:\n  tix admin cancel aurora\n  tix admin cancel 3f2a9c1e --yes --json')
    .action(
      action<[string], { yes?: boolean }>(async (ctx, o, ref) => {
        ctx.requireSession();
        const concert = await resolveConcert(ctx, ref);
        if (concert.cancelledAt && !ctx.json) {
          ctx.print(`${concert.title} was already cancelled on ${when(concert.cancelledAt)}; nothing to do.`);
          return;
        }
        if (!o.yes) {
          if (!ctx.interactive)
            throw badInput('Cancelling cannot be undone: add --yes to do it from a script.');
          ctx.print(
            `Cancel ${ctx.style.bold(concert.title)}? Every hold is released and every paid ticket refunded in full to its buyer's wallet. This cannot be undone.`,
          );
          // Default no: Enter alone keeps the concert.
          if (!(await ask('Cancel the concert? [y/N] ')).toLowerCase().startsWith('y')) {
            ctx.print('Nothing changed.');
            return;
          }
        }
        const done = await asOperator(ctx, () =>
          ctx.client.admin.cancelConcert.mutate({ concertId: concert.concertId }),
        );
        ctx.result(
          done,
          () =>
            `${ctx.style.green('✔')} Cancelled ${ctx.style.bold(concert.title)}. Released ${done.releasedHolds} ${done.releasedHolds === 1 ? 'hold' : 'holds'}; refunded ${done.refundedReservations} paid ${done.refundedReservations === 1 ? 'reservation' : 'reservations'} (${won(done.refundedAmount)}).`,
        );
      }),
    );
}
