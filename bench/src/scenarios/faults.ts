/**
 * The fault report (issue 18): on two servers of its own, whose Redis is a private redis-server (append-only,
 * everysec, as docker/compose.yaml runs it) and whose PostgreSQL is the run's database, both reached through fault
 * proxies, one small sale per fault (`faults/cases.ts`: 60 buyers, 5 shopping slots, some waiting, some holding,
 * some paying when it strikes). Per fault it reports what clients saw (answers by kind, the worst latency), the
 * share of people waiting who kept their place and order, holds lost to a lost token, how soon admission resumed
 * and the servers answered /readyz 200 again, and the invariant audit. The servers run the product's default
 * timeouts. A Sentinel failover is measured by apps/server/test/sentinel-failover.e2e.test.ts, not here.
 */
import { auditInvariants, cleanAudit, startFaultProxy, startPrivateRedis } from '@tix/api/testing';
import { createClient } from '@tix/sdk';
import { seedBuyers } from '../env/seed.js';
import { faultCases, type FaultWorld } from './faults/cases.js';
import { backToFront, figures, percentOf, snapshot, type FaultFigures } from './faults/figures.js';
import { FaultSale } from './faults/sale.js';
import { num, type ExtraServers, type Scenario, type ScenarioResult } from './types.js';

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
  },
  async run(ctx): Promise<ScenarioResult> {
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
    };
    const results: FaultFigures[] = [];
    try {
      world.urls.push(...(await addServers(2)));
      for (const [n, fault] of faultCases.entries()) {
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
          performances: [{ startsAt: new Date(Date.now() + 30 * 86_400_000), seats: buyersPerSale + 10 }],
        });
        const sessions = await seedBuyers(ctx.backends.db, buyersPerSale, {
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
        const at = snapshot(sale);
        sale.faultAt = Date.now();
        await fault.make(world, outageMs);
        sale.restoredAt = Date.now();
        const recoveryMs = await readyAgainMs(world.urls);
        const waitingNow = backToFront(at).filter(
          (i) => !sale.buyers[i]!.paid && sale.buyers[i]!.rejoined === 0,
        );
        const census = await sale.census(waitingNow);
        await running;
        const audit = await auditInvariants(ctx.backends.db);
        const f = figures(fault.name, sale, at, census, recoveryMs, audit, cleanAudit);
        ctx.log(
          `faults: ${f.name}: ${JSON.stringify(f.answers)} max ${f.maxMs} ms (${f.maxPath}) during, ${f.maxBeforeMs} before, ${f.maxAfterMs} after; paid ${f.paid}/${f.buyers}; kept ${f.keptPlace}/${f.waitingAtFault}, ` +
            `order ${f.orderPairsKept}/${f.orderPairs}; holds lost ${f.holdsLost}/${f.holdsAtFault}; ` +
            `admission +${f.admissionResumeMs ?? 'n/a'} ms; ready +${f.recoveryMs ?? 'never'} ms; audit ${f.audit}`,
        );
        results.push(f);
      }
    } finally {
      for (const s of started) await s.stop();
      await pgProxy.close();
      await redisProxy.close();
      await redis.close();
    }
    return report(results, { buyersPerSale, outageMs, slots: num(ctx, 'fault-slots') });
  },
};

