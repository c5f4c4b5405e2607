/** search: find concerts by words of their title, performers, venue or city (docs/domain.md, "Concert search"). */
import type { Command } from 'commander';
import { action, positiveInt } from '../action.js';
import { badInput } from '../errors.js';
import { shortId, table, when } from '../output.js';
import { saleState } from './catalog.js';

/**
 * A day (`2026-12-24`, read as the local calendar day: its start, or its end for --to) or a full ISO instant.
 * Anything else is the user's mistake, named by its flag before a call is made.
 */
export function dayOrInstant(flag: string, edge: 'start' | 'end') {
  return (value: string): Date => {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
    const at = day
      ? edge === 'start'
        ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]))
        : new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 23, 59, 59, 999)
      : new Date(value);
    if (Number.isNaN(at.getTime())) {
      throw badInput(`${flag} must be a day such as 2026-12-24 or an ISO date and time (got "${value}").`);
    }
    return at;
  };
}

interface SearchOptions {
  from?: Date;
  to?: Date;
  city?: string;
  limit: number;
}

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('find concerts by title, performer, venue or city (typos and accents forgiven)')
    .argument('<words...>', 'what to look for')
    .option('--from <day>', 'only concerts with a date on or after this day', dayOrInstant('--from', 'start'))
    .option('--to <day>', 'only concerts with a date on or before this day', dayOrInstant('--to', 'end'))
    .option('--city <city>', 'only concerts in this city')
    .option('-n, --limit <n>', 'how many, 1 to 100', positiveInt('--limit', 100), 20)
    .addHelpText(
      'after',
      '\nExamples:\n  tix search aurora\n  tix search 아이유 --city seoul\n  tix search jazz --from 2026-12-01 --to 2026-12-31 --json',
    )
    .action(
      action<[string[]], SearchOptions>(async (ctx, o, words) => {
        const { items } = await ctx.client.concert.search.query({
          query: words.join(' '),
          from: o.from,
          to: o.to,
          city: o.city,
          limit: o.limit,
        });
        ctx.result(items, () =>
          items.length === 0
            ? `No concerts match "${words.join(' ')}".`
            : table(
                ['#', 'concert', 'performers', 'venue', 'city', 'sale', 'next date', 'id'],
                items.map((c, i) => [
                  String(i + 1),
                  ctx.style.bold(c.title),
                  c.performers.join(', '),
                  c.venue,
                  c.city,
                  saleState(ctx, c.saleOpensAt),
                  c.performances[0] ? when(c.performances[0].startsAt) : '',
                  ctx.style.dim(shortId(c.concertId)),
                ]),
                ctx.style,
              ) + `\n\n${ctx.style.dim('Next: tix dates <title|id>, or tix buy <title|id>')}`,
        );
      }),
    );
}
