/**
 * The fault report (issue 18): on two servers of its own, whose Redis is a private redis-server (append-only,
 * everysec, as docker/compose.yaml runs it) and whose PostgreSQL is the run's database, both reached through fault
 * proxies, one small sale per fault (`faults/cases.ts`: 40 buyers by default, 5 shopping slots, some waiting, some holding,
 * some paying when it strikes). Per fault it reports what clients saw (answers by kind, the worst latency), the
 * share of people waiting who kept their place and order, holds lost to a lost token, how soon admission resumed
 * and the servers answered /readyz 200 again, and the invariant audit. The servers run the product's default
 * timeouts. The last sale runs on two servers of its own that find Redis through a Sentinel, and fails the primary
 * over to its replica.
 */
import {
  auditInvariants,
  cleanAudit,
  startFaultProxy,
  startPrivateRedis,
  startSentinel,
  type PrivateRedis,
  type PrivateSentinel,
} from '@tix/api/testing';
import { createClient } from '@tix/sdk';
import { seedBuyers } from '../env/seed.js';
import { faultCases, type FaultCase, type FaultWorld } from './faults/cases.js';
import { backToFront, figures, snapshot, type FaultFigures } from './faults/figures.js';
import { report } from './faults/report.js';
import { FaultSale } from './faults/sale.js';
import { num, type BenchContext, type ExtraServers, type Scenario } from './types.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until every server up answers /readyz 200: ms after the fault ended, or null if not within the limit. */
async function readyAgainMs(urls: string[], limitMs = 30_000): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const ready = await Promise.all(
      urls.map((u) =>
        fetch(`${u}/readyz`, { signal: AbortSignal.timeout(2000) }).then(
          (r) => r.status === 200,
          () => false,
        ),
      ),
    );
    if (ready.every(Boolean)) return Date.now() - started;
    await sleep(100);
  }
  return null;
}

export const faults: Scenario = {
  name: 'faults',
  title: 'A small sale through each fault: Redis, PostgreSQL and servers failing (issue 18)',
  flags: {
    'fault-buyers': [40, 'buyers per faulted sale'],
    'fault-slots': [5, 'shopping slots (maxActive) per sale'],
    'fault-outage-ms': [5000, 'how long an unreachable or black-holed dependency stays away'],
    'fault-after-paid': [10, 'the fault strikes once this many buyers have paid'],
    'fault-only': [
      '',
      'only the faults whose name contains one of these, comma-separated (say "postgresql,sentinel"); all when empty',
    ],
  },
  async run(ctx) {
    const buyersPerSale = num(ctx, 'fault-buyers');
    const outageMs = num(ctx, 'fault-outage-ms');
    const redis = await startPrivateRedis({ persistent: true });
    const redisProxy = await startFaultProxy({ host: '127.0.0.1', port: redis.port });
    const pgUrl = new URL(ctx.backends.databaseUrl);
    const pgProxy = await startFaultProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    pgUrl.port = String(pgProxy.port);
    const vars = {
      DATABASE_URL: pgUrl.toString(),
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      SHUTDOWN_DRAIN_MS: '5000',
      DATABASE_POOL_SIZE: '10',
    };
    const started: ExtraServers[] = [];
    const pids = new Map<string, number>();
    const addServers = async (count: number) => {
      const more = await ctx.startServers(undefined, count, vars);
      started.push(more);
      more.product.targets.forEach((t, i) => pids.set(t.url, more.product.pids[i]!));
      return more.product.targets.map((t) => t.url);
    };
    const world: FaultWorld = {
      redis,
      redisProxy,
      pgProxy,
      urls: [],
      pidOf: (url) => pids.get(url)!,
      async addServer() {
        world.urls.push(...(await addServers(1)));
      },
      async useSentinel() {
        const primary = await startPrivateRedis({ persistent: true });
        const replica = await startPrivateRedis({
          persistent: true,
          args: ['--replicaof', '127.0.0.1', String(primary.port)],
        });
        const sentinel = await startSentinel(primary.port);
        sentinelSet.redis.push(replica, primary);
        sentinelSet.sentinel = sentinel;
        const more = await ctx.startServers(undefined, 2, {
          ...vars,
          REDIS_URL: '',
          REDIS_SENTINELS: `127.0.0.1:${sentinel.port}`,
        });
        started.push(more);
        more.product.targets.forEach((t, i) => pids.set(t.url, more.product.pids[i]!));
        world.urls.splice(0, world.urls.length, ...more.product.targets.map((t) => t.url));
        return { sentinel, primary, replica };
      },
    };
    // The Sentinel case's own Redis servers and sentinel, stopped at the end.
    const sentinelSet: { redis: PrivateRedis[]; sentinel: PrivateSentinel | null } = {
      redis: [],
      sentinel: null,
    };
    const results: FaultFigures[] = [];
    const failed: string[] = [];
    const only = String(ctx.flags['fault-only'] ?? '')
      .toLowerCase()
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    try {
      world.urls.push(...(await addServers(2)));
      for (const [n, fault] of faultCases.entries()) {
        if (only.length > 0 && !only.some((part) => fault.name.toLowerCase().includes(part))) continue;
        try {
          results.push(await faultedSale(ctx, world, n, fault));
        } catch (err) {
          // One case that cannot run (a sentinel that will not fail over, say) leaves the others' figures.
          const why = `${fault.name} (${err instanceof Error ? err.message : String(err)})`;
          ctx.log(`faults: ${why}`);
          failed.push(why);
        }
      }
    } finally {
      for (const s of started) await s.stop();
      await pgProxy.close();
      await redisProxy.close();
      await redis.close();
      await sentinelSet.sentinel?.stop();
      for (const r of sentinelSet.redis) await r.close();
    }
    return report(faults.title, results, { buyersPerSale, outageMs, slots: num(ctx, 'fault-slots') }, failed);
  },
};