function report(rows: FaultFigures[], params: Record<string, number>): ScenarioResult {
  const all500 = rows.reduce((n, r) => n + r.answers['500'], 0);
  const maxMs = Math.max(...rows.map((r) => r.maxMs));
  const restarts = rows.filter((r) => r.name.startsWith('Redis restart'));
  const keptAll = restarts.every(
    (r) => r.keptPlace === r.waitingAtFault && r.orderPairsKept === r.orderPairs,
  );
  const holdsLost = rows.reduce((n, r) => n + r.holdsLost, 0);
  const resume = Math.max(0, ...rows.map((r) => r.admissionResumeMs ?? 0));
  const recovery = Math.max(0, ...rows.map((r) => r.recoveryMs ?? Infinity));
  const clean = rows.every((r) => r.audit === 'clean');
  return {
    name: 'faults',
    title: faults.title,
    params,
    measurements: [],
    facts: {
      'faulted sales': rows.length,
      '500 answers in all': all500,
      'worst latency of a call sent during a fault (ms)': maxMs,
      'worst latency of a call sent before any fault struck (ms)': Math.max(
        ...rows.map((r) => r.maxBeforeMs),
      ),
      'audits clean': `${rows.filter((r) => r.audit === 'clean').length} / ${rows.length}`,
    },
    targets: [
      {
        name: 'Redis restart mid-sale: waiting people keep place and order',
        goal: '100%',
        actual: restarts
          .map(
            (r) =>
              `${r.name}: ${percentOf(r.keptPlace, r.waitingAtFault)} / ${percentOf(r.orderPairsKept, r.orderPairs)}`,
          )
          .join('; '),
        met: keptAll,
      },
      { name: 'Holds lost to a lost token', goal: '0', actual: String(holdsLost), met: holdsLost === 0 },
      {
        name: 'Admission resumes after the fault',
        goal: '< 5 s',
        actual: `≤ ${resume} ms`,
        met: resume < 5000,
      },
      { name: '500 answers during any fault', goal: '0', actual: String(all500), met: all500 === 0 },
      {
        name: 'Every call sent during a fault answered',
        goal: '< 2 s',
        actual: `max ${maxMs} ms`,
        met: maxMs < 2000,
      },
      {
        name: 'Recovery (every server /readyz 200) after the dependency returns',
        goal: '< 5 s',
        actual: Number.isFinite(recovery) ? `≤ ${recovery} ms` : 'not within 30 s',
        met: recovery < 5000,
      },
      {
        name: 'Invariant audit after each fault',
        goal: 'clean',
        actual: clean ? 'clean' : 'NOT clean',
        met: clean,
      },
    ],
    tables: [
      {
        title: 'What clients saw, per fault',
        head: [
          'fault',
          'ok',
          '503',
          '500',
          'timeout',
          'no answer',
          'other (4xx)',
          'max ms during (call)',
          'max ms before / after',
          'paid',
        ],
        rows: rows.map((r) => [
          r.name,
          r.answers.ok,
          r.answers['503'],
          r.answers['500'],
          r.answers.timeout,
          r.answers['no answer'],
          r.otherCodes || '0',
          `${r.maxMs} (${r.maxPath})`,
          `${r.maxBeforeMs} / ${r.maxAfterMs}`,
          `${r.paid}/${r.buyers}`,
        ]),
      },
      {
        title: 'Places, holds, recovery and audit, per fault',
        head: [
          'fault',
          'kept place',
          'kept order (pairs)',
          'holds lost',
          'admission resumed',
          'ready again',
          'audit',
        ],
        rows: rows.map((r) => [
          r.name,
          `${percentOf(r.keptPlace, r.waitingAtFault)} of ${r.waitingAtFault}`,
          `${percentOf(r.orderPairsKept, r.orderPairs)} of ${r.orderPairs}`,
          `${r.holdsLost} of ${r.holdsAtFault}`,
          r.admissionResumeMs === null ? 'n/a' : `${r.admissionResumeMs} ms`,
          r.recoveryMs === null ? 'not within 30 s' : `${r.recoveryMs} ms`,
          r.audit,
        ]),
      },
    ],
    notes: [
      'Buyers retry a 503 or an unanswered call after Retry-After plus jitter, move to the next server when theirs stops answering, and join again at the back when their place is gone.',
      '"Redis restart, no persistence" is FLUSHALL then a restart of the append-only Redis: the memory is gone, as with --save \'\' --appendonly no.',
      'Kept place: a person WAITING when the fault began whose first answer after it was WAITING or ACTIVE (not EXPIRED, not QUEUE_TOKEN_INVALID). Kept order: of the pairs waiting then, those whose order is the same in the first answers after.',
      'Max ms during: the slowest answer to a call sent from the moment the fault struck until it was undone (the target); before: the slowest of the sale before it (what the loaded machine costs anyway); after: from the end of the fault to the end of the sale.',
      'Admission resumed: from the end of the fault to the first buyer admitted after it. Ready again: until every server answers /readyz 200.',
      'A Sentinel failover is measured by apps/server/test/sentinel-failover.e2e.test.ts.',
    ],
  };
}
