/**
 * Turns what people type into ids. Nobody wants to paste a UUID into a terminal, so a concert may be named by its
 * number in `tix concerts`, part of its title ("aurora") or an id prefix; a date by `--date N` (its number in
 * `tix dates`) or an id prefix; a reservation by an id prefix (`tix reservations` shows 8 characters).
 */
import type { RouterOutputs } from '@tix/sdk';
import type { Ctx } from './context.js';
import { badInput, CliError, ExitCode, type CliErrorCode } from './errors.js';
import { shortId, when } from './output.js';

export type ConcertSummary = RouterOutputs['concert']['list']['items'][number];

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const prefixPattern = /^[0-9a-f-]{4,36}$/i;

export function isUuid(s: string): boolean {
  return uuidPattern.test(s);
}

/** Every concert, in the order `tix concerts` numbers them (the catalog pages by sale date). */
export async function allConcerts(ctx: Ctx): Promise<ConcertSummary[]> {
  const items: ConcertSummary[] = [];
  let cursor: string | undefined;
  // A bound on pages keeps a misbehaving server from looping us forever.
  for (let page = 0; page < 50; page++) {
    const res = await ctx.client.concert.list.query({ limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...res.items);
    if (!res.nextCursor) break;
    cursor = res.nextCursor;
  }
  return items;
}

/** What a reference names, with the API's code for one that does not exist (a date is a performance there). */
const notFoundCodes = {
  concert: 'CONCERT_NOT_FOUND',
  date: 'PERFORMANCE_NOT_FOUND',
  reservation: 'RESERVATION_NOT_FOUND',
} as const satisfies Record<string, CliErrorCode>;
type Named = keyof typeof notFoundCodes;

function notFound(what: Named, ref: string, hint: string): CliError {
  return new CliError(`No ${what} matches "${ref}". ${hint}`, ExitCode.NOT_FOUND, notFoundCodes[what]);
}

/** Picks the one match or explains why there is none or more than one. */
function single<T>(matches: T[], ref: string, what: Named, label: (t: T) => string, hint: string): T {
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw notFound(what, ref, hint);
  const names = matches.slice(0, 5).map(label).join('; ');
  throw badInput(`"${ref}" matches ${matches.length} ${what}s (${names}). Be more specific.`);
}

export async function resolveConcert(ctx: Ctx, ref: string): Promise<ConcertSummary> {
  const concerts = await allConcerts(ctx);
  const trimmed = ref.trim();
  if (!trimmed) throw badInput('Name a concert: its number in `tix concerts`, part of its title, or its id.');
  const hint = '`tix concerts` lists them.';
  const lower = trimmed.toLowerCase();
  const byId = concerts.filter((c) => c.concertId.toLowerCase().startsWith(lower));
  // A number is a place in `tix concerts`, unless it is long enough to be the start of an id and one starts so
  // (an id's first characters may all be digits).
  if (/^\d+$/.test(trimmed) && !(prefixPattern.test(trimmed) && byId.length > 0)) {
    const concert = concerts[Number(trimmed) - 1];
    if (!concert) throw notFound('concert', trimmed, `There are ${concerts.length} concerts; ${hint}`);
    return concert;
  }
  if (prefixPattern.test(trimmed) && byId.length > 0)
    return single(byId, trimmed, 'concert', (c) => c.title, hint);
  const exact = concerts.filter((c) => c.title.toLowerCase() === lower);
  if (exact.length === 1) return exact[0]!;
  const byTitle = concerts.filter((c) => c.title.toLowerCase().includes(lower));
  return single(byTitle, trimmed, 'concert', (c) => c.title, hint);
}

export interface PerformanceRef {
  concertId: string;
  concertTitle: string;
  performanceId: string;
  startsAt: Date;
  /** 1-based, as `tix dates` numbers them. */
  index: number;
}

function datesOf(concert: ConcertSummary): PerformanceRef[] {
  return concert.performances.map((p, i) => ({
    concertId: concert.concertId,
    concertTitle: concert.title,
    performanceId: p.performanceId,
    startsAt: p.startsAt,
    index: i + 1,
  }));
}

/** The date `--date` names within a concert: its number in `tix dates`, or an id prefix. */
export function pickDate(concert: ConcertSummary, date: string | undefined): PerformanceRef {
  const dates = datesOf(concert);
  if (dates.length === 0) throw notFound('date', concert.title, 'This concert has no dates.');
  if (date === undefined) {
    if (dates.length === 1) return dates[0]!;
    throw badInput(
      `"${concert.title}" has ${dates.length} dates; choose one with --date 1..${dates.length} (\`tix dates ${shortId(concert.concertId)}\` lists them).`,
    );
  }
  const trimmed = date.trim();
  if (/^\d+$/.test(trimmed)) {
    const picked = dates[Number(trimmed) - 1];
    if (!picked) throw badInput(`--date must be 1..${dates.length} for "${concert.title}" (got ${trimmed}).`);
    return picked;
  }
  const byId = dates.filter((d) => d.performanceId.toLowerCase().startsWith(trimmed.toLowerCase()));
  return single(
    byId,
    trimmed,
    'date',
    (d) => when(d.startsAt),
    `\`tix dates ${shortId(concert.concertId)}\` lists them.`,
  );
}

/**
 * A performance from `<performance>` (an id or id prefix) or `<concert> [--date N]`. Knowing the concert matters:
 * its waiting-room token is the one to send.
 */
export async function resolvePerformance(ctx: Ctx, ref: string, date?: string): Promise<PerformanceRef> {
  const concerts = await allConcerts(ctx);
  const trimmed = ref.trim().toLowerCase();
  if (prefixPattern.test(trimmed)) {
    const matches = concerts
      .flatMap(datesOf)
      .filter((d) => d.performanceId.toLowerCase().startsWith(trimmed));
    if (matches.length > 0) {
      if (date !== undefined) throw badInput('--date is for a concert; this already names a date.');
      return single(matches, ref, 'date', (d) => `${d.concertTitle} ${when(d.startsAt)}`, '');
    }
  }
  return pickDate(await resolveConcert(ctx, ref), date);
}

/** A reservation id from an id or the prefix `tix reservations` shows. */
export async function resolveReservationId(ctx: Ctx, ref: string): Promise<string> {
  const trimmed = ref.trim().toLowerCase();
  if (isUuid(trimmed)) return trimmed;
  if (!prefixPattern.test(trimmed)) {
    throw badInput(
      `"${ref}" is not a reservation id. \`tix reservations\` lists yours (the first 8 characters will do).`,
    );
  }
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await ctx.client.reservation.list.query({
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    ids.push(...res.items.map((r) => r.reservationId));
    if (!res.nextCursor) break;
    cursor = res.nextCursor;
  }
  return single(
    ids.filter((id) => id.toLowerCase().startsWith(trimmed)),
    ref,
    'reservation',
    shortId,
    '`tix reservations` lists yours.',
  );
}
