/**
 * Scenario 3: a join storm on one waiting room, then `queue.status` reads with a crowd waiting (default 100,000).
 * The room admits almost no one (maxActive 1), so everyone who joins stays WAITING.
 * Baselines: bare HTTP with the same requests; the same Redis commands straight through ioredis.
 * Presence drops a WAITING user after 60 s without a poll, so after the storm the crowd is seeded straight into Redis,
 * everyone waiting is marked seen, and the reads follow at once.
 */
import { randomUUID } from 'node:crypto';
import { transactionCount } from '../env/pg-stats.js';
import { seedBuyers } from '../env/seed.js';
import type { Joined } from '../load/queue-flow.js';
import { runLoad } from '../load/run.js';
import { ratio, round } from '../load/stats.js';
import { createRawQueue } from '../baseline/queue-redis.js';
import { num, type Scenario, type ScenarioResult } from './types.js';

export const queueStorm: Scenario = {
  name: 'queue',
  title: 'Waiting room: join storm, then position reads with a crowd waiting',
  flags: {
    joins: [20000, 'joins in the measured storm'],
    waiting: [100000, 'people waiting during the position reads (the storm counts toward it)'],
    'queue-concurrency': [64, 'concurrent clients'],
    'status-seconds': [8, 'seconds of queue.status reads (and of each baseline)'],
  },
  async run(ctx): Promise<ScenarioResult> {
    const joins = num(ctx, 'joins');
    const waiting = Math.max(num(ctx, 'waiting'), joins);
    const concurrency = num(ctx, 'queue-concurrency');
    const statusMs = num(ctx, 'status-seconds') * 1000;
    const concert = await ctx.admin.createConcert({ title: 'Queue Storm', maxActive: 1, admitPerSecond: 1 });
    const stormers = await seedBuyers(ctx.backends.db, joins, {
      secret: ctx.sessionSecret,
      balance: 0,
      label: 'q',
    });
    // The crowd only ever exists in Redis (nobody in it makes an HTTP call), so it needs no user rows.
    const crowd = Array.from({ length: waiting - joins }, () => randomUUID());
    const input = { concertId: concert.concertId };

    ctx.log(`queue: bare-HTTP baselines`);
    const bareJoin = await runLoad({
      servers: ctx.bare.pids,
      label: 'bare HTTP (join request)',
      role: 'baseline',
      concurrency,
      warmupMs: 500,
      requests: joins,
      op: (w, k) =>
        ctx.bare
          .pick(w)
          .mutate('queue.join', input, { session: stormers[k % joins]!.session }, { decode: false }),
    });
    const trpcNoop = await runLoad({
      servers: ctx.bare.pids,
      label: 'tRPC no-op mutation (join input)',
      role: 'variant',
      baseline: 'bare HTTP (join request)',
      concurrency,
      requests: joins,
      warmupMs: 500,
      op: (w, k) =>
        ctx.bare
          .pick(w)
          .mutate('noop.mutation', input, { session: stormers[k % joins]!.session }, { decode: false }),
    });
    const bareStatus = await runLoad({
      servers: ctx.bare.pids,
      label: 'bare HTTP (status request)',
      role: 'baseline',
      concurrency,
      warmupMs: 500,
      durationMs: statusMs,
      op: (w) =>
        ctx.bare.pick(w).query('queue.status', undefined, { queue: randomUUID() }, { decode: false }),
    });

    const raw = createRawQueue(ctx.backends.redis);
    // Warm-up: a tenth of the stormers join a throwaway room first (JIT, connections), unmeasured.
    const warmRoom = await ctx.admin.createConcert({
      title: 'Queue Warm-up',
      maxActive: 1,
      admitPerSecond: 1,
    });
    const warm = stormers.slice(0, Math.ceil(joins / 10));
    await runLoad({
      servers: ctx.product.pids,
      label: 'warm-up',
      concurrency,
      requests: warm.length,
      op: (w, k) =>
        ctx.product
          .pick(w)
          .mutate(
            'queue.join',
            { concertId: warmRoom.concertId },
            { session: warm[k]!.session },
            { decode: false },
          ),
    });
    await raw.drop(warmRoom.concertId);
    ctx.log(`queue: join storm of ${joins}`);
    const xactBefore = await transactionCount(ctx.backends.pool);
    const tokens: string[] = new Array<string>(joins);
    const positions = new Set<number>();
    const join = await runLoad({
      servers: ctx.product.pids,
      label: 'queue.join',
      baseline: 'bare HTTP (join request)',
      concurrency,
      requests: joins,
      op: async (w, k) => {
        const r = await ctx.product
          .pick(w)
          .mutate<Joined>('queue.join', input, { session: stormers[k]!.session });
        if (r.data) {
          tokens[k] = r.data.token;
          if (r.data.position !== undefined) positions.add(r.data.position);
        }
        return r;
      },
    });
    const xactPerJoin = round((await transactionCount(ctx.backends.pool)) / joins - xactBefore / joins, 2);
    ctx.log(`queue: seeding ${crowd.length} more waiting straight into Redis`);
    const seedStarted = performance.now();
    const crowdTokens = await raw.seed(concert.concertId, crowd);
    const seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
    const allTokens = [...tokens.filter(Boolean), ...crowdTokens];
    // Everyone waiting polls now and then; without it, the storm's first joiners would be dropped for absence
    // (60 s) before the reads end if the storm took long.
    await raw.touch(allTokens);
    const waitingBefore = await raw.waitingCount(concert.concertId);
    ctx.log(`queue: queue.status reads with ${waitingBefore} waiting`);
    const pick = () => allTokens[Math.floor(Math.random() * allTokens.length)]!;
    const status = await runLoad({
      servers: ctx.product.pids,
      label: 'queue.status',
      baseline: 'bare HTTP (status request)',
      concurrency,
      durationMs: statusMs,
      op: (w) => ctx.product.pick(w).query('queue.status', undefined, { queue: pick() }, { decode: false }),
    });
    const waitingAfter = await raw.waitingCount(concert.concertId);

    ctx.log('queue: the same Redis commands through ioredis');
    const rawStatus = await raw.measureStatus(allTokens, concurrency, statusMs);
    const rawRoom = randomUUID();
    const rawJoin = await raw.measureJoin(rawRoom, stormers, concurrency);
    await raw.drop(rawRoom);
    await raw.drop(concert.concertId);
    join.baseline = bareJoin.label;
    status.baseline = bareStatus.label;

    const joinVsBare = ratio(join.rps, bareJoin.rps);
    const statusVsBare = ratio(status.rps, bareStatus.rps);
    return {
      name: this.name,
      title: this.title,
      params: { joins, waiting, concurrency, statusSeconds: statusMs / 1000, servers: ctx.serverCount },
      measurements: [bareJoin, trpcNoop, rawJoin, join, bareStatus, rawStatus, status],
      facts: {
        'joins/s': join.rps,
        'joins/s, bare HTTP': bareJoin.rps,
        'joins/s, raw Redis': rawJoin.rps,
        'queue.status/s': status.rps,
        'status/s, bare HTTP': bareStatus.rps,
        'status/s, raw Redis': rawStatus.rps,
        'join / bare HTTP': joinVsBare,
        'tRPC no-op mutation / bare HTTP (the tRPC stack alone)': ratio(trpcNoop.rps, bareJoin.rps),
        'status / bare HTTP': statusVsBare,
        'distinct positions handed out in the storm': positions.size,
        'waiting when the reads began / ended': `${waitingBefore} / ${waitingAfter}`,
        [`seconds to seed ${crowd.length} waiting straight into Redis`]: seedSeconds,
        'join / raw Redis': ratio(join.rps, rawJoin.rps),
        'status / raw Redis': ratio(status.rps, rawStatus.rps),
        'PostgreSQL transactions per join': xactPerJoin,
        'failed joins': join.requests - (join.codes.OK ?? 0),
      },
      targets: [
        {
          name: 'Queue joins vs bare HTTP',
          goal: '≥ 0.70× bare-HTTP req/s',
          actual: `${joinVsBare}×`,
          met: (joinVsBare ?? 0) >= 0.7,
          note:
            (joinVsBare ?? 0) >= 0.7
              ? undefined
              : `tRPC alone (a no-op mutation on the product's HTTP path) reaches ${ratio(trpcNoop.rps, bareJoin.rps)}× of bare HTTP here; on top, a join verifies the session, reads the concert's queue settings (${xactPerJoin} PostgreSQL transactions per join) and sends Redis two scripts after the opening (the next order, then the join, which also spends the per-user join limit; the join script alone runs at ${rawJoin.rps}/s), then looks the ETA up in the concert's estimator (rebuilt once a second per server)`,
        },
        {
          name: 'Position reads (queue.status) vs bare HTTP',
          goal: '≥ 0.80× bare-HTTP req/s',
          actual: `${statusVsBare}× with ${waitingBefore} waiting`,
          met: (statusVsBare ?? 0) >= 0.8,
        },
      ],
      tables: [],
      notes: [
        `The crowd beyond the storm is seeded with the product's join script straight into Redis (${seedSeconds} s); then every waiting token is read once with the product's status script (as if each had polled: presence drops anyone not seen for 60 s) and the reads start at once.`,
        'The raw-Redis status baseline sends the read script, as queue.status does; queue.status also reads the concert settings and its estimator (each kept for a second per server).',
        'Bare HTTP for the reads sends the same header to a route that does no work.',
      ],
    };
  },
};
