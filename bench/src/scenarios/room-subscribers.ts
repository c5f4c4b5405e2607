/**
 * What keeping people waiting costs (issue 14): N people on live `queue.watch` subscriptions (lean SSE, many per
 * client process) across three server processes on PostgreSQL and a Redis of the scenario's own, while admission
 * lets them in at the concert's rate. Measured twice in one run, on fresh servers each time: "before", every watcher
 * reading its place on every change (QUEUE_WATCH_EXACT_MS=0, how every watcher worked before the line's broadcast),
 * and "after", places moved by the broadcast. Reported per waiting person per minute: Redis commands (INFO
 * commandstats deltas) and server CPU-seconds; the delay from an admission (the room's own admitted-at) to the
 * person's screen (the ACTIVE message reaching the client); and that nobody who keeps a subscription is dropped.
 */
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRedisQueueEngine, newQueueToken, queueKeys } from '@tix/api';
import { Redis } from 'ioredis';
import { startPrivateRedis } from '../env/private-redis.js';
import { processCpuMs } from '../env/process-cpu.js';
import { openWatchers } from '../load/sse-watchers.js';
import { round, summarize, type Latency } from '../load/stats.js';
import { num, type BenchContext, type Scenario, type ScenarioResult } from './types.js';

interface ModeResult {
  mode: string;
  people: number;
  minutes: number;
  redisCallsPerPersonMinute: number;
  evalPerPersonMinute: number;
  cpuSecondsPerPersonMinute: number;
  serverCpuSeconds: number;
  admitted: number;
  delayMs: Latency;
  dropped: number;
  broken: number;
  brokenWhileMeasured: number;
  /** Broken streams by cause (`http 503 OVERLOADED`, `socket ECONNRESET`, …). */
  causes: Array<[string, number]>;
  /** The load generator's own CPU while measured, as a share of one core, and its event loop delay p99. */
  clientCpuShare: number;
  clientLoopDelayP99Ms: number;
  waitingAtEnd: number;
  connectSeconds: number;
  /** Broken streams per server, and the servers no longer running at the end. */
  brokenPerServer: number[];
  serversGone: number;
}

