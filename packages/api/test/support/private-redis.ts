/**
 * A Redis server of the test's own (never the shared one), so a test can stop, wipe and restart it: on a free port,
 * in a temporary directory, with or without append-only persistence.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { waitUntil } from './time-budget.js';

export interface PrivateRedis {
  url: string;
  /** A client that fails at once while the server is down (no offline queue), and reconnects by itself. */
  client: Redis;
  /** Stops the server: SIGKILL without persistence (memory gone), SIGTERM with it (the AOF is flushed). */
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startPrivateRedis(options: { persistent: boolean }): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'tix-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push(
    ...(options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no']),
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
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(options.persistent ? 'SIGTERM' : 'SIGKILL');
    await exited;
    child = null;
  };
  await start();
  return {
    url,
    client,
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async close() {
      client.disconnect();
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
