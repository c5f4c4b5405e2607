/**
 * A Redis server of the test's own (never the shared one), so a test can stall (`DEBUG SLEEP`), stop, wipe and
 * restart it: on a free port, in a temporary directory of its own (`--dir`: a replica's synced copy or an AOF never
 * lands in the repository), with or without append-only persistence. Started from the `redis-server` on the PATH;
 * `redisServerAvailable` says whether there is one.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { waitUntil } from './time-budget.js';

export const redisServerAvailable = spawnSync('redis-server', ['--version']).status === 0;

export interface PrivateRedisOptions {
  /** Append-only persistence, fsync every second (docker/compose.yaml's set-up); none by default. */
  persistent?: boolean;
  /** More of the command line (`--replicaof host port`, say). */
  args?: string[];
}

export interface PrivateRedis {
  port: number;
  url: string;
  /**
   * A plain connection (no prefix, no guard) for the test's own commands: fails at once while the server is down
   * (no offline queue) and reconnects by itself.
   */
  client: Redis;
  /** Stops the server: SIGKILL without persistence (memory gone), SIGTERM with it (the AOF is flushed). */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Pauses the process (SIGSTOP): connections stay open and nothing answers, as in a silent partition. */
  pause(): void;
  resume(): void;
  /** Stops it for good and removes its directory. */
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'tix-redis-'));
  // DEBUG SLEEP needs the debug command, which Redis 7 allows from local connections only when asked.
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push('--enable-debug-command', 'local');
  args.push(
    ...(options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no']),
    ...(options.args ?? []),
  );
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, {
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => 50,
    lazyConnect: true,
  });
  client.on('error', () => {}); // expected while the server is down

  const ready = async () => {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      return true;
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  };

  const start = async () => {
    const started = spawn('redis-server', args, { stdio: 'ignore' });
    child = started;
    await waitUntil(`private redis on ${port}`, ready, 10_000);
    if (client.status === 'wait') await client.connect();
    await waitUntil('client reconnected', () => client.status === 'ready', 10_000);
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGCONT');
    running.kill(options.persistent ? 'SIGTERM' : 'SIGKILL');
    await exited;
    child = null;
  };
  await start();
  return {
    port,
    url,
    client,
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async close() {
      client.disconnect();
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
