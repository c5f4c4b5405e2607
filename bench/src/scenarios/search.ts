/**
 * Scenario: `concert.search` over a large catalog (issue 15). Seeds `search-concerts` concerts (1,000,000 by
 * default, the size) straight into PostgreSQL (search-seed.ts), one performance each, then measures one
 * title query (a seeded headliner and a word of the title):
 * - in PostgreSQL, the exact page query the API builds (`searchPageQuery`), with its indexes and with index scans
 *   switched off for the transaction (`enable_bitmapscan`/`enable_indexscan`/`enable_indexonlyscan` off: the same
 *   query on sequential scans), each with its EXPLAIN ANALYZE plan;
 * - through the servers, uncached (a different `from` on every request, before every performance, so each is a
 *   miss returning the same rows) and cached (the same input again: answered before tRPC from the shared cache).
 */
import { searchPageQuery, setSearchThreshold } from '@tix/api';
import { CompiledQuery, sql } from 'kysely';
import { runLoad } from '../load/run.js';
import { ratio, summarize } from '../load/stats.js';
import { seedSearchCatalog, titleQuery } from './search-seed.js';
import { num, type BenchContext, type Scenario, type ScenarioResult } from './types.js';

/** The API's page query for `words`, timed `runs` times in PostgreSQL; the last run's plan with it. */
async function timeInDb(ctx: BenchContext, words: string[], runs: number, indexed: boolean) {
  const samples: number[] = [];
  let plan = '';
  for (let r = 0; r <= runs; r++) {
    await ctx.backends.db.transaction().execute(async (trx) => {
      await setSearchThreshold(trx);
      if (!indexed) {
        await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
        await sql`SET LOCAL enable_indexscan = off`.execute(trx);
        await sql`SET LOCAL enable_indexonlyscan = off`.execute(trx);
      }
      const query = searchPageQuery(trx, { words }, { sort: 'relevance' }, 20);
      const started = performance.now();
      await query.execute();
      // The first run warms the cache and is not counted.
      if (r > 0) samples.push(performance.now() - started);
      if (r === runs) {
        const compiled = query.compile();
        const explained = await trx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${compiled.sql}`, [...compiled.parameters]),
        );
        plan = explained.rows.map((row) => row['QUERY PLAN']).join('\n');
      }
    });
  }
  return { latency: summarize(samples), plan };
}

export const search: Scenario = {
  name: 'search',
  title: 'Concert search (concert.search) over a large catalog',
  flags: {
    'search-concerts': [
      1_000_000,
      "concerts seeded straight into PostgreSQL (one performance each), the issue's size",
    ],
    'search-runs': [50, 'timed runs of the query in PostgreSQL with its index'],
    'search-runs-unindexed': [5, 'timed runs without the index (each a sequential scan)'],
    'search-seconds': [5, 'seconds per measurement through the servers'],
    'search-concurrency': [4, 'concurrent clients through the servers'],
  },
  async run(ctx): Promise<ScenarioResult> {
    const concerts = num(ctx, 'search-concerts');
    const seconds = num(ctx, 'search-seconds');
    const concurrency = num(ctx, 'search-concurrency');
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
    ctx.log(`search: "${query}" in PostgreSQL, with and without its index`);
    const indexed = await timeInDb(ctx, words, num(ctx, 'search-runs'), true);
    const unindexed = await timeInDb(ctx, words, num(ctx, 'search-runs-unindexed'), false);

    const common = { concurrency, durationMs: seconds * 1000, warmupMs: 1000 };
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
    ctx.log('search: through the servers, cached');
    const cached = await runLoad({
      ...common,
      label: 'concert.search cached',
      role: 'variant',
      baseline: 'concert.search uncached (miss path)',
      op: (w) => ctx.product.pick(w).query('concert.search', input, undefined, { decode: false }),
    });
    const probe = await ctx.product.pick(0).query<{ items: unknown[] }>('concert.search', input);
    const found = probe.data?.items.length ?? 0;

    const failures = [cached, uncached].reduce((sum, m) => sum + m.requests - (m.codes.OK ?? 0), 0);
    const speedup = ratio(unindexed.latency.p50, indexed.latency.p50);
    return {
      name: this.name,
      title: this.title,
      params: { concerts, query, seconds, concurrency, servers: ctx.serverCount },
      measurements: [uncached, cached],
      facts: {
        'matches on the first page': found,
        'PostgreSQL p50 / p99 with the index (ms)': `${indexed.latency.p50} / ${indexed.latency.p99}`,
        'PostgreSQL p50 / p99 without (ms)': `${unindexed.latency.p50} / ${unindexed.latency.p99}`,
        'index speed-up (p50)': speedup,
        'API uncached p50 / p99 (ms)': `${uncached.latencyMs.p50} / ${uncached.latencyMs.p99}`,
        'API cached p50 / p99 (ms)': `${cached.latencyMs.p50} / ${cached.latencyMs.p99}`,
        'failed requests': failures,
        ...Object.fromEntries(Object.entries(seeding).map(([k, v]) => [`${k} (s)`, v])),
      },
      targets: [
        {
          name: `Title query at ${concerts.toLocaleString('en-US')} concerts, uncached`,
          goal: 'p99 < 20 ms',
          actual: `${uncached.latencyMs.p99} ms through the API (${indexed.latency.p99} ms in PostgreSQL)`,
          met: uncached.latencyMs.p99 < 20,
        },
        {
          name: 'Title query, cached',
          goal: 'p99 < 5 ms',
          actual: `${cached.latencyMs.p99} ms`,
          met: cached.latencyMs.p99 < 5,
        },
      ],
      tables: [
        {
          title: 'The title query in PostgreSQL (ms)',
          head: ['plan', 'runs', 'p50', 'p99', 'max'],
          rows: [
            [
              'word and vocabulary indexes',
              num(ctx, 'search-runs'),
              indexed.latency.p50,
              indexed.latency.p99,
              indexed.latency.max,
            ],
            [
              'index scans off (sequential scan)',
              num(ctx, 'search-runs-unindexed'),
              unindexed.latency.p50,
              unindexed.latency.p99,
              unindexed.latency.max,
            ],
          ],
        },
      ],
      notes: [
        `Query: "${query}", relevance order, 20 per page. Each word stands for the catalog words it begins, or its look-alikes when none (pg_trgm \`<%\` ≥ 0.5 on the vocabulary); a concert must have one of each word's (GIN \`&&\`); see docs/domain.md, "Concert search".`,
        `EXPLAIN ANALYZE with the index:\n\n\`\`\`\n${indexed.plan}\n\`\`\``,
        `EXPLAIN ANALYZE without it:\n\n\`\`\`\n${unindexed.plan}\n\`\`\``,
      ],
    };
  },
};
