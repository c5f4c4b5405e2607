/**
 * Admission across three server processes on one PostgreSQL and Redis (docs/domain.md, edge case 12). Every server
 * runs the admission job every second; together they must never exceed `maxActive`, never admit anyone twice, and
 * never go faster than `admitPerSecond`. The test plays 500 buyers: it joins them over HTTP, watches the shared
 * ACTIVE set, and makes each admitted buyer "shop" briefly and then leave, until the queue has drained.
 *
 * The checks are invariants (cap, once each, the rate's token bucket, a drain no faster than the cap allows), never
 * a speed, so a slow machine cannot fail them; the figures are printed for the report.
 */
import { queueKeys, syntheticBuyer, testSessionSecret } from '@tix/api/testing';
import { createClient } from '@tix/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { rawCall } from './support/raw-trpc.js';
import { serverStartBudgetMs, spawnServers, type ServerProcess } from './support/spawn-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Three servers starting together, and the shared backends before them. */
const startMs = serverStartBudgetMs(3) + 30_000;

describe('admission across three server processes', () => {
  let backends: SharedBackends;
  let servers: ServerProcess[];
  let admin: ReturnType<typeof createClient>;

  beforeAll(async () => {
    backends = await createSharedBackends();
    servers = await spawnServers(3, backends.env);
    admin = createClient({ url: servers[0]!.url });
    admin.setSessionToken(
      (await admin.auth.signIn.mutate({ username: 'admin', password: 'admin-pass-123' })).sessionToken,
    );
  }, startMs);
  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await backends?.cleanup();
  });

  const server = (i: number) => servers[i % servers.length]!.url;

  async function pausedConcert(settings: { maxActive: number; admitPerSecond: number }) {
    const { concertId } = await admin.admin.createConcert.mutate({
      title: 'Admission Test',
      venue: 'Hall',
      saleOpensAt: new Date(Date.now() - 60_000),
      performances: [{ startsAt: new Date(Date.now() + 86_400_000), seats: 10 }],
      ...settings,
    });
    await admin.admin.configureQueue.mutate({ concertId, paused: true });
    return concertId;
  }

  /** Each joined buyer's session, by queue token: leaving needs both. */
  const sessions = new Map<string, string>();

  /** Joins `count` buyers over HTTP, spread over the servers, 50 at a time; returns tokens and joins per second. */
  async function joinMany(concertId: string, count: number) {
    const tokens: string[] = [];
    const started = performance.now();
    for (let batch = 0; batch < count; batch += 50) {
      const joined = await Promise.all(
        Array.from({ length: Math.min(50, count - batch) }, async (_, k) => {
          const buyer = syntheticBuyer(testSessionSecret);
          const res = await rawCall(
            server(batch + k),
            'mutation',
            'queue.join',
            { concertId },
            {
              authorization: `Bearer ${buyer.sessionToken}`,
            },
          );
          expect(res.status).toBe(200);
          const { token } = res.body.result!.data!.json as { token: string };
          sessions.set(token, buyer.sessionToken);
          return token;
        }),
      );
      tokens.push(...joined);
    }
    return { tokens, joinsPerSecond: count / ((performance.now() - started) / 1000) };
  }

  const leave = (i: number, token: string) =>
    rawCall(server(i), 'mutation', 'queue.leave', undefined, {
      'x-queue-token': token,
      authorization: `Bearer ${sessions.get(token)}`,
    });

  /**
   * Plays the admitted buyers until everyone has been admitted and has left: samples the shared ACTIVE set every
   * 100 ms, and makes each newly admitted buyer leave after `holdMs()`.
   */
  async function drain(concertId: string, total: number, holdMs: () => number, deadlineMs: number) {
    const redis = backends.redis.redis;
    const [, activeKey, , , , , , , admitsKey, totalKey] = queueKeys(concertId);
    const seen = new Set<string>();
    const left = new Set<string>();
    const readmitted: string[] = [];
    const leaving: Array<Promise<unknown>> = [];
    let maxActive = 0;
    let samples = 0;
    const started = Date.now();
    while (left.size < total && Date.now() - started < deadlineMs) {
      // Only a leave confirmed before the read is sent can be contradicted by it (a reply may arrive after a later
      // leave's response).
      const leftBefore = new Set(left);
      const active = await redis.zrange(activeKey!, 0, -1);
      samples += 1;
      maxActive = Math.max(maxActive, active.length);
      for (const token of active) {
        if (leftBefore.has(token)) readmitted.push(token);
        if (seen.has(token)) continue;
        seen.add(token);
        leaving.push(
          sleep(holdMs())
            .then(() => leave(seen.size, token))
            .then(() => left.add(token)),
        );
      }
      await sleep(100);
    }
    await Promise.all(leaving);
    const admits = await redis.zrange(admitsKey!, 0, -1, 'WITHSCORES');
    const times: number[] = [];
    for (let i = 1; i < admits.length; i += 2) times.push(Number(admits[i]));
    return {
      seconds: (Date.now() - started) / 1000,
      admitted: seen.size,
      left: left.size,
      maxActive,
      samples,
      readmitted,
      admittedTotal: Number(await redis.get(totalKey!)),
      admitTimes: times.sort((a, b) => a - b),
    };
  }

  it('500 waiting, maxActive 50: never more than 50 ACTIVE, everyone admitted exactly once, drained', async () => {
    const concertId = await pausedConcert({ maxActive: 50, admitPerSecond: 100 });
    const { tokens, joinsPerSecond } = await joinMany(concertId, 500);
    expect(new Set(tokens).size).toBe(500);
    expect((await admin.admin.stats.query({ concertId })).waiting).toBe(500);

    await admin.admin.configureQueue.mutate({ concertId, paused: false });
    // Each admitted buyer shops for 1 to 2 s: the cap, not the rate, paces the queue.
    const run = await drain(concertId, 500, () => 1000 + Math.random() * 1000, 75_000);
    const stats = await admin.admin.stats.query({ concertId });
    console.info(
      `[admission 3 servers] joins ${joinsPerSecond.toFixed(0)}/s over HTTP; drained 500 in ${run.seconds.toFixed(1)} s ` +
        `(cap-bound ideal ${(500 / 50) * 1.5} s at 1.5 s mean shopping); max ACTIVE seen ${run.maxActive} of 50 ` +
        `over ${run.samples} samples; admitted ${run.admittedTotal}, re-admitted ${run.readmitted.length}`,
    );
    expect(run.maxActive).toBeLessThanOrEqual(50);
    expect(run.maxActive).toBeGreaterThan(40); // the cap was really reached, so the check above means something
    expect(run.readmitted).toEqual([]);
    expect(run.admitted).toBe(500);
    expect(run.admittedTotal).toBe(500); // 500 distinct people, 500 admissions: nobody twice
    expect(stats).toMatchObject({ waiting: 0, active: 0 });
    // With at most 50 inside and each staying at least 1 s, 500 cannot pass in under (500 - 50) / 50 s.
    expect(run.seconds).toBeGreaterThanOrEqual(9);
  }, 120_000);

  it('admitPerSecond 10 on three servers: admissions follow one shared token bucket', async () => {
    const rate = 10;
    const concertId = await pausedConcert({ maxActive: 50, admitPerSecond: rate });
    await joinMany(concertId, 100);
    await admin.admin.configureQueue.mutate({ concertId, paused: false });
    const run = await drain(concertId, 100, () => 0, 60_000);
    const times = run.admitTimes;
    expect(times).toHaveLength(100);
    // The bucket holds at most one second's worth (10) and refills at 10/s, so any span of admissions from t_i to
    // t_j holds at most 10 + 10 * (t_j - t_i) / 1000 of them (+1 for clocks of separate processes read a hair apart).
    let worst = 0;
    for (let i = 0; i < times.length; i++) {
      for (let j = i; j < times.length; j++) {
        const allowed = rate + (rate * (times[j]! - times[i]!)) / 1000;
        worst = Math.max(worst, j - i + 1 - allowed);
      }
    }
    // Admissions per tick (1-second windows around each second after the first admission): the first window is the
    // initial full bucket, the last one what was left; the ones between show the steady rate.
    const perSecond: number[] = [];
    for (const t of times) {
      const k = Math.floor((t - times[0]! + 500) / 1000);
      perSecond[k] = (perSecond[k] ?? 0) + 1;
    }
    const steady = perSecond.slice(1, -1).map((n) => n ?? 0);
    const measured = steady.reduce((a, b) => a + b, 0) / steady.length;
    console.info(
      `[admission 3 servers] rate ${rate}/s: admitted per second ${JSON.stringify(perSecond)}; steady ` +
        `${measured.toFixed(2)}/s = ${((measured / rate) * 100).toFixed(1)}% of configured; worst excess over the ` +
        `bucket ${worst.toFixed(2)}`,
    );
    expect(worst).toBeLessThanOrEqual(1);
    expect(run.readmitted).toEqual([]);
    expect(run.admittedTotal).toBe(100);
  }, 120_000);
});
