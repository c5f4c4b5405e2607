/**
 * How good the waiting room's estimate was in a flash sale: for each admitted buyer, the first ETA shown after the
 * sale opened against the wait from that moment to the poll that first saw ACTIVE. The 25% target is the one of
 * docs/domain.md ("Waiting room: the estimate"); waits under 8 s count within 2 s.
 */
import { round } from '../../load/stats.js';
import type { BuyerRecord } from './buyer.js';

export function etaAccuracy(admitted: BuyerRecord[]) {
  const shown = admitted.filter((x) => x.predictedAt !== undefined && x.admittedAt !== undefined);
  const actual = (x: BuyerRecord) => (x.admittedAt! - x.predictedAt!) / 1000;
  /** Actual wait − ETA (s): positive when it took longer than promised. */
  const etaErrors = shown.map((x) => actual(x) - x.predictedEtaS!);
  const within = shown.filter((x, i) => Math.abs(etaErrors[i]!) <= Math.max(2, 0.25 * actual(x))).length;
  const etaShare = shown.length ? round((100 * within) / shown.length, 1) : null;
  return { etaErrors, etaShare };
}
