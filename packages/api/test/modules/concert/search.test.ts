/**
 * concert.search through the router on both engines the server runs on: PostgreSQL, and the embedded PGlite default
 * (which must load pg_trgm and unaccent itself). Relevance, typos, accents, Korean, filters, paging, and the cache
 * dropped by an operator change (docs/domain.md, "Concert search").
 */
import { createDb, migrateToLatest } from '@tix/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { createConfig } from '../../../src/config.js';
import { createInnerContext } from '../../../src/context.js';
import { closeDeps, createDeps, type Deps } from '../../../src/deps.js';
import { createCaller } from '../../../src/router.js';
import { createTestApp, makeConcert, makeUser, testSessionSecret } from '../../support/index.js';
import { failureOf } from '../../support/outcomes.js';

interface SearchApp {
  deps: Deps;
  caller(credentials?: { sessionToken?: string }): ReturnType<typeof createCaller>;
  close(): Promise<void>;
}

/** The embedded default: an in-memory PGlite migrated from scratch, in-process cache. */
async function createPgliteApp(): Promise<SearchApp> {
  const handle = await createDb({});
  await migrateToLatest(handle.db);
  const deps = createDeps({
    db: handle.db,
    redis: null,
    clock: new ManualClock(),
    config: createConfig({ sessionSecret: testSessionSecret }),
  });
  return {
    deps,
    caller: (credentials = {}) => createCaller(createInnerContext(deps, credentials)),
    async close() {
      await closeDeps(deps);
      await handle.close();
    },
  };
}

const day = 86_400_000;

