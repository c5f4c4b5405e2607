/** The wire format's fast path: exactly superjson's answer for plain JSON, superjson itself for everything else. */
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { isPlainJson, serialize, stringify } from '../../src/infra/transformer.js';

const plain: unknown[] = [
  null,
  'text',
  0,
  -12.5,
  true,
  [],
  {},
  [{ seatNo: 1, grade: 'VIP', price: 150_000, status: 'AVAILABLE' }],
  { items: [{ a: [1, 2, { b: null }] }], nextCursor: null },
  Object.assign(Object.create(null) as object, { bare: 'object' }),
];

const annotated: unknown[] = [
  undefined,
  new Date('2026-12-01T10:00:00Z'),
  10n,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  { when: new Date(0) },
  { maybe: undefined },
  [1, undefined, 3],
  new Map([['k', 1]]),
  new Set([1]),
  /re/g,
  { deep: [{ deeper: { deepest: 1n } }] },
];

describe('the wire format', () => {
  it.each(plain.map((v) => [JSON.stringify(v), v]))('sends plain %s as superjson would', (_, value) => {
    expect(isPlainJson(value)).toBe(true);
    expect(serialize(value)).toEqual(superjson.serialize(value));
    expect(superjson.parse(stringify(value))).toEqual(value);
  });

  it.each(annotated.map((v) => [String(v), v]))('leaves %s to superjson, round trip intact', (_, value) => {
    expect(isPlainJson(value)).toBe(false);
    expect(serialize(value)).toEqual(superjson.serialize(value));
    expect(superjson.deserialize(serialize(value))).toEqual(value);
  });

  it('gives up on a cycle or a very deep value instead of recursing without end', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(isPlainJson(cycle)).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(isPlainJson(deep)).toBe(false);
    expect(superjson.deserialize(serialize(deep))).toEqual(deep);
  });
});
