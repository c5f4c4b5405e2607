/**
 * Node 20 (the system's, end of life since April 2026) beside the Node the product runs on (24, the `node`
 * devDependency), once, in one run (issue 12). One product server and one bare-HTTP server on each runtime, fresh,
 * built the same way; each measurement runs on the old runtime and the new one back to back, the order flipping
 * from one measurement to the next, so the machine's changing load weighs on both alike. The figure to trust is
 * requests per server CPU-second.
 */
import { existsSync } from 'node:fs';
import { seedBuyers } from '../env/seed.js';
import type { Joined } from '../load/queue-flow.js';
import { runLoad } from '../load/run.js';
import { ratio, type Measurement } from '../load/stats.js';
import { num, type ExtraServers, type Scenario, type ScenarioResult } from './types.js';

export const runtimes: Scenario = {
  name: 'runtimes',
  title: 'Node 20 beside Node 24: queue and catalog on one server each',
  flags: {
    'old-node': ['/usr/bin/node', 'the older node binary to compare with (skipped when absent)'],
    'runtime-seconds': [3, 'seconds per measurement'],
    'runtime-concurrency': [32, 'concurrent clients'],
    'runtime-joins': [3000, 'joins measured on each runtime (each by a buyer of its own)'],
  },
  async run(ctx): Promise<ScenarioResult> {
    const oldNode = String(ctx.flags['old-node']);
    const seconds = num(ctx, 'runtime-seconds');
    const concurrency = num(ctx, 'runtime-concurrency');
    const joins = num(ctx, 'runtime-joins');
    if (!existsSync(oldNode)) throw new Error(`runtimes: no node binary at ${oldNode} (--old-node)`);
    const started: ExtraServers[] = [];
    try {
      const old = await ctx.startServers(oldNode, 1);
      started.push(old);
      const current = await ctx.startServers(undefined, 1);
      started.push(current);
      const runtimes = [
        { name: 'old', servers: old },
        { name: 'current', servers: current },
      ] as const;
      const versions = {
        old: await versionOf(old),
        current: await versionOf(current),
      };
      const rooms = await Promise.all(
        runtimes.map(() =>
          ctx.admin.createConcert({ title: 'Runtime Room', maxActive: 1, admitPerSecond: 1 }),
        ),
      );
      const buyers = await seedBuyers(ctx.backends.db, joins * 2, {
        secret: ctx.sessionSecret,
        balance: 0,
        label: 'rt',
      });
      const tokens: [string[], string[]] = [[], []];
      const list = { limit: 20 };
      const kinds: {
        kind: string;
        bare?: boolean;
        op: (
          i: 0 | 1,
          s: ExtraServers,
          seq: number,
        ) => ReturnType<ExtraServers['bare']['targets'][0]['query']>;
        requests?: number;
      }[] = [
        {
          kind: 'bare HTTP',
          bare: true,
          op: (_i, s) => s.bare.pick(0).query('concert.list', list, undefined, { decode: false }),
        },
        {
          kind: 'tRPC no-op (lean path)',
          bare: true,
          op: (_i, s) => s.bare.pick(0).query('noop.query', list, undefined, { decode: false }),
        },
        {
          kind: 'queue.join',
          requests: joins,
          op: async (i, s, seq) => {
            const r = await s.product
              .pick(0)
              .mutate<Joined>(
                'queue.join',
                { concertId: rooms[i]!.concertId },
                { session: buyers[i * joins + seq]!.session },
              );
            if (r.data) tokens[i].push(r.data.token);
            return r;
          },
        },
        {
          kind: 'queue.status',
          op: (i, s, seq) =>
            s.product
              .pick(0)
              .query(
                'queue.status',
                undefined,
                { queue: tokens[i][seq % tokens[i].length]! },
                { decode: false },
              ),
        },
        {
          kind: 'concert.list cached',
          op: (_i, s) => s.product.pick(0).query('concert.list', list, undefined, { decode: false }),
        },
      ];
      // Warm both runtimes (JIT, connections, the catalog cache) before anything is measured.
      for (const [i, r] of runtimes.entries())
        await runLoad({
          label: 'warm-up',
          concurrency,
          durationMs: 1500,
          op: (w) =>
            w % 2
              ? r.servers.bare.pick(0).query('noop.query', list, undefined, { decode: false })
              : r.servers.product.pick(0).query('concert.list', list, undefined, { decode: false }),
        }).then(() => i);
      const measurements: Measurement[] = [];
      const rows: (string | number)[][] = [];
      for (const [k, kind] of kinds.entries()) {
        ctx.log(`runtimes: ${kind.kind}`);
        const order = k % 2 === 0 ? [0, 1] : [1, 0];
        const byRuntime: Measurement[] = [];
        for (const i of order as (0 | 1)[]) {
          const s = runtimes[i].servers;
          byRuntime[i] = await runLoad({
            servers: kind.bare ? s.bare.pids : s.product.pids,
            label: `${kind.kind} on ${versions[runtimes[i].name]}`,
            role: i === 1 ? 'product' : 'variant',
            concurrency,
            durationMs: seconds * 1000,
            requests: kind.requests,
            op: (_w, seq) => kind.op(i, s, seq),
          });
        }
        measurements.push(byRuntime[0]!, byRuntime[1]!);
        rows.push([
          kind.kind,
          byRuntime[0]!.rps,
          byRuntime[1]!.rps,
          `${ratio(byRuntime[1]!.rps, byRuntime[0]!.rps)}×`,
          byRuntime[0]!.perCpuSecond ?? '',
          byRuntime[1]!.perCpuSecond ?? '',
          `${ratio(byRuntime[1]!.perCpuSecond ?? 0, byRuntime[0]!.perCpuSecond ?? 0)}×`,
        ]);
      }
      const perCpu = (kind: string, i: 0 | 1) =>
        measurements.find((m) => m.label === `${kind} on ${versions[runtimes[i].name]}`)?.perCpuSecond ?? 0;
      return {
        name: this.name,
        title: this.title,
        params: { seconds, concurrency, joins, old: versions.old, current: versions.current },
        measurements,
        facts: Object.fromEntries(
          kinds.map((k) => [
            `${k.kind}: ${versions.current} / ${versions.old} per server CPU-second`,
            ratio(perCpu(k.kind, 1), perCpu(k.kind, 0)),
          ]),
        ),
        targets: [
          {
            name: `${versions.current} vs ${versions.old}, queue.status per server CPU-second`,
            goal: 'reported',
            actual: `${ratio(perCpu('queue.status', 1), perCpu('queue.status', 0))}×`,
            met: null,
          },
        ],
        tables: [
          {
            title: `${versions.old} and ${versions.current} side by side (one product and one bare server each)`,
            head: [
              'measurement',
              `${versions.old} req/s`,
              `${versions.current} req/s`,
              'ratio',
              `${versions.old} per CPU-s`,
              `${versions.current} per CPU-s`,
              'ratio per CPU-s',
            ],
            rows,
          },
        ],
        notes: [
          'The same built JavaScript (apps/server/dist/main.js, bench/dist/bare-server.js) on both runtimes; one server of each kind per runtime, started for this scenario only.',
        ],
      };
    } finally {
      for (const s of started) await s.stop();
    }
  },
};

async function versionOf(servers: ExtraServers): Promise<string> {
  const pid = servers.product.pids[0];
  const { readFileSync } = await import('node:fs');
  const exe = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!;
  const { execFileSync } = await import('node:child_process');
  return execFileSync(exe, ['-v'], { encoding: 'utf8' }).trim();
}
