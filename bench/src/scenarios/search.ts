/**
 * Scenario: `concert.search` over a large catalog (issue 15). Seeds `search-concerts` concerts (1,000,000 by
 * default, the size) straight into PostgreSQL (search-seed.ts), one performance each, then measures one
 * title query (a seeded headliner and a word of the title):
 * - in PostgreSQL, the exact page query the API builds (`searchPageQuery`), with its indexes and with index scans
 *   switched off for the transaction (`enable_bitmapscan`/`enable_indexscan`/`enable_indexonlyscan` off: the same
 *   query on sequential scans), each with its EXPLAIN ANALYZE plan;
 * - through the servers, uncached (a different `from` on every request, before every performance, so each is a
 *   miss returning the same rows) and cached (the same input again: answered before tRPC from the shared cache),
 *   each with four clients and with one (the targets are judged on one: a search's own latency).
 */
import { lookUpCatalogWords, searchConcertPage, searchPageQuery } from '@tix/api';
import { CompiledQuery, sql } from 'kysely';
import { runLoad } from '../load/run.js';
import { ratio, summarize } from '../load/stats.js';
import { seedSearchCatalog, titleQuery } from './search-seed.js';
import { num, type BenchContext, type Scenario, type ScenarioResult } from './types.js';

type Order = 'relevance' | 'date';

/**
 * The API's search for `words` in PostgreSQL, timed `runs` times: the word look-up and the page query, exactly as
 * `concert.search` runs them on a miss. The last run's page query is EXPLAINed with the words it looked up.
 */
