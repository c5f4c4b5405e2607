/**
 * The faults the `faults` scenario makes, one per sale (issue 18, "Tests"): Redis restarted with and without its
 * data, unreachable, black-holed and stalled; PostgreSQL restarted, unreachable and black-holed; a server SIGKILLed and one
 * SIGTERMed; last, on servers of their own that find Redis through a Sentinel, the primary failed over to its
 * replica. Each `make` breaks something and resolves once it is back.
 */
import { waitUntil, type FaultProxy, type PrivateRedis, type PrivateSentinel } from '@tix/api/testing';

export interface FaultWorld {
  redis: PrivateRedis;
  redisProxy: FaultProxy;
  pgProxy: FaultProxy;
  /** The servers buyers may reach, in order (shared with the sale, which moves along it). */
  urls: string[];
  pidOf(url: string): number;
  /** Starts one more server and adds it to `urls`. */
  addServer(): Promise<void>;
  /**
   * Starts an append-only primary, its replica and a Sentinel watching them, and two servers that find Redis through
   * the Sentinel (REDIS_SENTINELS), which then take the place of every server in `urls`.
   */
  useSentinel(): Promise<{ sentinel: PrivateSentinel; primary: PrivateRedis; replica: PrivateRedis }>;
}

export interface FaultCase {
  name: string;
  /** Run before the sale starts (a spare server for the SIGTERM case). */
  prepare?(world: FaultWorld): Promise<void>;
  /**
   * Strike just after a call on one of these paths is sent (once the paid threshold is reached), so that calls are
   * in flight on the dependency when it breaks; otherwise at the threshold.
   */
  strikeOn?: string[];
  make(world: FaultWorld, outageMs: number): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function exitOf(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
}

/** Stops the first server with `signal`; the balancer stops sending to it once it is gone. */
async function stopServer(world: FaultWorld, signal: NodeJS.Signals): Promise<void> {
  const url = world.urls[0]!;
  const pid = world.pidOf(url);
  process.kill(pid, signal);
  await exitOf(pid);
  world.urls.splice(world.urls.indexOf(url), 1);
}

let sentinelSet: Awaited<ReturnType<FaultWorld['useSentinel']>> | null = null;

/** SENTINEL FAILOVER once the Sentinel knows the replica, then until the replica is the primary. */
async function failOver(): Promise<void> {
  const { sentinel, primary, replica } = sentinelSet!;
  // The replica has the joins so far (a failover loses at most what was not yet replicated).
  await primary.client.call('WAIT', '1', '500');
  await waitUntil('the Sentinel fails the primary over', () =>
    sentinel.admin.call('SENTINEL', 'FAILOVER', 'mymaster').then(
      () => true,
      () => false, // NOGOODSLAVE until it has seen the replica in the primary's INFO
    ),
  );
  await waitUntil('the replica is the primary', async () => {
    const role = (await replica.client.call('ROLE').catch(() => [''])) as [string];
    return role[0] === 'master';
  });
}

export const faultCases: FaultCase[] = [
  {
    // As `--save '' --appendonly no` would on a restart: the memory is gone (FLUSHALL, then a restart).
    name: 'Redis restart, no persistence',
    async make({ redis }) {
      await redis.client.flushall();
      await redis.restart();
    },
  },
  {
    name: 'Redis restart, append-only (everysec)',
    make: ({ redis }) => redis.restart(),
  },
  {
    name: 'Redis unreachable (refused)',
    async make({ redisProxy }, outageMs) {
      redisProxy.mode('down');
      await sleep(outageMs);
      redisProxy.mode('pass');
    },
  },
  {
    name: 'Redis black-holed (silent)',
    async make({ redisProxy }, outageMs) {
      redisProxy.mode('blackhole');
      await sleep(outageMs);
      redisProxy.mode('pass');
    },
  },
  {
    name: 'Redis slow (DEBUG SLEEP 3)',
    async make({ redis }) {
      await redis.client.call('DEBUG', 'SLEEP', '3');
    },
  },
  {
    // Every connection cut and refused for a second, as a restart does.
    name: 'PostgreSQL restart',
    async make({ pgProxy }) {
      pgProxy.mode('down');
      await sleep(1000);
      pgProxy.mode('pass');
    },
  },
  {
    name: 'PostgreSQL unreachable',
    async make({ pgProxy }, outageMs) {
      pgProxy.mode('down');
      await sleep(outageMs);
      pgProxy.mode('pass');
    },
  },
  {
    // Every connection kept open but nothing forwarded either way (a partition, a frozen host): only the liveness
    // probe can tell it from a busy database. It strikes with a payment or a hold in flight, the worst moment.
    name: 'PostgreSQL black-holed (silent)',
    strikeOn: ['payment.pay', 'reservation.hold'],
    async make({ pgProxy }, outageMs) {
      pgProxy.mode('blackhole');
      await sleep(outageMs);
      pgProxy.mode('pass');
    },
  },
  {
    name: 'one of two servers SIGKILLed',
    make: (world) => stopServer(world, 'SIGKILL'),
  },
  {
    name: 'one of two servers SIGTERMed',
    prepare: (world) => world.addServer(),
    make: (world) => stopServer(world, 'SIGTERM'),
  },
  {
    name: 'Redis Sentinel failover',
    async prepare(world) {
      sentinelSet = await world.useSentinel();
    },
    make: () => failOver(),
  },
];
