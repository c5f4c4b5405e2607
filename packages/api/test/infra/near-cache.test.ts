/**
 * The near cache (src/infra/near-cache.ts) as two servers see it: each keeps its own copy in front of one real
 * Redis and one real pub/sub, answers repeats without Redis, and drops its copy when either server invalidates.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache, type Cache } from '../../src/infra/cache.js';
import { createNearCache } from '../../src/infra/near-cache.js';
import { createRedisPubSub, type PubSub } from '../../src/infra/pubsub.js';
import { createTestRedis, type TestRedis } from '../support/index.js';

let redis: TestRedis;
const opened: { connection: Redis; pubsub: PubSub }[] = [];

beforeAll(async () => {
  redis = await createTestRedis();
});
afterAll(async () => {
  for (const { connection, pubsub } of opened) {
    await pubsub.close();
    connection.disconnect();
  }
  await redis?.cleanup();
});

/** One server's near cache: its own Redis connection and subscriber, the test file's key prefix. */
async function server(localMs = 60_000, maxEntries = 100): Promise<{ cache: Cache; commands: () => number }> {
  const connection = new Redis(redis.url, { keyPrefix: redis.prefix });
  let sent = 0;
  const sendCommand = connection.sendCommand.bind(connection);
  connection.sendCommand = (command) => {
    sent += 1;
    return sendCommand(command);
  };
  const pubsub = createRedisPubSub(connection);
  opened.push({ connection, pubsub });
  const cache = createNearCache(createRedisCache(connection), pubsub, { localMs, maxEntries });
  // The subscription is made when the cache is built; wait until Redis has it.
  for (
    let i = 0;
    i < 50 && (await connection.pubsub('NUMSUB', `${redis.prefix}cache:invalidated`))[1] === 0;
    i++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { cache, commands: () => sent };
}

const eventually = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 100; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
};

describe('near cache', () => {
  it('answers a repeat from its own copy, without a Redis command', async () => {
    const a = await server();
    await a.cache.set('catalog', 'list:1', 'first', 30);
    const before = a.commands();
    for (let i = 0; i < 5; i++) expect(await a.cache.get('catalog', 'list:1')).toBe('first');
    expect(a.commands()).toBe(before);
  });

  it("drops every server's copy when one server invalidates", async () => {
    const a = await server();
    const b = await server();
    await a.cache.set('catalog', 'list:2', 'old', 30);
    expect(await b.cache.get('catalog', 'list:2')).toBe('old'); // b now holds a copy
    await a.cache.invalidate('catalog');
    expect(await a.cache.get('catalog', 'list:2')).toBeNull();
    expect(await eventually(async () => (await b.cache.get('catalog', 'list:2')) === null)).toBe(true);
    await a.cache.set('catalog', 'list:2', 'new', 30);
    expect(await b.cache.get('catalog', 'list:2')).toBe('new');
  });

  it('asks Redis again once a copy is older than localMs, and keeps at most maxEntries copies', async () => {
    const a = await server(50, 2);
    await a.cache.set('catalog', 'x', '1', 30);
    await a.cache.set('catalog', 'y', '2', 30);
    await a.cache.set('catalog', 'z', '3', 30); // x's copy goes
    let before = a.commands();
    expect(await a.cache.get('catalog', 'z')).toBe('3');
    expect(a.commands()).toBe(before);
    expect(await a.cache.get('catalog', 'x')).toBe('1');
    expect(a.commands()).toBe(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    before = a.commands();
    expect(await a.cache.get('catalog', 'z')).toBe('3');
    expect(a.commands()).toBe(before + 1);
  });

  it('does not keep a Redis read that was in flight when an invalidation arrived', async () => {
    const a = await server();
    await a.cache.set('catalog', 'slow', 'old', 30);
    const b = await server();
    const reading = b.cache.get('catalog', 'slow'); // sent, not yet answered
    await b.cache.invalidate('catalog');
    expect(await reading).toBe('old'); // Redis answered before the drop reached it
    expect(await b.cache.get('catalog', 'slow')).toBeNull();
  });
});
