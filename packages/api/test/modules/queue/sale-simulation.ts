/**
 * A whole sale on the simulated room, as the bench's waiting-room scenario runs it on the real engine: a crowd at
 * the opening, then one person every few seconds; everyone waiting polls every 30 s. It returns how often the
 * estimate was within 25% of the actual wait (waits under 8 s: within 2 s), on joining and at every poll.
 */
import { waitEstimator } from '../../../src/modules/queue/wait-estimate.js';
import { RoomSimulator, seeded, type SimSettings } from './room-simulator.js';

export interface Sale extends SimSettings {
  burst: number;
  trickleEveryS: number;
  trickleS: number;
  /** A turn's length (ms); Infinity for a silent shopper. Drawn in the order people are let in. */
  turn: (random: () => number) => number;
}

const within = (eta: number, actual: number) => Math.abs(eta - actual) <= Math.max(2, 0.25 * actual);

export function simulateSale(sale: Sale, seed = 14) {
  const random = seeded(seed);
  const turns = new Map<number, number>();
  const sim = new RoomSimulator(sale, (id) => {
    if (!turns.has(id)) turns.set(id, sale.turn(random));
    return turns.get(id)!;
  });
  const shown: Array<{ id: number; at: number; eta: number; onJoining: boolean }> = [];
  const poll = (ids: number[], onJoining: boolean) => {
    const estimate = waitEstimator(sim.state(), new Date(sim.now), Math.max(1, sim.waiting.length));
    const place = new Map(sim.waiting.map((id, i) => [id, i + 1]));
    for (const id of ids) {
      const eta = estimate(place.get(id)!).etaSeconds;
      if (eta !== null) shown.push({ id, at: sim.now, eta, onJoining });
    }
  };
  poll(sim.join(sale.burst), true);
  let next = sale.trickleEveryS * 1000;
  const end = 3 * 3600_000;
  while ((sim.waiting.length > 0 || sim.now < sale.trickleS * 1000) && sim.now < end) {
    sim.runUntil(sim.now + 1000);
    if (sim.now < sale.trickleS * 1000 && sim.now >= next) {
      poll(sim.join(1), true);
      next += sale.trickleEveryS * 1000;
    }
    if (sim.now % 30_000 === 0) poll([...sim.waiting], false);
  }
  const share = (onJoining: boolean) => {
    const set = shown.filter((s) => s.onJoining === onJoining && sim.admittedAt.has(s.id));
    return set.filter((s) => within(s.eta, (sim.admittedAt.get(s.id)! - s.at) / 1000)).length / set.length;
  };
  return { onJoining: share(true), whileWaiting: share(false) };
}