/** Nobody waits for a slot here: the schema's highest `maxActive` (docs/api.md), far above the people admitted. */
const MAX_ACTIVE = 100_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const roomSubscribers: Scenario = {
  name: 'room-subscribers',
  title: 'Waiting on live subscriptions: Redis and server CPU per waiting person, admission to screen',
  flags: {
    'room-people': [20_000, 'people waiting, each on a live subscription of its own'],
    'room-seconds': [90, 'measured seconds per mode (longer than the 60 s presence window)'],
    'room-rate': [10, 'admitPerSecond of the concert while measured'],
    'room-connect-rate': [2_000, 'subscriptions opened per second'],
    'room-modes': [
      'before,after',
      'which modes to run: before (a read per watcher per change), after (broadcast)',
    ],
  },
  async run(ctx): Promise<ScenarioResult> {
    const people = num(ctx, 'room-people');
    const seconds = num(ctx, 'room-seconds');
    const rate = num(ctx, 'room-rate');
    const modes = String(ctx.flags['room-modes'])
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m === 'before' || m === 'after');
    const results: ModeResult[] = [];
    for (const mode of modes) results.push(await runMode(ctx, mode, { people, seconds, rate }));

    const before = results.find((r) => r.mode === 'before');
    const after = results.find((r) => r.mode === 'after');
    const per = (r: ModeResult | undefined, f: (r: ModeResult) => number) => (r ? String(f(r)) : '–');
    return {
      name: this.name,
      title: this.title,
      params: { people, seconds, rate, servers: 3 },
      measurements: [],
      facts: Object.fromEntries(
        results.flatMap((r): Array<[string, string | number]> => [
          [`${r.mode}: Redis commands per waiting person per minute`, r.redisCallsPerPersonMinute],
          [`${r.mode}: server CPU-seconds per waiting person per minute`, r.cpuSecondsPerPersonMinute],
          [`${r.mode}: admission to screen p50 / p99 ms`, `${r.delayMs.p50} / ${r.delayMs.p99}`],
          [`${r.mode}: dropped while subscribed`, r.dropped],
          [
            `${r.mode}: streams broken per server / servers gone`,
            `${r.brokenPerServer.join(' / ')} / ${r.serversGone}`,
          ],
          [
            `${r.mode}: streams broken, by cause`,
            r.causes.map(([cause, n]) => `${cause} ${n}`).join('; ') || 'none',
          ],
        ]),
      ),
      targets: [
        {
          name: `${people.toLocaleString('en')} waiting on live subscriptions, 3 servers: Redis commands per person per minute`,
          goal: 'reported (before / after)',
          actual: `${per(before, (r) => r.redisCallsPerPersonMinute)} / ${per(after, (r) => r.redisCallsPerPersonMinute)}`,
          met: null,
        },
        {
          name: 'server CPU-seconds per waiting person per minute',
          goal: 'reported (before / after)',
          actual: `${per(before, (r) => r.cpuSecondsPerPersonMinute)} / ${per(after, (r) => r.cpuSecondsPerPersonMinute)}`,
          met: null,
        },
        {
          name: 'admission to screen, p50 / p99',
          goal: 'reported',
          actual: results.map((r) => `${r.mode} ${r.delayMs.p50} / ${r.delayMs.p99} ms`).join('; '),
          met: null,
        },
        {
          name: 'nobody who keeps a subscription is dropped',
          goal: '0',
          actual: results.map((r) => `${r.mode} ${r.dropped}`).join('; '),
          met: results.every((r) => r.dropped === 0),
        },
      ],
      tables: [
        {
          title: `${people.toLocaleString('en')} people on live subscriptions, ${seconds} s measured per mode`,
          head: [
            'mode',
            'Redis commands / person / min',
            'of them EVALSHA',
            'server CPU-s / person / min',
            'server CPU-s',
            'admitted',
            'admission → screen p50 / p99 / max ms',
            'dropped',
            'streams broken (while measured)',
            'waiting at end',
            'subscribing took s',
            'client CPU (of a core) / loop delay p99 ms',
          ],
          rows: results.map((r) => [
            r.mode,
            r.redisCallsPerPersonMinute,
            r.evalPerPersonMinute,
            r.cpuSecondsPerPersonMinute,
            r.serverCpuSeconds,
            r.admitted,
            `${r.delayMs.p50} / ${r.delayMs.p99} / ${r.delayMs.max}`,
            r.dropped,
            `${r.broken} (${r.brokenWhileMeasured})`,
            r.waitingAtEnd,
            r.connectSeconds,
            `${r.clientCpuShare} / ${r.clientLoopDelayP99Ms}`,
          ]),
        },
      ],
      notes: [
        'Each mode runs on three fresh product servers and a Redis of its own, so INFO commandstats counts only their commands (admission steps, presence batches and reads; the commands inside scripts are counted too).',
        '"before" is QUEUE_WATCH_EXACT_MS=0: every watcher reads its place on every broadcast and every 3 s, as before the line broadcast. "after" is the default: one exact read per watcher about every 30 s, places moved locally in between.',
        'Admission to screen: from the admitted-at the room stores for each admitted person to the ACTIVE message reaching the client (same machine clock). The client process also parses every position update, on the same 2 cores.',
        'Dropped: people who received EXPIRED while subscribed (nobody pays or leaves here, so EXPIRED can only mean absence).',
        'A stream is broken when it ends without the client closing it: refused with an HTTP status (503 OVERLOADED is the load shedder), ended by a tRPC error event (its domain code), by the server returning (EXPIRED), closed with no reason, or a socket error of the client. The facts list the causes; the client CPU column tells whether the load generator itself was the limit.',
      ],
    };
  },
};

