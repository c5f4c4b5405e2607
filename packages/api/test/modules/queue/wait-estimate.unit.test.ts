/**
 * The wait estimate (docs/domain.md, "Waiting room: the estimate") against a simulated room: for everyone waiting
 * at one moment, the estimate then against the wait each of them actually had.
 */
import { describe, expect, it } from 'vitest';
import { estimateWait, waitEstimator } from '../../../src/modules/queue/wait-estimate.js';
import { RoomSimulator, seeded } from './room-simulator.js';
import { simulateSale } from './sale-simulation.js';

const MIN = 60_000;
/** Whole simulated sales are pure but take seconds on a loaded machine. */
const SALE = { timeout: 180_000 };

/** Share of people whose estimate was within 25% of their actual wait (waits under 5 s count within 2 s). */
function withinQuarter(sim: RoomSimulator, ids: number[], eta: (id: number, place: number) => number | null) {
  const t0 = sim.now;
  const predicted = ids.map((id, i) => eta(id, i + 1));
  sim.runUntilAdmitted(ids, 60 * MIN);
  let good = 0;
  ids.forEach((id, i) => {
    const actual = (sim.admittedAt.get(id)! - t0) / 1000;
    const error = Math.abs(predicted[i]! - actual);
    if (error <= Math.max(2, actual * 0.25)) good += 1;
  });
  return good / ids.length;
}

