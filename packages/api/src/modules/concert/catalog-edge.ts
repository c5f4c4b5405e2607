/**
 * The catalog's answer cache for the server's lean tRPC path (apps/server/src/lean-trpc.ts, `LeanOptions.answers`).
 * `concert.list`, `concert.search` and `concert.dates` are public and cached as superjson text (concert.service.ts),
 * which is already the `data` of tRPC's answer: the lean path wraps it as it is, where running the procedure parses
 * it and serialises it again, the largest share of a hit's CPU in the profiled benchmark. A crowd refreshing the
 * concert page before a sale then costs one cache read per request.
 *
 * The lean path hands over the input it read (deserialised, not validated); input that does not validate, or a
 * miss, returns null and the procedure runs as usual (filling the cache, or naming the field at fault).
 */
import superjson, { type SuperJSONResult } from 'superjson';
import type { Deps } from '../../deps.js';
import { cacheRequests } from '../../infra/metrics.js';
import { performanceVenue } from '../venue/venue.service.js';
import { ZConcertId, ZListInput, ZPerformanceId, ZSearchInput } from './concert.schema.js';
import { CATALOG_CACHE, catalogCacheField } from './concert.service.js';

/** The cache field of each procedure's parsed input, or null when the input does not validate. */
const fieldOf: Record<string, (input: unknown) => string | null> = {
  'concert.list': (input) => {
    const parsed = ZListInput.safeParse(input);
    return parsed.success ? catalogCacheField.list(parsed.data) : null;
  },
  'concert.search': (input) => {
    const parsed = ZSearchInput.safeParse(input);
    return parsed.success ? catalogCacheField.search(parsed.data) : null;
  },
  'concert.dates': (input) => {
    const parsed = ZConcertId.safeParse(input);
    return parsed.success ? catalogCacheField.dates(parsed.data.concertId) : null;
  },
};

/** Procedure path → the superjson text of its cached `data` for an input, or null. Counts a hit. */
export function catalogAnswers(deps: Deps): Record<string, (input: unknown) => Promise<string | null>> {
  const answers: Record<string, (input: unknown) => Promise<string | null>> = {};
  for (const [procedure, fieldFor] of Object.entries(fieldOf)) {
    answers[procedure] = async (input) => {
      const field = fieldFor(input);
      if (field === null) return null;
      const hit = await deps.cache.get(CATALOG_CACHE, field);
      // A miss is counted by the read-through cache when the procedure runs.
      if (hit !== null) cacheRequests.inc({ cache: CATALOG_CACHE, result: 'hit' });
      return hit;
    };
  }
  return answers;
}

/**
 * `concert.layout` at the edge: the layout never changes for a performance, so its answer carries its version as a
 * strong ETag, and a client that already has that version gets 304 with no body. Null when tRPC should answer
 * (input that does not read or validate, an unknown performance, a batch of several calls).
 */
export async function layoutAnswer(
  deps: Deps,
  request: { input: unknown; batch: unknown; trpcAccept: unknown },
): Promise<{ etag: string; body: string } | null> {
  if (request.trpcAccept !== undefined) return null;
  const batched = request.batch === '1';
  if (!batched && request.batch !== undefined) return null;
  const parsed = ZPerformanceId.safeParse(readGetInput(request.input, batched));
  if (!parsed.success) return null;
  const venue = await performanceVenue(deps, parsed.data.performanceId);
  if (!venue) return null;
  const answer = `{"result":{"data":${superjson.stringify(venue.answer)}}}`;
  return { etag: `"${venue.answer.version}"`, body: batched ? `[${answer}]` : answer };
}

/** tRPC's GET input (superjson JSON; keyed "0" in a batch of one), or undefined when it does not read. */
function readGetInput(raw: unknown, batched: boolean): unknown {
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    const call: unknown = batched ? (parsed as Record<string, unknown> | null)?.['0'] : parsed;
    return call === undefined ? undefined : superjson.deserialize(call as SuperJSONResult);
  } catch {
    return undefined;
  }
}
