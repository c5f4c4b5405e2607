/**
 * Cached catalog reads answered before tRPC runs. `concert.list` and `concert.dates` are public and cached as
 * superjson text (concert.service.ts), which is already the `data` of tRPC's answer: wrapping it costs nothing,
 * where a trip through tRPC parses it and serialises it again, the largest share of a hit's CPU in the profiled
 * benchmark. A crowd refreshing the concert page before a sale then costs one cache read per request.
 *
 * Only the plain shapes are answered here: one procedure per request (alone, or as a batch of one, as the SDK sends
 * it) and a JSON answer. A miss, input that does not validate, or anything else returns null, and tRPC answers as
 * usual (filling the cache, or naming the field at fault).
 */
import superjson, { type SuperJSONResult } from 'superjson';
import type { Deps } from '../../deps.js';
import { cacheRequests } from '../../infra/metrics.js';
import { performanceVenue } from '../venue/venue.service.js';
import { ZConcertId, ZListInput, ZPerformanceId } from './concert.schema.js';
import { CATALOG_CACHE, catalogCacheField } from './concert.service.js';

/** The cache field of each procedure's parsed input, or null when the input does not validate. */
const fieldOf: Record<string, (input: unknown) => string | null> = {
  'concert.list': (input) => {
    const parsed = ZListInput.safeParse(input);
    return parsed.success ? catalogCacheField.list(parsed.data) : null;
  },
  'concert.dates': (input) => {
    const parsed = ZConcertId.safeParse(input);
    return parsed.success ? catalogCacheField.dates(parsed.data.concertId) : null;
  },
};

/** The procedures whose GET requests may be answered here. */
export const catalogEdgeProcedures = Object.keys(fieldOf);

export interface CatalogRequest {
  /** The procedure path after /trpc/, e.g. `concert.list`. */
  procedure: string;
  /** The `input` and `batch` query parameters, as the HTTP framework parsed them. */
  input: unknown;
  batch: unknown;
  /** The `trpc-accept` header: set when the client asks for a streamed answer, which tRPC must give. */
  trpcAccept: unknown;
}

/** The response body for a cached catalog read, or null when tRPC should answer. Counts a hit. */
export async function cachedCatalogAnswer(deps: Deps, request: CatalogRequest): Promise<string | null> {
  const fieldFor = fieldOf[request.procedure];
  if (!fieldFor || request.trpcAccept !== undefined) return null;
  const batched = request.batch === '1';
  if (!batched && request.batch !== undefined) return null;
  const input = readInput(request.input, batched);
  if (input === unreadable) return null;
  const field = fieldFor(input);
  if (field === null) return null;
  const hit = await deps.cache.get(CATALOG_CACHE, field);
  // A miss is counted by the read-through cache when tRPC answers.
  if (hit === null) return null;
  cacheRequests.inc({ cache: CATALOG_CACHE, result: 'hit' });
  const answer = `{"result":{"data":${hit}}}`;
  return batched ? `[${answer}]` : answer;
}

const unreadable = Symbol('unreadable');

/** tRPC's GET input: superjson-serialised JSON, keyed by call index in a batch; absent means no input. */
function readInput(raw: unknown, batched: boolean): unknown {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return unreadable;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!batched) return superjson.deserialize(parsed as SuperJSONResult);
    if (typeof parsed !== 'object' || parsed === null) return unreadable;
    const calls = Object.entries(parsed);
    if (calls.length > 1 || (calls.length === 1 && calls[0]![0] !== '0')) return unreadable;
    return calls.length === 0 ? undefined : superjson.deserialize(calls[0]![1] as SuperJSONResult);
  } catch {
    return unreadable;
  }
}

/**
 * `concert.layout` at the edge: the layout never changes for a performance, so its answer carries its version as a
 * strong ETag, and a client that already has that version gets 304 with no body. Null when tRPC should answer
 * (input that does not validate, an unknown performance, a batch of several calls).
 */
export async function layoutAnswer(
  deps: Deps,
  request: Omit<CatalogRequest, 'procedure'>,
): Promise<{ etag: string; body: string } | null> {
  if (request.trpcAccept !== undefined) return null;
  const batched = request.batch === '1';
  if (!batched && request.batch !== undefined) return null;
  const input = readInput(request.input, batched);
  const parsed = ZPerformanceId.safeParse(input);
  if (!parsed.success) return null;
  const venue = await performanceVenue(deps, parsed.data.performanceId);
  if (!venue) return null;
  const answer = `{"result":{"data":${JSON.stringify(superjson.serialize(venue.answer))}}}`;
  return { etag: `"${venue.answer.version}"`, body: batched ? `[${answer}]` : answer };
}
