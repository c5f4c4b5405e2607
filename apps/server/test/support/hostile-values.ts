/**
 * Generated hostile input for every procedure: values of the wrong type, extreme numbers and dates, strings with
 * control characters, oversized and deeply nested values, and superjson envelopes whose meta lies. Inputs follow
 * the procedure's own shape (from the router) often enough to reach the services, and ignore it often enough to
 * test the edge.
 */
import fc from 'fast-check';
import superjson from 'superjson';
import type { InputShape } from './router-procedures.js';

/** Ids the fuzz may send: its own, other people's, and well-formed ones that match nothing. */
export interface KnownIds {
  concertIds: string[];
  performanceIds: string[];
  reservationIds: string[];
  paymentIds: string[];
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const minDate = new Date(-8.64e15); // year -271821, the earliest Date JavaScript has
const maxDate = new Date(8.64e15); // year 275760
const yearZero = new Date('0000-01-01T00:00:00.000Z');
// Fixed, so that FUZZ_SEED replays a run exactly.
const someUuid = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';
const uuidLike = ['-'.repeat(36), 'f'.repeat(36), '0'.repeat(36), '00000000-0000-0000-0000-000000000000'];

export const extremeNumbers = [
  0,
  -0,
  -1,
  1.5,
  NaN,
  Infinity,
  -Infinity,
  2 ** 31,
  2 ** 53 + 2,
  2 ** 63,
  -(2 ** 63),
  1e308,
  Number.MIN_VALUE,
];
export const extremeBigints = [0n, 2n ** 63n, -(2n ** 63n) - 1n, 10n ** 400n];
export const extremeDates = [minDate, maxDate, yearZero, new Date(0), new Date(253402300800000)];
export const dateStrings = [
  minDate.toISOString(),
  maxDate.toISOString(),
  '0000-01-01T00:00:00.000Z',
  '+010000-01-01T00:00:00.000Z',
  'not a date',
  '2026-13-45T25:61:00Z',
  '',
];
export const cursorStrings = [
  b64(`${minDate.toISOString()}|${someUuid}`),
  b64(`${maxDate.toISOString()}|${someUuid}`),
  b64(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`),
  b64(`2026-01-01T00:00:00.000Z|${'a'.repeat(36)}`),
  b64(`2026-01-01T00:00:00.000Z|${someUuid}\u0000`),
  b64('\u0000|\u0000'),
  '9223372036854775807',
  '9223372036854775808',
  '9999999999999999999',
  '-1',
  '0',
  '%%%',
];
export const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'name\u0000',
  'a\u0000b',
  '\u0001\u0007\u001b[31m\u007f',
  '\r\n\t',
  '\ud800',
  '\ufeff\u202e',
  '🎫'.repeat(50),
  "'; DROP TABLE users; --",
  '../../../etc/passwd',
  '%00',
  'NaN',
  '1e400',
  '9223372036854775808',
  ...uuidLike,
  ...dateStrings,
];

const plainString = fc.string({ maxLength: 40, unit: 'binary' });
const longString = fc.integer({ min: 1000, max: 20_000 }).map((n) => 'x'.repeat(n));

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = asArray ? [value] : { a: value };
  return value;
}

/** A value of any type JSON or superjson carries, many of them extreme. */
const anyLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, true, false, {}, []),
  fc.constantFrom(...extremeNumbers),
  fc.constantFrom(...extremeBigints),
  fc.constantFrom(...extremeDates),
  fc.constantFrom(...hostileStrings),
  fc.constantFrom(...cursorStrings),
  plainString,
  fc.integer(),
  fc.double(),
  fc.constantFrom<unknown>(new Map([['a', 1]]), new Set([1]), /re/g, new Error('e')),
);

/** Oversized or deep values: they test limits, not types. */
export const bigValue: fc.Arbitrary<unknown> = fc.oneof(
  longString,
  fc.integer({ min: 50, max: 1000 }).chain((depth) => fc.boolean().map((arr) => nested(depth, 1, arr))),
  fc
    .integer({ min: 100, max: 3000 })
    .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
  fc.integer({ min: 100, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
  fc.constant(JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}')),
);

/** Values valid or nearly so for a field, by its name (ids for `…Id`, dates for `…At`), to reach the services. */
function plausibleFor(key: string, ids: KnownIds): fc.Arbitrary<unknown> {
  const lower = key.toLowerCase();
  const pick = (values: string[]) => (values.length > 0 ? fc.constantFrom(...values) : fc.uuid());
  const soon = fc.integer({ min: -2, max: 60 }).map((days) => new Date(Date.now() + days * 86_400_000));
  if (lower === 'concertid') return fc.oneof(pick(ids.concertIds), fc.uuid(), fc.constantFrom(...uuidLike));
  if (lower === 'performanceid') return fc.oneof(pick(ids.performanceIds), fc.uuid());
  if (lower === 'reservationid') return fc.oneof(pick(ids.reservationIds), fc.uuid());
  if (lower === 'paymentid') return fc.oneof(pick(ids.paymentIds), fc.uuid());
  if (lower.endsWith('at') || lower === 'from')
    return fc.oneof(
      { weight: 3, arbitrary: soon },
      fc.constantFrom(...extremeDates),
      fc.constantFrom(...dateStrings),
    );
  if (lower === 'cursor') return fc.constantFrom(...cursorStrings);
  if (lower === 'status')
    return fc.constantFrom('HELD', 'PAID', 'CANCELLED', 'EXPIRED', 'REFUNDED', 'held', '');
  if (lower === 'paused') return fc.boolean();
  if (/key|name|password|title|venue|grade|description/.test(lower))
    return fc.oneof(
      { weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{7,15}$/) },
      fc.constantFrom(...hostileStrings),
      plainString,
    );
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 30 }) },
    fc.constantFrom(...extremeNumbers),
  );
}

/** An input shaped like the procedure's (keys it knows, and some it does not), with hostile values inside. */
export function inputFor(shape: InputShape, ids: KnownIds, key = ''): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(anyLeaf, bigValue);
  switch (shape.kind) {
    case 'none':
      return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: wrong });
    case 'leaf':
      return fc.oneof(
        { weight: 4, arbitrary: plausibleFor(key, ids) },
        { weight: 2, arbitrary: anyLeaf },
        { weight: 1, arbitrary: bigValue },
      );
    case 'array':
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(inputFor(shape.element, ids, key), { maxLength: 4 }) },
        { weight: 1, arbitrary: wrong },
      );
    case 'object': {
      const fields = Object.fromEntries(
        Object.entries(shape.fields).map(([name, field]) => [name, inputFor(field, ids, name)]),
      );
      const record = fc
        .tuple(
          fc.record(fields, { requiredKeys: [] }),
          fc.oneof(
            { weight: 4, arbitrary: fc.constant({}) },
            {
              weight: 1,
              arbitrary: fc.dictionary(
                fc.constantFrom('extra', '__proto__', 'constructor', 'toString', 'id', ''),
                anyLeaf,
                { minKeys: 1, maxKeys: 2 },
              ),
            },
          ),
        )
        .map(([known, unknown]) => ({ ...unknown, ...known }));
      return fc.oneof({ weight: 6, arbitrary: record }, { weight: 1, arbitrary: wrong });
    }
  }
}

/** The `json` + `meta` envelope tRPC's superjson transformer reads, as the SDK would write it. */
export function honestEnvelope(value: unknown): unknown {
  try {
    return superjson.serialize(value);
  } catch {
    // superjson cannot write some values (an invalid Date); send the bare value, as a hand-written client would.
    return { json: value };
  }
}

/** Annotations superjson knows and ones it does not, at paths that exist and ones that do not. */
const annotation = fc.oneof(
  fc.constantFrom<unknown>(
    'undefined',
    'bigint',
    'Date',
    'regexp',
    'set',
    'map',
    'Error',
    'number',
    'symbol',
    'class',
    'custom',
    ['class', 'Nope'],
    ['symbol', 'x'],
    ['custom', 'x'],
    ['typed-array', 'Uint8Array'],
    ['typed-array', 'Nope'],
    [],
    null,
    42,
    {},
  ),
  fc.array(fc.constantFrom('map', 'set', 'bigint', 'Date', 'x'), { maxLength: 3 }),
);
const metaPath = fc.oneof(
  fc.constantFrom('', 'a', 'json', '__proto__', 'constructor.prototype', '0', 'a.b.c', '__proto__.polluted'),
  fc.string({ maxLength: 12 }),
);
const metaValues = fc.oneof(
  annotation.map((a) => [a]),
  fc.dictionary(
    metaPath,
    fc.oneof(
      annotation.map((a) => [a]),
      annotation,
    ),
    { maxKeys: 4 },
  ),
  anyLeaf,
);

/** A superjson envelope whose meta describes values that are not there, or says nonsense about those that are. */
export function lyingEnvelope(json: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .record({
      json: json.map((v) => (v === undefined ? null : v)),
      values: metaValues,
      referentialEqualities: fc.option(fc.oneof(anyLeaf, fc.dictionary(metaPath, fc.array(metaPath))), {
        nil: undefined,
      }),
      v: fc.option(fc.oneof(fc.integer(), fc.string()), { nil: undefined }),
    })
    .map(({ json: body, ...meta }) => ({ json: body, meta }));
}

/** Raw text that is not a JSON envelope at all. */
export const brokenJson = fc.constantFrom(
  '',
  '{',
  '[',
  'null',
  '"x"',
  '[]',
  '{"json":',
  '{"0":',
  '\u0000',
  'undefined',
);
