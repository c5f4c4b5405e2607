/**
 * A private Redis Sentinel (`redis-server <conf> --sentinel`, in Debian's redis package) watching a private
 * primary, so a test or the faults bench can fail the primary over (`SENTINEL FAILOVER`) without touching the
 * shared Redis.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './private-redis.js';
import { waitUntil } from './time-budget.js';

export interface PrivateSentinel {
  port: number;
  admin: Redis;
  stop(): Promise<void>;
}

export async function startSentinel(primaryPort: number, name = 'mymaster'): Promise<PrivateSentinel> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'tix-sentinel-'));
  const conf = path.join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 1`,
      `sentinel down-after-milliseconds ${name} 1000`,
      `sentinel failover-timeout ${name} 5000`,
      '',
    ].join('\n'),
  );
  const child = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  const admin = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 100,
  });
  admin.on('error', () => {});
  await waitUntil('the sentinel answers', async () => {
    await admin.connect().catch(() => {});
    return (await admin.ping().catch(() => null)) === 'PONG';
  });
  return {
    port,
    admin,
    async stop() {
      admin.disconnect();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
