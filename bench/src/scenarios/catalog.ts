/**
 * Scenario 4: `concert.list` cached and uncached, beside the bare-HTTP baseline.
 * Cached: the same page again and again, served from the shared Redis cache after the first miss (answered on the
 * lean path from the catalog's answer cache, see catalog-edge.ts).
 * Uncached: every request asks with a different `from` (a moment before every performance, so the same concerts come
 * back) and so misses the cache: the read path as it runs on a miss, DB queries and the cache write included. This
 * measures the real miss path on unchanged servers, instead of restarting them with a short TTL.
 */
import { runLoad } from '../load/run.js';
import { ratio } from '../load/stats.js';
import { mapLimit } from '../load/run.js';
import { num, type Scenario, type ScenarioResult } from './types.js';

export const catalog: Scenario = {
  name: 'catalog',
  title: 'Catalog reads (concert.list), cached and uncached',
  flags: {
    concerts: [30, 'concerts in the catalog (2 performances each)'],
    'catalog-seconds': [6, 'seconds per measurement'],
    'catalog-concurrency': [48, 'concurrent clients, spread across the servers'],
  },
  async run(ctx): Promise<ScenarioResult> {
    const seconds = num(ctx, 'catalog-seconds');
    const concurrency = num(ctx, 'catalog-concurrency');
    const concerts = num(ctx, 'concerts');
    await mapLimit(Array.from({ length: concerts }), 4, (_, i) =>
      ctx.admin.createConcert({ title: `Bench Catalog ${i}`, performanceCount: 2, seats: 10 }),
    );
    const input = { limit: 20 };
    const durationMs = seconds * 1000;
    // Catalog runs first in a full run, on servers that have just started: a longer warm-up keeps JIT and connection
    // set-up out of every figure, the baseline's included.
    const common = { concurrency, durationMs, warmupMs: 2000 };

    // The cached response's size, so a second bare-HTTP run can answer with as many bytes.
    const probe = ctx.product.pick(0);
    await probe.query('concert.list', input, undefined, { decode: false });
    const bytes = probe.lastBytes;

    ctx.log('catalog: bare-HTTP baseline');
    const bare = await runLoad({
      servers: ctx.bare.pids,
      ...common,
      label: 'bare HTTP (same query string)',
      role: 'baseline',
      op: (w) => ctx.bare.pick(w).query('concert.list', input, undefined, { decode: false }),
    });
    const bareSized = await runLoad({
      servers: ctx.bare.pids,
      ...common,
      label: `bare HTTP, same response size (${bytes} B)`,
      role: 'variant',
      op: (w) =>
        ctx.bare.pick(w).query('concert.list', input, undefined, {
          decode: false,
          headers: { 'x-bare-bytes': String(bytes) },
        }),
    });
    const trpcNoop = await runLoad({
      servers: ctx.bare.pids,
      ...common,
      label: 'tRPC no-op query (same input)',
      role: 'variant',
      baseline: 'bare HTTP (same query string)',
      op: (w) => ctx.bare.pick(w).query('noop.query', input, undefined, { decode: false }),
    });
    ctx.log('catalog: cached');
    const cached = await runLoad({
      servers: ctx.product.pids,
      ...common,
      label: 'concert.list cached',
      baseline: 'bare HTTP (same query string)',
      op: (w) => ctx.product.pick(w).query('concert.list', input, undefined, { decode: false }),
    });
    ctx.log('catalog: uncached (every request a cache miss)');
    const base = Date.UTC(2000, 0, 1);
    const uncached = await runLoad({
      servers: ctx.product.pids,
      ...common,
      label: 'concert.list uncached (miss path)',
      role: 'variant',
      baseline: 'bare HTTP (same query string)',
      op: (w, seq) =>
        ctx.product
          .pick(w)
          .query('concert.list', { ...input, from: new Date(base + seq) }, undefined, { decode: false }),
    });

    const vsBare = ratio(cached.rps, bare.rps);
    const vsUncached = ratio(cached.rps, uncached.rps);
    const failures = [cached, uncached].reduce((n, m) => n + m.requests - (m.codes.OK ?? 0), 0);
    return {
      name: this.name,
      title: this.title,
      params: { concerts, seconds, concurrency, servers: ctx.serverCount, limit: input.limit },
      measurements: [bare, bareSized, trpcNoop, cached, uncached],
      facts: {
        'cached req/s': cached.rps,
        'uncached req/s': uncached.rps,
        'bare HTTP req/s': bare.rps,
        'cached / bare': vsBare,
        'response size (bytes)': bytes,
        'cached / bare with the same response size': ratio(cached.rps, bareSized.rps),
        'tRPC no-op / bare (the tRPC stack alone)': ratio(trpcNoop.rps, bare.rps),
        'cached / uncached': vsUncached,
        'failed requests': failures,
      },
      targets: [
        {
          name: 'Cached catalog reads vs bare HTTP',
          goal: '≥ 0.70× bare-HTTP req/s',
          actual: `${vsBare}×`,
          met: (vsBare ?? 0) >= 0.7,
          note:
            (vsBare ?? 0) >= 0.7
              ? undefined
              : `a hit is answered on the lean path from the answer cache, without running the procedure, so it costs bare HTTP plus one cache read (a Redis round trip) and the ${bytes}-byte answer; through tRPC even a no-op reaches only ${ratio(trpcNoop.rps, bare.rps)}× of bare HTTP here`,
        },
        {
          name: 'Cached vs uncached catalog reads',
          goal: '≥ 5× uncached req/s',
          actual: `${vsUncached}×`,
          met: (vsUncached ?? 0) >= 5,
          note:
            (vsUncached ?? 0) >= 5
              ? undefined
              : 'the miss path is cheap on a small catalog (two indexed queries), so the fixed cost of HTTP that both paths pay dominates',
        },
      ],
      tables: [],
      notes: [
        'A hit is answered on the lean tRPC path from the catalog answer cache (`apps/server/src/lean-trpc.ts`, `packages/api/src/modules/concert/catalog-edge.ts`), without running the procedure: the cached superjson text is already the `data` of the answer, so the server wraps it instead of parsing and serialising the page again. Misses, bad input and batches of several calls go through tRPC.',
        'Uncached method: a unique `from` per request forces a miss on every call (same rows returned); the miss path includes the two catalog queries, superjson, and the HSET into the shared cache.',
      ],
    };
  },
};
