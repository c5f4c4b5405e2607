/**
 * Replays a flash sale's wait estimates offline, from the room samples the scenario writes with
 * `BENCH_ROOM_SAMPLES=<file>`: for each scored buyer, the product's estimate over the room as sampled just before the
 * buyer's first estimate after the opening, against the wait the buyer then had; beside what the servers showed.
 * So a change to the model can be judged on the room of a real run (its turn lengths, its stalls) without a rerun:
 *
 *   cd bench && npx tsx src/scenarios/flash/replay-estimate.ts /tmp/room-samples.json
 */
import { readFileSync } from 'node:fs';
import { toRoomState, waitEstimator } from '@tix/api';
import type { BuyerRecord } from './buyer.js';
import type { RoomSample } from './room-samples.js';

interface Dump {
  settings: { maxActive: number; admitPerSecond: number; activeTtlSeconds: number; saleOpensAt: number };
  samples: RoomSample[];
  records: BuyerRecord[];
}

const within = (eta: number, actual: number) => Math.abs(actual - eta) <= Math.max(2, 0.25 * actual);
const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;

const { settings, samples, records } = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Dump;
const room = { ...settings, paused: false, saleOpensAt: new Date(settings.saleOpensAt) };
const scored = records.filter((r) => r.predictedWallAt && r.admittedWallAt && r.predictedPosition);
const estimators = new Map<number, ReturnType<typeof waitEstimator>>();
let replayed = 0;
let shown = 0;
const errors: number[] = [];
for (const r of scored) {
  // The latest sample at or before the estimate (or the first one).
  const i = Math.max(
    0,
    samples.findLastIndex((s) => s.at <= r.predictedWallAt!),
  );
  const sample = samples[i]!;
  if (!estimators.has(i)) {
    const state = toRoomState(room, sample.reading);
    estimators.set(i, waitEstimator(state, new Date(sample.at), Math.max(1, sample.reading.waiting)));
  }
  const eta = estimators.get(i)!(r.predictedPosition!).etaSeconds;
  const actual = (r.admittedWallAt! - r.predictedWallAt!) / 1000;
  if (eta === null) continue;
  const fromNow = eta - (r.predictedWallAt! - sample.at) / 1000;
  errors.push(actual - fromNow);
  if (within(fromNow, actual)) replayed += 1;
  if (within(r.predictedEtaS!, actual)) shown += 1;
}
const abs = errors.map(Math.abs).sort((a, b) => a - b);
const at = (q: number) => abs[Math.min(abs.length - 1, Math.floor(q * abs.length))]?.toFixed(1);
console.log(`${samples.length} room samples, ${scored.length} buyers scored`);
console.log(
  `replayed (this model): ${pct(replayed, scored.length)} within 25%, abs error p50 ${at(0.5)} s, p95 ${at(0.95)} s`,
);
console.log(`shown by the servers:  ${pct(shown, scored.length)} within 25%`);