describe.each([
  { engine: 'PostgreSQL', open: (): Promise<SearchApp> => createTestApp({ redis: true }) },
  { engine: 'PGlite', open: createPgliteApp },
])('concert search on $engine', ({ open }) => {
  let app: SearchApp;
  let now: number;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await open();
    now = app.deps.clock.now().getTime();
    const make = async (key: string, fields: Parameters<typeof makeConcert>[1]) => {
      ids[key] = (await makeConcert(app.deps, fields)).concertId;
    };
    await make('beyonce', {
      title: 'Renaissance World Tour',
      performers: ['Beyoncé'],
      venue: 'Olympic Stadium',
      city: 'Seoul',
      category: 'pop',
      saleOpensAt: new Date(now - 2 * day),
      performances: [{ startsAt: new Date(now + 10 * day) }],
    });
    await make('iu', {
      title: '아이유 콘서트 골든 아워',
      performers: ['아이유', 'IU'],
      venue: 'KSPO Dome',
      city: 'Seoul',
      category: 'k-pop',
      saleOpensAt: new Date(now - day),
      performances: [{ startsAt: new Date(now + 40 * day) }],
    });
    await make('bjork', {
      title: 'Cornucopia',
      performers: ['Björk'],
      venue: 'Café de la Danse',
      city: 'Paris',
      category: 'electronic',
      performances: [{ startsAt: new Date(now + 20 * day) }],
    });
    await make('later', {
      title: 'Seoul Jazz Nights',
      performers: ['Trio Nord'],
      venue: 'Blue Note',
      city: 'Busan',
      category: 'jazz',
      saleOpensAt: new Date(now + 5 * day),
      performances: [{ startsAt: new Date(now + 90 * day) }],
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const titles = async (input: Parameters<ReturnType<typeof createCaller>['concert']['search']>[0]) =>
    (await app.caller().concert.search(input)).items.map((c) => c.title);

  it('finds a concert by part of its title, a performer, the venue or the city, in the list item shape', async () => {
    const page = await app.caller().concert.search({ query: 'renaissance' });
    expect(page.items).toEqual([
      expect.objectContaining({
        concertId: ids.beyonce,
        performers: ['Beyoncé'],
        city: 'Seoul',
        category: 'pop',
        performances: [expect.objectContaining({ startsAt: expect.any(Date) as Date })],
      }),
    ]);
    expect(page.nextCursor).toBeNull();
    expect(await titles({ query: 'cornucop' })).toEqual(['Cornucopia']);
    expect(await titles({ query: 'KSPO' })).toEqual(['아이유 콘서트 골든 아워']);
    expect(await titles({ query: 'paris' })).toEqual(['Cornucopia']);
  });

  it('forgives typos, accents and case', async () => {
    expect(await titles({ query: 'beyonse' })).toEqual(['Renaissance World Tour']);
    expect(await titles({ query: 'BEYONCÉ' })).toEqual(['Renaissance World Tour']);
    expect(await titles({ query: 'bjork' })).toEqual(['Cornucopia']);
    expect(await titles({ query: 'cafe danse' })).toEqual(['Cornucopia']);
    expect(await titles({ query: 'renaisance' })).toEqual(['Renaissance World Tour']);
    expect(await titles({ query: 'xylophone' })).toEqual([]);
  });

  it('finds Korean titles and performers, also with one syllable wrong', async () => {
    expect(await titles({ query: '아이유' })).toEqual(['아이유 콘서트 골든 아워']);
    expect(await titles({ query: '골든 아워' })).toEqual(['아이유 콘서트 골든 아워']);
    expect(await titles({ query: '아이우' })).toEqual(['아이유 콘서트 골든 아워']);
  });

  it('ranks a title match above a city match', async () => {
    expect(await titles({ query: 'seoul' })).toEqual([
      'Seoul Jazz Nights',
      expect.any(String) as string,
      expect.any(String) as string,
    ]);
  });

  it('filters by dates, city, category and on sale now', async () => {
    expect(await titles({ query: 'seoul', city: 'SEOUL', sort: 'date' })).toEqual([
      'Renaissance World Tour',
      '아이유 콘서트 골든 아워',
    ]);
    expect(await titles({ query: 'seoul', from: new Date(now + 30 * day) })).toEqual([
      'Seoul Jazz Nights',
      '아이유 콘서트 골든 아워',
    ]);
    expect(await titles({ query: 'seoul', to: new Date(now + 30 * day) })).toEqual([
      'Renaissance World Tour',
    ]);
    expect(await titles({ query: 'seoul', category: 'jazz' })).toEqual(['Seoul Jazz Nights']);
    expect(await titles({ query: 'seoul', onSaleNow: true })).not.toContain('Seoul Jazz Nights');
  });

  it('pages in relevance and date order without losing or repeating a concert', async () => {
    for (const sort of ['relevance', 'date'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await app.caller().concert.search({ query: 'seoul', sort, limit: 1, cursor });
        seen.push(...page.items.map((c) => c.concertId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen)).toEqual(new Set([ids.beyonce, ids.iu, ids.later]));
      expect(seen).toHaveLength(3);
    }
  });

  it('names the field at fault for a query without words or a cursor of the other order', async () => {
    const search = (input: unknown) => failureOf(app.caller().concert.search(input as never));
    expect(await search({ query: '!!!' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['query'] });
    expect(await search({ query: ' ' })).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['query'] });
    expect(await search({ query: 'x', category: 'polka' })).toMatchObject({ fields: ['category'] });
    expect(await search({ query: 'x', sort: 'price' })).toMatchObject({ fields: ['sort'] });
    const datePage = await app.caller().concert.search({ query: 'seoul', sort: 'date', limit: 1 });
    expect(await search({ query: 'seoul', cursor: datePage.nextCursor })).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: ['cursor'],
    });
  });

  it('serves a repeated search from the cache and drops it when the operator adds a concert', async () => {
    const admin = await makeUser(app.deps, { role: 'ADMIN' });
    expect(await titles({ query: 'waterfall' })).toEqual([]);
    await app.caller({ sessionToken: admin.sessionToken }).admin.createConcert({
      title: 'Waterfall Sessions',
      venue: 'Hall',
      city: 'Daegu',
      saleOpensAt: new Date(now),
      performances: [{ startsAt: new Date(now + day), seats: 4 }],
    });
    expect(await titles({ query: 'waterfall' })).toEqual(['Waterfall Sessions']);
  });

  it('lets a word spelled right stand for the words it begins, and a typo for its look-alikes', async () => {
    await makeConcert(app.deps, { title: 'Waterfalls Reprise', saleOpensAt: new Date(now + 60_000) });
    expect(await titles({ query: 'waterfall', sort: 'date' })).toEqual([
      'Waterfall Sessions',
      'Waterfalls Reprise',
    ]);
    expect(await titles({ query: 'waterfalls' })).toEqual(['Waterfalls Reprise']);
    expect(await titles({ query: 'waterfals', sort: 'date' })).toEqual([
      'Waterfall Sessions',
      'Waterfalls Reprise',
    ]);
  });

  it('learns the words of a concert changed in the database itself', async () => {
    const { concertId } = await makeConcert(app.deps, { title: 'Untitled', saleOpensAt: new Date(now) });
    await app.deps.db
      .updateTable('concerts')
      .set({ title: 'Quasar Overture' })
      .where('id', '=', concertId)
      .execute();
    expect(await titles({ query: 'quasar' })).toEqual(['Quasar Overture']);
  });
});