describe('wait estimate', () => {
  it('is the position over the rate when the rate is the limit', () => {
    const random = seeded(1);
    const sim = new RoomSimulator(
      { capacity: 1000, admitPerSecond: 10, ttlMs: 10 * MIN },
      () => 20_000 + random() * 20_000,
    );
    sim.join(3000);
    sim.runUntil(60_000);
    const ids = [...sim.waiting];
    const estimate = waitEstimator(sim.state(), new Date(sim.now));
    expect(estimate(100).etaSeconds).toBe(10);
    expect(withinQuarter(sim, ids, (_, p) => estimate(p).etaSeconds)).toBeGreaterThanOrEqual(0.9);
  });

  it('follows the turnover when every slot is taken and shoppers take their time', () => {
    const random = seeded(2);
    // 20 slots, turns of 1-3 minutes, a tenth of shoppers silent (they time out after 5 minutes).
    const sim = new RoomSimulator({ capacity: 20, admitPerSecond: 10, ttlMs: 5 * MIN }, () =>
      random() < 0.1 ? Infinity : MIN + random() * 2 * MIN,
    );
    sim.join(400);
    sim.runUntil(15 * MIN); // long enough for a history of ended turns
    const ids = [...sim.waiting];
    expect(ids.length).toBeGreaterThan(100);
    const estimate = waitEstimator(sim.state(), new Date(sim.now));
    // The old estimate (position / configured rate) said 1 s for the 10th person; the room says minutes.
    expect(estimate(10).etaSeconds).toBeGreaterThan(30);
    const e = estimate(50);
    expect(e.etaLowSeconds!).toBeLessThan(e.etaSeconds!);
    expect(e.etaHighSeconds!).toBeGreaterThan(e.etaSeconds!);
    expect(withinQuarter(sim, ids, (_, p) => estimate(p).etaSeconds)).toBeGreaterThanOrEqual(0.9);
  });

  it('waits for the silent shopper rather than saying "any moment" when the room is full', () => {
    const now = 10 * MIN;
    const state = {
      capacity: 1,
      admitPerSecond: 50,
      ttlMs: 10 * MIN,
      paused: false,
      saleOpensAt: 0,
      // Admitted 6 minutes ago; every ended turn lasted about a minute, so this one is silent.
      turns: [{ admittedAt: now - 6 * MIN, endsBy: now + 4 * MIN }],
      recentTurnMs: [50_000, 55_000, 60_000, 65_000, 70_000],
    };
    expect(estimateWait(state, 1, new Date(now)).etaSeconds).toBe(240);
  });

  it('knows turns are long half a minute into a capacity-bound opening, before any has ended', () => {
    const random = seeded(3);
    const sim = new RoomSimulator({ capacity: 40, admitPerSecond: 20, ttlMs: 4 * MIN }, () =>
      random() < 0.1 ? Infinity : MIN + random() * 2 * MIN,
    );
    sim.join(200);
    sim.runUntil(30_000);
    expect(sim.state().recentTurnMs).toHaveLength(0);
    const ids = [...sim.waiting];
    const estimate = waitEstimator(sim.state(), new Date(sim.now));
    expect(withinQuarter(sim, ids, (_, p) => estimate(p).etaSeconds)).toBeGreaterThanOrEqual(0.9);
  });

  it('takes the turns of earlier sales at the opening, and keeps the range wide: nothing of this room is known', () => {
    // A flash sale's draw: 100 free slots, 60 a second, nothing has shopped yet; earlier sales' turns took 6–10 s.
    const prior = Array.from({ length: 200 }, (_, i) => 6_000 + (i % 41) * 100);
    const base = {
      capacity: 100,
      admitPerSecond: 60,
      ttlMs: 10 * MIN,
      paused: false,
      saleOpensAt: 0,
      turns: [],
      recentTurnMs: [],
    };
    const seeded = estimateWait({ ...base, priorTurnMs: prior }, 400, new Date(0));
    // 100 at once, then three rounds of about 8 s.
    expect(seeded.etaSeconds).toBeGreaterThanOrEqual(20);
    expect(seeded.etaSeconds).toBeLessThanOrEqual(32);
    expect(seeded.etaLowSeconds).toBeLessThanOrEqual(7); // the rate alone
    expect(seeded.etaHighSeconds).toBeGreaterThanOrEqual(3 * 600); // every turn the whole TTL
    // Without a prior, the fixed guess of 30 s a turn.
    expect(estimateWait(base, 400, new Date(0)).etaSeconds).toBeGreaterThanOrEqual(90);
  });

  it('gives the whole range it cannot rule out at the very opening: from the rate alone to full turns', () => {
    const state = {
      capacity: 40,
      admitPerSecond: 20,
      ttlMs: 4 * MIN,
      paused: false,
      saleOpensAt: 0,
      turns: [],
      recentTurnMs: [],
    };
    const e = estimateWait(state, 160, new Date(0));
    expect(e.etaLowSeconds).toBeLessThanOrEqual(8); // 160 at 20 a second
    // The first 40 take the free slots; the other 120 follow in three rounds of 40 turns as long as the TTL.
    expect(e.etaHighSeconds).toBeGreaterThanOrEqual(3 * 240);
  });

  it(
    'is within 25% at 90% of the polls of a capacity-bound sale with silent shoppers, and of a rate-bound one',
    SALE,
    () => {
      const capacityBound = simulateSale({
        capacity: 40,
        admitPerSecond: 20,
        ttlMs: 4 * MIN,
        burst: 200,
        trickleEveryS: 5,
        trickleS: 600,
        turn: (r) => (r() < 0.1 ? Infinity : MIN + r() * 2 * MIN),
      });
      expect(capacityBound.whileWaiting).toBeGreaterThanOrEqual(0.9);
      const rateBound = simulateSale({
        capacity: 200,
        admitPerSecond: 5,
        ttlMs: 10 * MIN,
        burst: 1000,
        trickleEveryS: 1,
        trickleS: 120,
        turn: (r) => 20_000 + r() * 20_000,
      });
      expect(rateBound.whileWaiting).toBeGreaterThanOrEqual(0.9);
      expect(rateBound.onJoining).toBeGreaterThanOrEqual(0.9);
    },
  );

  it(
    'keeps to 25% when turns are quick and some shoppers go silent, even as the room stalls on them',
    SALE,
    () => {
      // 100 slots, quick turns, 5% silent for 10 minutes: the silent pile up and slow the room down.
      const fastWithSilent = simulateSale({
        capacity: 100,
        admitPerSecond: 50,
        ttlMs: 10 * MIN,
        burst: 2000,
        trickleEveryS: 1,
        trickleS: 300,
        turn: (r) => (r() < 0.05 ? Infinity : 20_000 + r() * 60_000),
      });
      expect(fastWithSilent.whileWaiting).toBeGreaterThanOrEqual(0.9);
      // Bot-quick turns (1-7 s), 8% silent: every slot ends up held by a silent shopper until the TTL frees them.
      const stalling = simulateSale({
        capacity: 100,
        admitPerSecond: 60,
        ttlMs: 10 * MIN,
        burst: 2000,
        trickleEveryS: 1,
        trickleS: 0,
        turn: (r) => (r() < 0.08 ? Infinity : 1_000 + r() * 6_000),
      });
      expect(stalling.whileWaiting).toBeGreaterThanOrEqual(0.85);
    },
  );

  it('says nothing while paused, and counts from the opening before the sale', () => {
    const base = { capacity: 100, admitPerSecond: 10, ttlMs: 10 * MIN, turns: [], recentTurnMs: [] };
    const paused = estimateWait({ ...base, paused: true, saleOpensAt: 0 }, 5, new Date(MIN));
    expect(paused).toMatchObject({ etaSeconds: null, etaLowSeconds: null, etaHighSeconds: null });
    const early = estimateWait({ ...base, paused: false, saleOpensAt: 11 * MIN }, 50, new Date(MIN));
    expect(early.etaSeconds).toBe(600 + 5); // 10 a second from the opening
    expect(early.estimatedAt).toEqual(new Date(MIN));
  });

  it('reads a place a million deep in constant time from the concert-wide curve', () => {
    const estimate = waitEstimator(
      {
        capacity: 500,
        admitPerSecond: 50,
        ttlMs: 10 * MIN,
        paused: false,
        saleOpensAt: 0,
        turns: [],
        recentTurnMs: [],
      },
      new Date(0),
    );
    // Rate-bound with 500 slots and 5-minute typical turns: 500 / 300 s is below 50/s, so turnover sets the pace.
    const far = estimate(1_000_000).etaSeconds!;
    expect(far).toBeGreaterThan(estimate(100_000).etaSeconds!);
    expect(Number.isFinite(far)).toBe(true);
  });

  it('never admits anyone when there are no slots', () => {
    const state = {
      capacity: 0,
      admitPerSecond: 10,
      ttlMs: MIN,
      paused: false,
      saleOpensAt: 0,
      turns: [],
      recentTurnMs: [],
    };
    expect(estimateWait(state, 1, new Date(0)).etaSeconds).toBeNull();
  });
});