async function timeInDb(
  ctx: BenchContext,
  words: string[],
  runs: number,
  indexed: boolean,
  sort: Order = 'relevance',
) {
  const samples: number[] = [];
  let plan = '';
  for (let r = 0; r <= runs; r++) {
    await ctx.backends.db.transaction().execute(async (trx) => {
      if (!indexed) {
        await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
        await sql`SET LOCAL enable_indexscan = off`.execute(trx);
        await sql`SET LOCAL enable_indexonlyscan = off`.execute(trx);
      }
      const started = performance.now();
      await searchConcertPage(trx, { words }, { sort }, 20);
      // The first run warms the cache and is not counted.
      if (r > 0) samples.push(performance.now() - started);
      if (r === runs) {
        const catalogWords = await lookUpCatalogWords(trx, words);
        const compiled = searchPageQuery(trx, { words, catalogWords }, { sort }, 20).compile();
        const explained = await trx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${compiled.sql}`, [...compiled.parameters]),
        );
        const looked = catalogWords.map((list, i) => `${words[i]} → ${list.join(', ')}`).join('; ');
        plan = `-- words: ${looked}\n${explained.rows.map((row) => row['QUERY PLAN']).join('\n')}`;
      }
    });
  }
  return { latency: summarize(samples), plan };
}

/** The title query with one letter of its longest word changed: the vocabulary's typo path. */
function withTypo(query: string): string {
  const words = query.split(' ');
  const longest = words.reduce((best, w, i) => (w.length > words[best]!.length ? i : best), 0);
  const word = words[longest]!;
  const at = Math.floor(word.length / 2);
  words[longest] = word.slice(0, at) + (word[at] === 'x' ? 'z' : 'x') + word.slice(at + 1);
  return words.join(' ');
}

export const search: Scenario = {
  name: 'search',
  title: 'Concert search (concert.search) over a large catalog',
  flags: {
    'search-concerts': [
      1_000_000,
      "concerts seeded straight into PostgreSQL (one performance each), the issue's size",
    ],
    'search-runs': [50, 'timed runs of each query in PostgreSQL with its indexes'],
    'search-runs-unindexed': [3, 'timed runs without the indexes (each a sequential scan)'],
    'search-seconds': [5, 'seconds per measurement through the servers'],
    'search-concurrency': [4, 'concurrent clients through the servers'],
  },
  async run(ctx): Promise<ScenarioResult> {
    const concerts = num(ctx, 'search-concerts');
    const seconds = num(ctx, 'search-seconds');
    const concurrency = num(ctx, 'search-concurrency');
    const runs = num(ctx, 'search-runs');
    const client = await ctx.backends.pool.connect();
    let seeding: Record<string, number>;
    let query: string;
    try {
      seeding = await seedSearchCatalog(client, concerts, ctx.log);
      query = await titleQuery(client, concerts);
    } finally {
      client.release();
    }
    const words = query.split(' ');
    ctx.log(`search: "${query}" in PostgreSQL, with and without its indexes`);
    const indexed = await timeInDb(ctx, words, runs, true);
    const unindexed = await timeInDb(ctx, words, num(ctx, 'search-runs-unindexed'), false);
    const typo = withTypo(query);
    const broad = ['seoul', 'live'];
    const others: [string, Awaited<ReturnType<typeof timeInDb>>][] = [
      [`"${query}", date order`, await timeInDb(ctx, words, runs, true, 'date')],
      [`"${typo}" (typo: the trigram path)`, await timeInDb(ctx, typo.split(' '), runs, true)],
      [`"${broad.join(' ')}" (broad: ranks the first 500 matches)`, await timeInDb(ctx, broad, runs, true)],
      [`"${broad.join(' ')}", date order`, await timeInDb(ctx, broad, runs, true, 'date')],
    ];

    const common = { concurrency, durationMs: seconds * 1000, warmupMs: 1000, servers: ctx.productPids };
    const input = { query, limit: 20 };
    const base = Date.UTC(2000, 0, 1);
    ctx.log('search: through the servers, uncached (every request a miss)');
    const uncached = await runLoad({
      ...common,
      label: 'concert.search uncached (miss path)',
      op: (w, seq) =>
        ctx.product
          .pick(w)
          .query('concert.search', { ...input, from: new Date(base + seq) }, undefined, { decode: false }),
    });
    // One client: a search's own latency, without the queueing four clients cause on a small shared machine.
    const uncachedOne = await runLoad({
      ...common,
      concurrency: 1,
      label: 'concert.search uncached, one client',
      op: (_w, seq) =>
        ctx.product
          .pick(0)
          .query('concert.search', { ...input, from: new Date(base + 1e9 + seq) }, undefined, {
            decode: false,
          }),
    });
    // The lean path's cached catalog page, the cost a cached search should match (same cache, same edge).
    ctx.log('search: cached, beside cached concert.list');
    const listCached = await runLoad({
      ...common,
      label: 'concert.list cached',
      role: 'baseline',
      op: (w) => ctx.product.pick(w).query('concert.list', { limit: 20 }, undefined, { decode: false }),
    });
    const cached = await runLoad({
      ...common,
      label: 'concert.search cached',
      role: 'variant',
      baseline: 'concert.list cached',
      op: (w) => ctx.product.pick(w).query('concert.search', input, undefined, { decode: false }),
    });
    const cachedOne = await runLoad({
      ...common,
      concurrency: 1,
      label: 'concert.search cached, one client',
      role: 'variant',
      baseline: 'concert.list cached',
      op: () => ctx.product.pick(0).query('concert.search', input, undefined, { decode: false }),
    });
    const probe = await ctx.product.pick(0).query<{ items: unknown[] }>('concert.search', input);
    const found = probe.data?.items.length ?? 0;

    const measurements = [uncached, uncachedOne, listCached, cached, cachedOne];
    const failures = measurements.reduce((sum, m) => sum + m.requests - (m.codes.OK ?? 0), 0);
    const pair = (m: { p50: number; p99: number }) => `${m.p50} / ${m.p99}`;
    return {
      name: this.name,
      title: this.title,
      params: { concerts, query, seconds, concurrency, servers: ctx.serverCount },
      measurements,
      facts: {
        'matches on the first page': found,
        'PostgreSQL p50 / p99 with the indexes (ms)': pair(indexed.latency),
        'PostgreSQL p50 / p99 without (ms)': pair(unindexed.latency),
        'index speed-up (p50)': ratio(unindexed.latency.p50, indexed.latency.p50),
        'API uncached p50 / p99 (ms)': pair(uncached.latencyMs),
        'API uncached, one client, p50 / p99 (ms)': pair(uncachedOne.latencyMs),
        'API cached p50 / p99 (ms)': pair(cached.latencyMs),
        'API cached, one client, p50 / p99 (ms)': pair(cachedOne.latencyMs),
        'concert.list cached p50 / p99 (ms)': pair(listCached.latencyMs),
        'failed requests': failures,
        ...Object.fromEntries(Object.entries(seeding).map(([k, v]) => [`${k} (s)`, v])),
      },
      targets: [
        // Judged on one client (a search's latency); four clients on two shared cores mostly measure queueing.
        {
          name: `Title query at ${concerts.toLocaleString('en-US')} concerts, uncached, one client`,
          goal: 'p99 < 20 ms',
          actual: `${uncachedOne.latencyMs.p99} ms through the API (${indexed.latency.p99} ms in PostgreSQL; ${uncached.latencyMs.p99} ms with ${concurrency} clients)`,
          met: uncachedOne.latencyMs.p99 < 20,
        },
        {
          name: 'Title query, cached, one client',
          goal: 'p99 < 5 ms',
          actual: `${cachedOne.latencyMs.p99} ms (${cached.latencyMs.p99} ms with ${concurrency} clients, cached concert.list ${listCached.latencyMs.p99} ms)`,
          met: cachedOne.latencyMs.p99 < 5,
        },
      ],
      tables: [
        {
          title: 'Search queries in PostgreSQL (ms): the word look-up and the page query the API runs',
          head: ['query and plan', 'runs', 'p50', 'p99', 'max'],
          rows: [
            [
              `"${query}", with the indexes`,
              runs,
              indexed.latency.p50,
              indexed.latency.p99,
              indexed.latency.max,
            ],
            [
              `"${query}", index scans off (sequential scans)`,
              num(ctx, 'search-runs-unindexed'),
              unindexed.latency.p50,
              unindexed.latency.p99,
              unindexed.latency.max,
            ],
            ...others.map(([name, m]) => [name, runs, m.latency.p50, m.latency.p99, m.latency.max]),
          ],
        },
      ],
      notes: [
        `Query: "${query}", relevance order, 20 per page. Each word stands for the catalog words it begins, or its look-alikes when none (pg_trgm \`<%\` ≥ 0.5 on the vocabulary); a concert must have one of each word's (GIN \`&&\`); see docs/domain.md, "Concert search".`,
        `EXPLAIN ANALYZE with the indexes:\n\n\`\`\`\n${indexed.plan}\n\`\`\``,
        `EXPLAIN ANALYZE without them:\n\n\`\`\`\n${unindexed.plan}\n\`\`\``,
        ...others.map(([name, m]) => `EXPLAIN ANALYZE of ${name}:\n\n\`\`\`\n${m.plan}\n\`\`\``),
      ],
    };
  },
};
