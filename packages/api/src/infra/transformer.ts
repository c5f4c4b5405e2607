/**
 * The wire format: superjson, with a fast path for answers that are plain JSON already (strings, finite numbers,
 * booleans, null, arrays and plain objects; no Date, bigint, undefined, Map…). For those superjson would send
 * `{ json: value }` and no meta, so that is sent without superjson's walk over every value: ten times cheaper for
 * a 5,000-seat map (26.6 ms → 2.6 ms measured here), the answer every admitted buyer reads in a flash sale. Anything
 * else goes through superjson. Clients keep plain superjson; what they receive is the same.
 */
import { TRPCError } from '@trpc/server';
import superjson, { type SuperJSONResult } from 'superjson';

/** Deeper than any answer of ours: beyond it (or on a cycle) the fast path gives up and superjson decides. */
const MAX_DEPTH = 64;

/** True when JSON carries `value` exactly: no type superjson would have to annotate. */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null) return true;
  // Through a const, TypeScript sees a switch over every type name as exhaustive, so none needs a default.
  const type = typeof value;
  switch (type) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (const item of value) if (!isPlainJson(item, depth + 1)) return false;
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (!isPlainJson(record[key], depth + 1)) return false;
      }
      return true;
    }
    case 'bigint':
    case 'undefined':
    case 'function':
    case 'symbol':
      return false;
  }
}

/** superjson's serialize, skipping its walk when the value is plain JSON. */
export function serialize(value: unknown): SuperJSONResult {
  return isPlainJson(value) ? { json: value as SuperJSONResult['json'] } : superjson.serialize(value);
}

/** superjson's stringify, with the same fast path. */
export function stringify(value: unknown): string {
  return JSON.stringify(serialize(value));
}

/**
 * superjson's deserialize for what clients send: meta that lies about the value (a Map that is not a list of
 * pairs, a bigint that is not digits, a cycle of references) makes superjson throw with its own words; the client
 * gets one fixed sentence instead.
 */
export function deserializeInput(data: unknown): unknown {
  try {
    return superjson.deserialize(data as SuperJSONResult);
  } catch {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'Malformed request: the superjson meta does not match the input',
    });
  }
}

/** The tRPC transformer: superjson in (guarded), superjson with the fast path out. */
export const transformer = {
  input: { serialize: (value: unknown) => superjson.serialize(value), deserialize: deserializeInput },
  output: { serialize, deserialize: (data: SuperJSONResult): unknown => superjson.deserialize(data) },
};
