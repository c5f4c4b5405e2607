/**
 * A Redis server of a scenario's own (the test helpers' private Redis: a free port, a temp folder, nothing saved,
 * started only once it answers), for figures that must count only what the scenario's servers send
 * (`INFO commandstats`), whatever else runs on the shared Redis.
 */
import { startPrivateRedis as startRedis } from '@tix/api/testing';

export interface PrivateRedis {
  url: string;
  /** Calls per command since the server started (`INFO commandstats`). */
  commandCalls(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const redis = await startRedis();
  return {
    url: redis.url,
    async commandCalls() {
      const calls = new Map<string, number>();
      const info = await redis.client.info('commandstats');
      for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
        calls.set(match[1]!, Number(match[2]));
      return calls;
    },
    close: () => redis.close(),
  };
}
