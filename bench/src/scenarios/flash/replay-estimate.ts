/**
 * Replays a flash sale's wait estimates offline, from the room samples the scenario writes with
 * `BENCH_ROOM_SAMPLES=<file>`: for each scored buyer (eta-accuracy.ts: the first estimate for the drawn place,
 * against the admission the server recorded), the product's estimate over the room as sampled at or just before
 * the server worked its estimate out; beside what the servers showed. So a change to the model can be judged on
 * the room of a real run (its turn lengths, its stalls) without a rerun. Also the signed error by time since the
 * opening and by position, which say where a model goes wrong:
 *
 *   cd bench && npx tsx src/scenarios/flash/replay-estimate.ts /tmp/room-samples.json [earlier-sale.json]
 *
 * With a second dump, the model's prior (turn-prior.ts) is that earlier sale's latest ended turns, as the servers
 * would read them from PostgreSQL had it run before on the same database; without, no prior (a fresh database).
 */
import { readFileSync } from 'node:fs';
import { toRoomState, usesPrior, waitEstimator } from '@tix/api';
import type { BuyerRecord, ShownEstimate } from './buyer.js';
import { scoredEstimate, shownSeconds, withinTarget } from './eta-accuracy.js';
import type { RoomSample } from './room-samples.js';

interface Dump {
  settings: { maxActive: number; admitPerSecond: number; activeTtlSeconds: number; saleOpensAt: number };
  samples: RoomSample[];
  records: BuyerRecord[];
  /** The sale's latest ended turns (ms), newest first, as `listRecentTurnLengths` reads them afterwards. */
  endedTurnMs?: number[];
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Dump;
/** An earlier sale's turns as the prior would read them (older dumps: the ring of its last room sample). */
function priorFrom(file: string | undefined): number[] {
  if (!file) return [];
  const earlier = read(file);
  return earlier.endedTurnMs ?? earlier.samples.at(-1)?.reading.recentTurnMs ?? [];
}

interface Scored {
  since: number;
  position: number;
  actual: number;
  replayed: number;
  shown: number;
}

const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const { settings, samples, records } = read(process.argv[2]!);
const prior = priorFrom(process.argv[3]);
const room = { ...settings, paused: false, saleOpensAt: new Date(settings.saleOpensAt) };
const estimators = new Map<number, ReturnType<typeof waitEstimator>>();

/** The replayed model's estimate for `e`, counted down to when the buyer saw it (s). */
function replay(e: ShownEstimate): number | null {
  const i = Math.max(
    0,
    samples.findLastIndex((s) => s.at <= e.estimatedAt),
  );
  const sample = samples[i]!;
  if (!estimators.has(i)) {
    const state = toRoomState(room, sample.reading, usesPrior(sample.reading.recentTurnMs) ? prior : []);
    estimators.set(i, waitEstimator(state, new Date(sample.at), Math.max(1, sample.reading.waiting)));
  }
  const eta = estimators.get(i)!(e.position).etaSeconds;
  return eta === null ? null : shownSeconds({ ...e, estimatedAt: sample.at, etaSeconds: eta });
}

const scored: Scored[] = [];
const every: Scored[] = [];
for (const r of records) {
  if (r.admittedServerAt === undefined) continue;
  const e = scoredEstimate(r, settings.saleOpensAt);
  const replayed = e && replay(e);
  if (e && replayed !== null && replayed !== undefined) {
    scored.push({
      since: (e.at - settings.saleOpensAt) / 1000,
      position: e.position,
      actual: Math.max(0, (r.admittedServerAt - e.at) / 1000),
      replayed,
      shown: shownSeconds(e),
    });
  }
  for (const x of r.shown) {
    if (x.at < settings.saleOpensAt) continue;
    const y = replay(x);
    every.push({
      since: (x.at - settings.saleOpensAt) / 1000,
      position: x.position,
      actual: Math.max(0, (r.admittedServerAt - x.at) / 1000),
      replayed: y ?? Infinity,
      shown: shownSeconds(x),
    });
  }
}

function line(label: string, xs: Scored[]) {
  const hits = (k: 'replayed' | 'shown') => xs.filter((x) => withinTarget(x[k], x.actual)).length;
  const signed = (k: 'replayed' | 'shown') => median(xs.map((x) => x.actual - x[k])).toFixed(1);
  return `| ${label} | ${xs.length} | ${median(xs.map((x) => x.actual)).toFixed(1)} | ${pct(hits('replayed'), xs.length)} | ${signed('replayed')} | ${pct(hits('shown'), xs.length)} | ${signed('shown')} |`;
}

function table(title: string, xs: Scored[]) {
  const abs = xs.map((x) => Math.abs(x.actual - x.replayed)).sort((a, b) => a - b);
  const at = (q: number) => abs[Math.min(abs.length - 1, Math.floor(q * abs.length))]?.toFixed(1);
  console.log(`\n${title}: replayed abs error p50 ${at(0.5)} s, p95 ${at(0.95)} s\n`);
  console.log(
    '| estimates | n | actual wait p50 s | replayed within 25% | signed p50 s | servers within 25% | signed p50 s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  console.log(line('all', xs));
  for (const [lo, hi] of [
    [-Infinity, 2],
    [2, 5],
    [5, 10],
    [10, 20],
    [20, 30],
    [30, Infinity],
  ])
    console.log(
      line(
        `seen ${lo}..${hi} s after the opening`,
        xs.filter((x) => x.since >= lo! && x.since < hi!),
      ),
    );
  for (const [lo, hi] of [
    [1, 100],
    [100, 300],
    [300, 600],
    [600, Infinity],
  ])
    console.log(
      line(
        `position ${lo}..${hi}`,
        xs.filter((x) => x.position >= lo! && x.position < hi!),
      ),
    );
}

console.log(`${samples.length} room samples; prior: ${prior.length ? `${prior.length} turns` : 'none'}`);
table('The first estimate for the drawn place (the headline)', scored);
table('Every estimate shown after the opening', every);
