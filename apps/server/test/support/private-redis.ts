/**
 * A Redis server of the test's own on a free port, to stall (`DEBUG SLEEP`) or stop without touching the shared
 * one. Started from the `redis-server` on the PATH; `available` says whether there is one.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import { waitUntil } from '@tix/api/testing';

export const redisServerAvailable = spawnSync('redis-server', ['--version']).status === 0;

export interface PrivateRedis {
  port: number;
  url: string;
  /** A plain connection (no prefix, no guard) for the test's own commands. */
  admin: Redis;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    // DEBUG SLEEP needs the debug command, which Redis 7 allows from local connections only when asked.
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--enable-debug-command',
      'local',
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  admin.on('error', () => {}); // Refused until the server listens, and after it stops.
  await waitUntil('the private redis-server answers', async () => {
    try {
      await admin.connect().catch(() => {});
      return (await admin.ping()) === 'PONG';
    } catch {
      return false;
    }
  });
  return {
    port,
    url,
    admin,
    async stop() {
      admin.disconnect();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
