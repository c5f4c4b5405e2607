/**
 * The flash sale's response bytes per purchase against the sale before venues (issue 13's target: at least 20×
 * fewer). The "before" figures are the issue's run, bench/results/2026-11-30T16-27-29Z.md: 20,000 users for 5,000
 * seats, seat maps 706 MB = 98 % of all response bytes, 2,030 purchases.
 */
import type { Recorder } from '../../load/stats.js';
import { round } from '../../load/stats.js';
import type { Target } from '../types.js';

const SEAT_MAP_BYTES_BEFORE = 706e6;
const SEAT_MAP_SHARE_BEFORE = 0.98;
const PURCHASES_BEFORE = 2_030;
/** All response bytes of that sale per purchase: 706 MB / 0.98 / 2,030 ≈ 355 KB. */
export const BYTES_PER_PURCHASE_BEFORE = SEAT_MAP_BYTES_BEFORE / SEAT_MAP_SHARE_BEFORE / PURCHASES_BEFORE;
const SEAT_MAP_BYTES_PER_PURCHASE_BEFORE = SEAT_MAP_BYTES_BEFORE / PURCHASES_BEFORE;

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;

/** Facts and the 20× target from the bytes each procedure answered over the sale. */
export function responseBytes(
  bytes: Map<string, number>,
  recorders: Map<string, Recorder>,
  purchases: number,
): { facts: Record<string, string>; target: Target } {
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  const maps = bytes.get('concert.seats') ?? 0;
  const mapReads = Math.max(1, recorders.get('concert.seats')?.count ?? 0);
  const perPurchase = total / Math.max(1, purchases);
  const mapsPerPurchase = maps / Math.max(1, purchases);
  const fewer = (before: number, now: number) => `${round(before / Math.max(1, now), 1)}×`;
  return {
    facts: {
      'response bytes per purchase (all calls / purchases)': `${kb(perPurchase)} (before ${kb(BYTES_PER_PURCHASE_BEFORE)}, ${fewer(BYTES_PER_PURCHASE_BEFORE, perPurchase)} fewer)`,
      'seat-map bytes per purchase': `${kb(mapsPerPurchase)} (before ${kb(SEAT_MAP_BYTES_PER_PURCHASE_BEFORE)}, ${fewer(SEAT_MAP_BYTES_PER_PURCHASE_BEFORE, mapsPerPurchase)} fewer)`,
      'response bytes that were seat maps': `${Math.round((maps / Math.max(1, total)) * 100)}% (${round(maps / 1e6, 1)} MB of ${round(total / 1e6, 1)} MB; ${kb(maps / mapReads)} each)`,
      // What the rest is: with seat maps this small, the waiting room's polls lead, and their count grows with
      // how long the sale lasts (so with the machine's load), not with the seat map.
      'response bytes per purchase, by call': [...bytes]
        .sort((a, b) => b[1] - a[1])
        .map(([name, n]) => {
          const calls = Math.max(1, recorders.get(name)?.count ?? 0);
          return `${name} ${kb(n / Math.max(1, purchases))} (${round(calls / Math.max(1, purchases), 1)} calls of ${Math.round(n / calls)} B)`;
        })
        .join('; '),
    },
    target: {
      name: 'Flash sale: response bytes per purchase, ≥ 20× fewer',
      goal: `≤ ${kb(BYTES_PER_PURCHASE_BEFORE / 20)}`,
      actual: `${kb(perPurchase)} (${fewer(BYTES_PER_PURCHASE_BEFORE, perPurchase)} fewer than ${kb(BYTES_PER_PURCHASE_BEFORE)})`,
      met: purchases > 0 && perPurchase * 20 <= BYTES_PER_PURCHASE_BEFORE,
      note: 'before: bench/results/2026-11-30T16-27-29Z.md (issue 13), 706 MB of seat maps (98 % of all) over 2,030 purchases',
    },
  };
}