async function runMode(
  ctx: BenchContext,
  mode: string,
  options: { people: number; seconds: number; rate: number },
): Promise<ModeResult> {
  const redisServer = await startPrivateRedis();
  const prefix = `room:${mode}:`;
  const servers = await ctx.startServers(undefined, 3, {
    REDIS_URL: redisServer.url,
    REDIS_KEY_PREFIX: prefix,
    QUEUE_WATCH_EXACT_MS: mode === 'before' ? '0' : '30000',
  });
  const redis = new Redis(redisServer.url, { keyPrefix: prefix, enableAutoPipelining: true });
  const watchersClosers: Array<() => void> = [];
  try {
    const { concertId } = await ctx.admin.createConcert({
      title: `Room ${mode}`,
      maxActive: MAX_ACTIVE,
      admitPerSecond: options.rate,
      activeTtlSeconds: 3_600,
    });
    await ctx.admin.client.admin.configureQueue.mutate({ concertId, paused: true });
    // People join straight through the engine (the join path is measured elsewhere), first come, first served.
    const engine = createRedisQueueEngine(redis);
    const settings = {
      maxActive: MAX_ACTIVE,
      admitPerSecond: options.rate,
      activeTtlSeconds: 3_600,
      paused: true,
      saleOpensAt: new Date(Date.now() - 60_000),
    };
    const tokens: string[] = [];
    for (let i = 0; i < options.people; i += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, options.people - i) }, () =>
        newQueueToken(concertId),
      );
      await Promise.all(
        batch.map((token) =>
          engine.join({ concertId, userId: randomUUID(), token, drawScore: null, settings }, new Date()),
        ),
      );
      tokens.push(...batch);
    }
    ctx.log(`room-subscribers ${mode}: ${tokens.length} joined; subscribing`);
    const connectStarted = Date.now();
    const set = await openWatchers(
      servers.product.targets.map((t) => t.url),
      tokens,
      num(ctx, 'room-connect-rate'),
    );
    watchersClosers.push(() => set.close());
    // A stream refused (shed with 503) or broken never gets its first status: stop waiting for those.
    const settled = () => set.watchers.filter((w) => w.firstAt !== null || w.broken).length;
    while (settled() < tokens.length && Date.now() - connectStarted < 120_000) await sleep(250);
    const connectSeconds = round((Date.now() - connectStarted) / 1000, 1);
    ctx.log(
      `room-subscribers ${mode}: ${set.ready()} subscribed, ${set.broken()} broken in ${connectSeconds} s (${
        set
          .causes()
          .map(([cause, n]) => `${cause} ${n}`)
          .join('; ') || 'none'
      }); measuring`,
    );

    const calls0 = await redisServer.commandCalls();
    const cpu0 = processCpuMs(servers.product.pids);
    const clientCpu0 = process.cpuUsage();
    const loopDelay = monitorEventLoopDelay({ resolution: 20 });
    loopDelay.enable();
    const started = Date.now();
    await ctx.admin.client.admin.configureQueue.mutate({ concertId, paused: false });
    await sleep(options.seconds * 1000);
    await ctx.admin.client.admin.configureQueue.mutate({ concertId, paused: true });
    const minutes = (Date.now() - started) / 60_000;
    const cpuMs = processCpuMs(servers.product.pids) - cpu0;
    const clientCpu = process.cpuUsage(clientCpu0);
    loopDelay.disable();
    const clientCpuShare = round((clientCpu.user + clientCpu.system) / 1000 / (Date.now() - started), 2);
    const calls1 = await redisServer.commandCalls();
    // Let the last admissions reach their screens before reading the delays.
    await sleep(3_000);

    let callsTotal = 0;
    for (const [name, calls] of calls1) callsTotal += calls - (calls0.get(name) ?? 0);
    const evals = (calls1.get('evalsha') ?? 0) - (calls0.get('evalsha') ?? 0);
    const keys = queueKeys(concertId);
    const admittedAt = await redis.hgetall(keys[10]!);
    const delays: number[] = [];
    for (const w of set.watchers) {
      const at = admittedAt[w.token];
      if (at !== undefined && w.activeAt !== null) delays.push(w.activeAt - Number(at));
    }
    const waitingAtEnd = await redis.zcard(keys[0]!);
    const brokenPerServer = servers.product.pids.map(
      (_, i) => set.watchers.filter((w) => w.broken && w.server === i).length,
    );
    const serversGone = servers.product.pids.filter((pid) => !alive(pid)).length;
    ctx.log(
      `room-subscribers ${mode}: broken per server ${brokenPerServer.join(' / ')}, ${serversGone} server(s) gone`,
    );
    const brokeAt = set.watchers.flatMap((w) => (w.brokeAt === null ? [] : [w.brokeAt - started]));
    if (brokeAt.length > 0)
      ctx.log(`  broke ${Math.min(...brokeAt)} to ${Math.max(...brokeAt)} ms after the measuring began`);
    // What a server with broken streams said last (more of it when it is gone: the stack of what ended it).
    servers.productOutput().forEach((lines, i) => {
      if (brokenPerServer[i] === 0) return;
      const gone = !alive(servers.product.pids[i]!);
      for (const line of lines.slice(gone ? -40 : -8)) ctx.log(`  server ${i}: ${line.slice(0, 400)}`);
    });
    const perPersonMinute = (n: number) => round(n / options.people / minutes, 4);
    return {
      mode,
      people: options.people,
      minutes: round(minutes, 2),
      redisCallsPerPersonMinute: perPersonMinute(callsTotal),
      evalPerPersonMinute: perPersonMinute(evals),
      cpuSecondsPerPersonMinute: round(cpuMs / 1000 / options.people / minutes, 6),
      serverCpuSeconds: round(cpuMs / 1000, 1),
      admitted: Object.keys(admittedAt).length,
      delayMs: summarize(delays),
      dropped: set.watchers.filter((w) => w.expired).length,
      broken: set.broken(),
      brokenWhileMeasured: set.watchers.filter((w) => w.brokeAt !== null && w.brokeAt >= started).length,
      causes: set.causes(),
      clientCpuShare,
      clientLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6, 1),
      waitingAtEnd,
      connectSeconds,
      brokenPerServer,
      serversGone,
    };
  } finally {
    for (const close of watchersClosers) close();
    redis.disconnect();
    await servers.stop();
    await redisServer.close();
  }
}
