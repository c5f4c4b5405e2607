/**
 * How good the waiting room's estimate was in a flash sale (the 25% target of docs/domain.md, "Waiting room: the
 * estimate"; waits under 8 s count within 2 s). Every admitted buyer who was shown an estimate for the place they
 * ended up with counts:
 *
 * - the estimate scored is the first answer that arrived at or after the opening: for those who join after it, the
 *   one on joining; for those who join before, the first after the draw (before it a place is provisional and moves
 *   as others join; joins after the opening come behind, so the place it shows is the drawn one). It may have been
 *   worked out a moment before the opening (a server's model is up to a second old): it is what the buyer saw;
 * - what the buyer was shown is the ETA counted down from `estimatedAt` to the moment the answer arrived (as the
 *   web client and the CLI count it), not the raw ETA: a join answered 10 s late showed 10 s less;
 * - the actual wait runs from that moment to the admission as the server recorded it (`queue_turns.admitted_at`),
 *   not to the poll that first saw ACTIVE: buyers poll about twice per ETA, so that poll comes up to half an ETA
 *   (plus the poll's own latency) after the admission.
 *
 * The old measure (raw ETA of the first answer after the bench's opening timer, to the poll that saw ACTIVE) is
 * kept beside it, so a report shows how much of a change is the measure and how much the model.
 */
import { round } from '../../load/stats.js';
import type { BuyerRecord, ShownEstimate } from './buyer.js';

export const withinTarget = (shownS: number, actualS: number) =>
  Math.abs(actualS - shownS) <= Math.max(2, 0.25 * actualS);

/** Seconds left on the estimate when the buyer saw it (counted down from `estimatedAt`). */
export const shownSeconds = (e: ShownEstimate) =>
  Math.max(0, (e.estimatedAt + e.etaSeconds * 1000 - e.at) / 1000);

/** The estimate scored for a buyer: the first for the place drawn (arrived at or after the opening). */
export const scoredEstimate = (r: BuyerRecord, saleOpensAt: number) =>
  r.shown.find((e) => e.at >= saleOpensAt);

const share = (hits: number, n: number) => (n ? round((100 * hits) / n, 1) : null);

export function etaAccuracy(records: BuyerRecord[], saleOpensAt: number) {
  const admitted = records.filter((r) => r.admittedServerAt !== undefined);
  const errors: number[] = [];
  let within = 0;
  let unscored = 0;
  for (const r of admitted) {
    const e = scoredEstimate(r, saleOpensAt);
    if (!e) {
      unscored += 1;
      continue;
    }
    const actual = Math.max(0, (r.admittedServerAt! - e.at) / 1000);
    const shown = shownSeconds(e);
    errors.push(actual - shown);
    if (withinTarget(shown, actual)) within += 1;
  }
  // Every estimate shown while waiting after the opening, against the wait then left.
  let every = 0;
  let everyWithin = 0;
  for (const r of admitted) {
    for (const e of r.shown) {
      if (e.at < saleOpensAt) continue;
      every += 1;
      if (withinTarget(shownSeconds(e), Math.max(0, (r.admittedServerAt! - e.at) / 1000))) everyWithin += 1;
    }
  }
  // The old measure, on the same buyers.
  let oldN = 0;
  let oldWithin = 0;
  for (const r of admitted) {
    const e = r.shown.find((x) => x.at >= saleOpensAt);
    if (!e || r.admittedWallAt === undefined) continue;
    oldN += 1;
    if (withinTarget(e.etaSeconds, (r.admittedWallAt - e.at) / 1000)) oldWithin += 1;
  }
  const pollLagS = admitted
    .filter((r) => r.admittedWallAt !== undefined)
    .map((r) => (r.admittedWallAt! - r.admittedServerAt!) / 1000);
  return {
    admitted: admitted.length,
    /** Admitted before any estimate for the drawn place reached them (pre-sale joiners let in at once). */
    unscored,
    etaErrors: errors,
    etaShare: share(within, errors.length),
    every: { n: every, share: share(everyWithin, every) },
    old: { n: oldN, share: share(oldWithin, oldN) },
    pollLagS,
  };
}
