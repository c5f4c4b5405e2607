/**
 * How long turns last, from the ended and the running ones (docs/domain.md, "Waiting room: the estimate").
 */
import { describe, expect, it } from 'vitest';
import { TURN_LOG } from '../../../src/modules/queue/queue.engine.js';
import { COLD_TURN_MS, turnLengths } from '../../../src/modules/queue/turn-lengths.js';

const S = 1000;
const MIN = 60 * S;
/** A room of 100 slots letting in up to 10 a second. */
const room = { capacity: 100, admitPerSecond: 10 };

describe('turn lengths', () => {
  it('guesses a short turn while nothing has ended and nobody has shopped 15 s', () => {
    const lengths = turnLengths([], [5 * S, 10 * S], 10 * MIN, room);
    expect(lengths.cold).toBe(true);
    expect(lengths.quantile(0.5)).toBe(COLD_TURN_MS);
  });

  it('takes the turns of earlier sales while none of this room has ended, within twice their median', () => {
    const prior = Array.from({ length: 100 }, (_, i) => (5 + i / 10) * S); // 5–15 s, median 10 s
    const fresh = turnLengths([], [1 * S, 2 * S], 10 * MIN, room, prior);
    expect(fresh.cold).toBe(true);
    expect(Math.abs(fresh.quantile(0.5) - 10 * S)).toBeLessThanOrEqual(0.1 * S);
    // A shopper 12 s in takes a turn of those that lasted 12 s at least.
    expect(Math.abs(fresh.quantile(0.5, 12 * S) - 13.5 * S)).toBeLessThanOrEqual(0.1 * S);
    // Nobody done after 25 s (past twice the median): the prior no longer stands, turns are long.
    const patient = turnLengths([], Array<number>(40).fill(25 * S), 10 * MIN, room, prior);
    expect(patient.cold).toBe(false);
    expect(patient.quantile(0.5)).toBeGreaterThan(MIN);
  });

  it("lets the room's own ended turns take the log's places from the earlier sales' one by one", () => {
    const prior = Array.from({ length: 100 }, (_, i) => (5 + i / 10) * S); // 5–15 s, median 10 s
    const own = (n: number) => Array<number>(n).fill(3 * S);
    // One quick end at a sale's opening weighs one place in a hundred: the earlier sales still say most.
    const first = turnLengths(own(1), [4 * S], 10 * MIN, room, prior);
    expect(first.cold).toBe(false);
    expect(first.quantile(0.1)).toBeGreaterThan(5 * S);
    // Half the log this room's: half the turns are its 3 s ones, the rest the earlier sales'.
    const half = turnLengths(own(50), [], 10 * MIN, room, prior);
    expect(half.quantile(0.4)).toBe(3 * S);
    expect(half.quantile(0.75)).toBeGreaterThan(5 * S);
    // A full log: the room's own turns decide.
    expect(turnLengths(own(100), [], 10 * MIN, room, prior).quantile(0.9)).toBe(3 * S);
  });

  it("takes the earlier sales' typical turns only: their turns past twice the median do not hold slots at the draw", () => {
    // An earlier sale: most turns 0.5–1.5 s, a fifth 20–40 s (buyers who found out late, or went silent).
    const prior = Array.from({ length: 200 }, (_, i) =>
      i % 5 === 0 ? (20 + (i % 21)) * S : 500 + (i % 11) * 100,
    );
    const fresh = turnLengths([], [], 10 * MIN, room, prior);
    expect(fresh.cold).toBe(true);
    expect(fresh.quantile(0.99)).toBeLessThanOrEqual(2 * S);
    expect(fresh.quantile(0.5, 1.8 * S)).toBeLessThanOrEqual(2 * S);
    // Nobody done past the patience (twice the median, at least 15 s): turns are long after all.
    expect(turnLengths([], Array<number>(40).fill(16 * S), 10 * MIN, room, prior).cold).toBe(false);
  });

  it('takes turns as long once shoppers have shopped a while and none has finished', () => {
    // 40 shoppers 30 s in, none done: a turn ends evenly anywhere from now to the TTL.
    const lengths = turnLengths([], Array<number>(40).fill(30 * S), 4 * MIN, room);
    expect(lengths.cold).toBe(false);
    expect(lengths.quantile(0.5)).toBe(135 * S);
    expect(lengths.quantile(0.5, 30 * S)).toBe(135 * S);
  });

  it('counts the running turns, not only the short ones that have already ended', () => {
    // Five quick turns ended; 35 shoppers have been in for 100 s: most turns are long, not a minute.
    const ended = [50, 55, 60, 65, 70].map((x) => x * S);
    const lengths = turnLengths(ended, Array<number>(35).fill(100 * S), 10 * MIN, room);
    expect(lengths.quantile(0.1)).toBeLessThanOrEqual(70 * S);
    expect(lengths.quantile(0.5)).toBeGreaterThan(100 * S);
  });

  it('expects a shopper who has outlasted every ended turn by far to use the whole TTL (silent)', () => {
    const ended = [50, 55, 60, 65, 70].map((x) => x * S);
    const lengths = turnLengths(ended, [6 * MIN], 10 * MIN, room);
    expect(lengths.quantile(0.5, 6 * MIN)).toBe(10 * MIN);
  });

  it('follows the pace of the first ends while they are still coming', () => {
    // Rate-bound opening: turns began ending at 20 s, shoppers are at most 24 s in.
    const ended = [20, 21, 21, 22, 23, 24].map((x) => x * S);
    const running = Array.from({ length: 100 }, (_, i) => (i % 25) * S);
    const lengths = turnLengths(ended, running, 10 * MIN, room);
    expect(lengths.quantile(0.5)).toBeLessThan(60 * S);
  });

  it('once the log is full, reads the ended turns as a flow and the outlasting shoppers as silent', () => {
    const ended = Array.from({ length: TURN_LOG }, (_, i) => (20 + (i % 60)) * S);
    // 10 shoppers let in 3-5 min ago are still in, past twice the longest logged turn (79 s); the logged turns last
    // 50 s on average, so meanwhile the other 90 or so slots turned over once per 50 s: a few hundred others came in.
    const running = [
      ...Array.from({ length: 70 }, (_, i) => i * S),
      ...Array.from({ length: 10 }, (_, i) => (170 + 12 * i) * S),
    ];
    const lengths = turnLengths(ended, running, 10 * MIN, room);
    expect(lengths.quantile(0.5)).toBeLessThan(80 * S);
    expect(lengths.quantile(0.99)).toBe(10 * MIN);
    expect(lengths.quantile(0.5, 3 * MIN)).toBe(10 * MIN);
    // Past the longest logged turn but not twice it: slow, not silent.
    expect(
      turnLengths(ended, [...running.slice(0, 70), 100 * S], 10 * MIN, room).quantile(0.99),
    ).toBeLessThan(2 * MIN);
    // 10 silent of a few hundred: a share between 1% and 3%.
    expect(lengths.quantile(0.97)).toBeLessThan(80 * S);
    expect(lengths.quantile(0.99)).toBe(10 * MIN);
  });
});
