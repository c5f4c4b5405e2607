/** Position reads (the status read script) with a large crowd waiting, seeded straight into Redis. */
import { randomUUID } from 'node:crypto';
import { PRESENCE_TIMEOUT_MS, queueKeys, readScript } from '@tix/api';
import { mapLimit } from '../../load/run.js';
import { percentile } from '../../load/stats.js';
import type { BenchContext } from '../types.js';
import { seeded } from './sale.js';

/** 1,000,000 waiting seeded server-side in slices, then the status read script's latency at the middle and back. */
export async function positionReads(ctx: BenchContext, crowd: number, reads: number) {
  const redis = ctx.backends.redis;
  const concertId = randomUUID();
  const keys = queueKeys(concertId);
  const [waitingKey, , seenKey, , tokensKey] = keys;
  const now = Date.now();
  const seed = `
for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do
  local token = ARGV[3] .. '.' .. string.format('%043d', i)
  redis.call('ZADD', KEYS[1], 1 + i, token)
  redis.call('ZADD', KEYS[2], tonumber(ARGV[4]), token)
  redis.call('HSET', KEYS[3], token, 'u' .. i)
end
return 1`;
  const slice = 50_000;
  const seededAt = performance.now();
  for (let from = 0; from < crowd; from += slice) {
    await redis.eval(
      seed,
      3,
      waitingKey!,
      seenKey!,
      tokensKey!,
      from,
      Math.min(crowd, from + slice) - 1,
      concertId,
      now,
    );
  }
  const seedSeconds = (performance.now() - seededAt) / 1000;
  const tokenAt = (i: number) => `${concertId}.${String(i).padStart(43, '0')}`;
  const random = seeded(7);
  const samples: number[] = [];
  await mapLimit(Array.from({ length: reads }), 16, async () => {
    const i = Math.floor(random() * crowd);
    const began = performance.now();
    await redis.eval(readScript, keys.length, ...keys, tokenAt(i), Date.now(), PRESENCE_TIMEOUT_MS, 0);
    samples.push(performance.now() - began);
  });
  await redis.del(...keys);
  samples.sort((a, b) => a - b);
  return { seedSeconds, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}
