/**
 * The wire format's fast path: exactly superjson's answer for plain JSON and for plain JSON with Dates, superjson
 * itself for everything else.
 */
import fc from 'fast-check';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { dateAnnotations, isPlainJson, serialize, stringify } from '../../src/infra/transformer.js';

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
  { maybe: undefined },
  { when: new Date(Number.NaN) },
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

  it('sends Dates below the top as superjson would, paths escaped, without its walk', () => {
    const shared = new Date(5);
    const status = { status: 'WAITING', position: 3, estimatedAt: new Date('2026-12-08T02:00:00Z') };
    const odd = { 'a.b': { 'c\\': [1, new Date(0)] }, list: [{ at: new Date(1) }] };
    for (const value of [status, odd]) {
      expect(dateAnnotations(value)).toBeTruthy();
      expect(stringify(value)).toBe(JSON.stringify(superjson.serialize(value)));
      expect(superjson.parse(stringify(value))).toEqual(value);
    }
    // One Date object at two places, or a Date at the top: superjson's own answer.
    expect(dateAnnotations({ a: shared, b: shared })).toBeNull();
    expect(serialize({ a: shared, b: shared })).toEqual(superjson.serialize({ a: shared, b: shared }));
    expect(dateAnnotations(new Date(0))).toBeNull();
  });

  it('writes what superjson writes for any JSON with Dates in it', () => {
    const leaf = fc.oneof(
      fc.constantFrom(null, true, false, 0, -0, 1.5, Number.NaN, ''),
      fc.string(),
      fc.integer(),
      fc.date({ noInvalidDate: false }),
    );
    // superjson refuses to walk these keys (it throws); answers of ours never hold them.
    const key = fc.string().filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('tree'), { maxLength: 4 }),
      object: fc.dictionary(fc.constantFrom('a', 'b.c', 'd\\', 'e\\.f', 'at', '0'), tie('tree'), {
        maxKeys: 4,
      }),
    }));
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 5 }), (value) => {
        expect(stringify(value)).toBe(JSON.stringify(superjson.serialize(value)));
      }),
      { numRuns: 500 },
    );
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
