/**
 * What the wait estimate saw in a flash sale, for replaying it offline: the room (the engine's reading) once a
 * second, and for each buyer the position and time of the first estimate after the opening and the admission.
 * Written only when `BENCH_ROOM_SAMPLES` names a file (the estimate's before/after in bench/results/estimate-*.md).
 */
import { writeFile } from 'node:fs/promises';
import { createRedisQueueEngine, type RoomReading } from '@tix/api';
import type { Redis } from 'ioredis';
import { sleep } from '../../load/run.js';
import type { BuyerRecord, SaleClock } from './buyer.js';

export interface RoomSample {
  at: number;
  reading: RoomReading;
}

/** Samples the room once a second until the sale is over; resolves with the samples. */
export async function sampleRoom(redis: Redis, concertId: string, clock: SaleClock): Promise<RoomSample[]> {
  const samples: RoomSample[] = [];
  if (!process.env.BENCH_ROOM_SAMPLES) return samples;
  const engine = createRedisQueueEngine(redis);
  while (!clock.over) {
    const at = Date.now();
    samples.push({ at, reading: await engine.room(concertId, new Date(at)) });
    await Promise.race([sleep(1000), clock.stopped]);
  }
  return samples;
}

/** The last round to `BENCH_ROOM_SAMPLES`, an earlier one beside it (`…-round1.json`). */
export async function writeRoomSamples(
  round: number,
  rounds: number,
  settings: Record<string, unknown>,
  samples: RoomSample[],
  records: BuyerRecord[],
  endedTurnMs: number[],
): Promise<void> {
  const last = process.env.BENCH_ROOM_SAMPLES;
  if (!last) return;
  const file = round === rounds ? last : last.replace(/(\.json)?$/, `-round${round}.json`);
  await writeFile(file, JSON.stringify({ settings, samples, records, endedTurnMs }));
}
