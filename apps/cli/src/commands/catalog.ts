/** concerts, dates, seats: browsing the catalog. Only `seats` needs a session and an admitted waiting-room place. */
import { loadSeatMap } from '@tix/sdk';
import type { Command } from 'commander';
import { action } from '../action.js';
import type { Ctx } from '../context.js';
import { duration, shortId, table, when } from '../output.js';
import { withQueueToken } from '../queued.js';
import { allConcerts, resolveConcert, resolvePerformance, type PerformanceRef } from '../resolve.js';
import { badInput } from '../errors.js';
import { freeCount, renderSeatMap, renderSection, renderSections } from '../seat-map.js';

export function saleState(ctx: Ctx, saleOpensAt: Date): string {
  const inSeconds = (saleOpensAt.getTime() - Date.now()) / 1000;
  if (inSeconds <= 0) return ctx.style.green('on sale');
  return ctx.style.yellow(
    inSeconds < 24 * 3600 ? `opens in ${duration(inSeconds)}` : `opens ${when(saleOpensAt)}`,
  );
}

export async function fetchDates(ctx: Ctx, concertId: string) {
  return ctx.client.concert.dates.query({ concertId });
}

/** The seat map of one performance, sent with the concert's waiting-room token. */
export async function fetchSeats(ctx: Ctx, perf: PerformanceRef) {
  ctx.requireSession();
  return withQueueToken(ctx, perf.concertId, () => loadSeatMap(ctx.client, perf.performanceId));
}

export function registerCatalog(program: Command): void {
  program
    .command('concerts')
    .description('list concerts, numbered for the other commands')
    .addHelpText('after', '\nExamples:\n  tix concerts\n  tix concerts --json | jq -r ".[].title"')
    .action(
      action(async (ctx) => {
        const concerts = await allConcerts(ctx);
        ctx.result(concerts, () =>
          concerts.length === 0
            ? 'No concerts yet.'
            : table(
                ['#', 'concert', 'venue', 'sale', 'dates', 'id'],
                concerts.map((c, i) => [
                  String(i + 1),
                  ctx.style.bold(c.title),
                  c.venue,
                  saleState(ctx, c.saleOpensAt),
                  String(c.performances.length),
                  ctx.style.dim(shortId(c.concertId)),
                ]),
                ctx.style,
              ) + `\n\n${ctx.style.dim('Next: tix dates <#|title|id>, or tix buy <#|title|id>')}`,
        );
      }),
    );

  program
    .command('dates')
    .description("list a concert's dates with free seats")
    .argument('<concert>', 'number from `tix concerts`, part of the title, or id')
    .addHelpText('after', '\nExamples:\n  tix dates 1\n  tix dates aurora')
    .action(
      action<[string], object>(async (ctx, _o, ref) => {
        const concert = await resolveConcert(ctx, ref);
        const dates = await fetchDates(ctx, concert.concertId);
        ctx.result({ concertId: concert.concertId, title: concert.title, dates }, () => [
          `${ctx.style.bold(concert.title)} · ${concert.venue} · ${saleState(ctx, concert.saleOpensAt)}`,
          '',
          table(
            ['#', 'date', 'free', 'id'],
            dates.map((d, i) => [
              String(i + 1),
              when(d.startsAt),
              d.seatsAvailable === 0 ? ctx.style.red('sold out') : `${d.seatsAvailable} of ${d.seatsTotal}`,
              ctx.style.dim(shortId(d.performanceId)),
            ]),
            ctx.style,
          ),
          '',
          ctx.style.dim(`Next: tix buy ${shortId(concert.concertId)} --date <#>`),
        ]);
      }),
    );

  program
    .command('seats')
    .description('draw the seat map of a date (needs an admitted place: `tix queue <concert>` first)')
    .argument('<date>', 'a date id (prefix) from `tix dates`, or a concert with --date')
    .option('-d, --date <n>', "which of the concert's dates (its number in `tix dates`)")
    .option('--section <id>', "one section's rows, e.g. 101 (`tix seats` lists the sections)")
    .addHelpText(
      'after',
      '\nExamples:\n  tix queue aurora && tix seats aurora --date 2\n  tix seats stadium --section 101   # the rows of section 101\n  tix seats 3f2a9c1e            # a date id prefix from `tix dates`\n\nLegend: a free seat shows its number, "x" is taken, "*" is yours.',
    )
    .action(
      action<[string], { date?: string; section?: string }>(async (ctx, o, ref) => {
        const perf = await resolvePerformance(ctx, ref, o.date);
        const map = await fetchSeats(ctx, perf);
        const { seats } = map;
        const section = o.section === undefined ? null : renderSection(map, o.section, ctx.style);
        if (o.section !== undefined && section === null) {
          throw badInput(`No section ${o.section} here; \`tix seats\` lists them.`);
        }
        const sections = map.layout.sections.map((s) => ({
          sectionId: s.sectionId,
          name: s.name,
          kind: s.kind,
          grade: s.grade,
        }));
        const standing = map.availability.standing;
        // A small single-section hall still shows every seat at once, as before venues.
        const whole = map.layout.sections.length === 1 && seats.length <= 2_000;
        ctx.result({ ...perf, sections, standing, seats }, () => [
          `${ctx.style.bold(perf.concertTitle)} · ${when(perf.startsAt)} · ${freeCount(seats)} of ${seats.length} seats free`,
          '',
          renderSections(map, ctx.style),
          '',
          section ??
            (whole
              ? renderSeatMap(seats, ctx.style)
              : ctx.style.dim('Show one section with --section <id>.')),
        ]);
      }),
    );
}
