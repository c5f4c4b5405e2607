/**
 * Where the lean tRPC path (apps/server/src/lean-trpc.ts) sits best (issue 12): in front of Express on the
 * `node:http` server, where the product has it (apps/server/src/front-door.ts), or as Express middleware. The baseline
 * servers answer the same no-op query both ways (`noop.query` before Express, `mw.query` through it;
 * bench/src/baseline/bare-server.ts), beside
 * bare Express, in A B B A order so a change in the machine's load during the run weighs on both alike.
 * It also gives the target "a tRPC no-op through the product's HTTP path ≥ 1.0× bare Express".
 */
import { runLoad } from '../load/run.js';
import { ratio, type Measurement } from '../load/stats.js';
import { num, type Scenario, type ScenarioResult } from './types.js';

const input = { limit: 20 };

export const leanPosition: Scenario = {
  name: 'lean-position',
  title: 'The lean tRPC path: as Express middleware or in front of Express',
  flags: {
    'position-seconds': [3, 'seconds per measurement (each of the 6 runs)'],
    'position-concurrency': [48, 'concurrent clients, spread across the servers'],
  },
  async run(ctx): Promise<ScenarioResult> {
    const seconds = num(ctx, 'position-seconds');
    const concurrency = num(ctx, 'position-concurrency');
    const load = (label: string, procedure: string, role: Measurement['role'], warmupMs = 500) =>
      runLoad({
        servers: ctx.bare.pids,
        concurrency,
        durationMs: seconds * 1000,
        warmupMs,
        label,
        role,
        ...(role === 'baseline' ? {} : { baseline: 'bare Express' }),
        op: (w) => ctx.bare.pick(w).query(procedure, input, undefined, { decode: false }),
      });
    const middleware = 'tRPC no-op, lean path as Express middleware';
    const front = 'tRPC no-op, lean path in front of Express (node:http, the product)';
    const bare = await load('bare Express', 'concert.list', 'baseline', 2000);
    ctx.log('lean-position: middleware, front, front, middleware');
    const a1 = await load(middleware, 'mw.query', 'variant');
    const b1 = await load(front, 'noop.query', 'product');
    const b2 = await load(`${front}, again`, 'noop.query', 'product');
    const a2 = await load(`${middleware}, again`, 'mw.query', 'variant');
    const bare2 = await load('bare Express, again', 'concert.list', 'baseline');

    const sum = (ms: Measurement[]) => ({
      rps: ms.reduce((n, m) => n + m.requests, 0) / (ms.reduce((n, m) => n + m.durationMs, 0) / 1000),
      perCpu:
        ms.reduce((n, m) => n + m.requests, 0) / (ms.reduce((n, m) => n + (m.serverCpuMs ?? 0), 0) / 1000),
    });
    const [bareAll, mwAll, frontAll] = [sum([bare, bare2]), sum([a1, a2]), sum([b1, b2])];
    const frontVsMw = ratio(frontAll.perCpu, mwAll.perCpu);
    const mwVsBare = ratio(mwAll.rps, bareAll.rps);
    const mwVsBareCpu = ratio(mwAll.perCpu, bareAll.perCpu);
    const frontVsBare = ratio(frontAll.rps, bareAll.rps);
    const frontVsBareCpu = ratio(frontAll.perCpu, bareAll.perCpu);
    return {
      name: this.name,
      title: this.title,
      params: { seconds, concurrency, servers: ctx.serverCount },
      measurements: [bare, a1, b1, b2, a2, bare2],
      facts: {
        'front / middleware req/s': ratio(frontAll.rps, mwAll.rps),
        'front / middleware per server CPU-second': frontVsMw,
        'middleware / bare Express req/s': mwVsBare,
        'middleware / bare Express per server CPU-second': mwVsBareCpu,
        'front / bare Express req/s': frontVsBare,
        'front / bare Express per server CPU-second': frontVsBareCpu,
      },
      targets: [
        {
          name: "tRPC no-op through the product's HTTP path vs bare Express",
          goal: '≥ 1.0× bare-Express req/s',
          actual: `${frontVsBare}× (${frontVsBareCpu}× per server CPU-second)`,
          met: (frontVsBare ?? 0) >= 1,
          note:
            (frontVsBare ?? 0) >= 1
              ? undefined
              : 'in front of Express the no-op still pays for the security headers and Cache-Control (which bare Express does not write, though in one head: apps/server/src/answer-head.ts), tRPC’s procedure call, input parsing (JSON + superjson) and answer serialisation',
        },
        {
          name: 'Lean path in front of Express vs as middleware (reported)',
          goal: 'reported',
          actual: `${frontVsMw}× per server CPU-second`,
          met: null,
          note: 'apps/server/src/front-door.ts says why the product has it in front',
        },
      ],
      tables: [],
      notes: [
        'Runs in A B B A order (middleware, front, front, middleware), bare Express first and last; the facts pool both runs of each.',
        'In front, the path skips Express’s router and its request/response decoration; the rules before tRPC are plain functions that both places call (apps/server/src/front-door.ts). Both variants here write the product’s security headers and Cache-Control; the call rules (presence, shedding, envelope) need the product’s deps and run in neither.',
      ],
    };
  },
};