/** One small sale through `fault`, on the servers of `world`. */
async function faultedSale(
  ctx: BenchContext,
  world: FaultWorld,
  n: number,
  fault: FaultCase,
): Promise<FaultFigures> {
  await fault.prepare?.(world);
  // On a server still up (an earlier case stopped one).
  const operator = createClient({
    url: world.urls[0]!,
    sessionToken: ctx.admin.client.credentials.sessionToken,
    batch: false,
  });
  const concert = await operator.admin.createConcert.mutate({
    title: `Fault sale ${n}`,
    venue: 'Bench Hall',
    saleOpensAt: new Date(Date.now() - 60_000),
    maxActive: num(ctx, 'fault-slots'),
    admitPerSecond: 100,
    performances: [
      { startsAt: new Date(Date.now() + 30 * 86_400_000), seats: num(ctx, 'fault-buyers') + 10 },
    ],
  });
  const sessions = await seedBuyers(ctx.backends.db, num(ctx, 'fault-buyers'), {
    secret: ctx.sessionSecret,
    balance: 1_000_000,
    label: `flt${n}_`,
  });
  const sale = new FaultSale(
    {
      urls: world.urls,
      concertId: concert.concertId,
      performanceId: concert.performances[0]!.performanceId,
    },
    sessions.map((s) => s.session),
  );
  ctx.log(`faults: ${fault.name}`);
  const running = sale.run(45_000);
  const strikeBy = Date.now() + 20_000;
  while (sale.paidCount < num(ctx, 'fault-after-paid') && Date.now() < strikeBy) await sleep(50);
  const { strikeOn } = fault;
  if (strikeOn) {
    await new Promise<void>((resolve) => {
      const giveUp = setTimeout(resolve, 10_000);
      sale.onSend = (path) => {
        if (!strikeOn.includes(path)) return;
        sale.onSend = null;
        clearTimeout(giveUp);
        // At once: the call reaches its server as PostgreSQL falls silent, and waits on it (a 10 ms delay let the
        // call finish first: answered in 13 ms).
        resolve();
      };
    });
  }
  const at = snapshot(sale);
  sale.faultAt = Date.now();
  await fault.make(world, num(ctx, 'fault-outage-ms'));
  sale.restoredAt = Date.now();
  const recoveryMs = await readyAgainMs(world.urls);
  const waitingNow = backToFront(at).filter((i) => !sale.buyers[i]!.paid && sale.buyers[i]!.rejoined === 0);
  const census = await sale.census(waitingNow);
  await running;
  const audit = await auditInvariants(ctx.backends.db);
  const f = figures(fault.name, sale, at, census, recoveryMs, audit, cleanAudit);
  ctx.log(
    `faults: ${f.name}: ${JSON.stringify(f.answers)} max ${f.maxMs} ms (${f.maxPath}) during, ${f.maxInFlightMs} (${f.maxInFlightPath || '-'}) in flight at the strike, ${f.maxBeforeMs} before, ${f.maxAfterMs} after; paid ${f.paid}/${f.buyers}; kept ${f.keptPlace}/${f.waitingAtFault}, ` +
      `order ${f.orderPairsKept}/${f.orderPairs}; holds lost ${f.holdsLost}/${f.holdsAtFault}; ` +
      `admission +${f.admissionResumeMs ?? 'n/a'} ms; ready +${f.recoveryMs ?? 'never'} ms; audit ${f.audit}`,
  );
  return f;
}
