/**
 * What one faulted sale comes to, in the terms (issue 18, "Targets"): the answers clients saw by kind and
 * their worst latency, the share of people waiting when the fault began who kept their place and their order, holds
 * lost to a lost token, how soon admission resumed and the servers were ready again, and the invariant audit.
 */
import type { AuditReport } from '@tix/api/testing';
import type { FaultSale } from './sale.js';

export interface FaultFigures {
  name: string;
  answers: Record<'ok' | '503' | '500' | 'timeout' | 'no answer' | 'other', number>;
  /** The other answers by code (4xx domain codes such as QUEUE_TOKEN_INVALID). */
  otherCodes: string;
  /** The slowest answer to a call sent while the fault lasted (from the moment it struck until it was undone). */
  maxMs: number;
  /** The procedure of that answer. */
  maxPath: string;
  /** The slowest answer to a call sent before the fault struck and still unanswered then (0: none in flight). */
  maxInFlightMs: number;
  maxInFlightPath: string;
  /** The slowest answer to a call sent before the fault (the loaded machine's own), and after it was undone. */
  maxBeforeMs: number;
  maxAfterMs: number;
  waitingAtFault: number;
  keptPlace: number;
  orderPairs: number;
  orderPairsKept: number;
  holdsAtFault: number;
  holdsLost: number;
  admissionResumeMs: number | null;
  recoveryMs: number | null;
  paid: number;
  buyers: number;
  /** 'clean', or the broken rules. */
  audit: string;
}

type Snapshot = Map<number, { position: number; hadHold: boolean }>;

/** The people waiting when the fault began, from the back of the line to the front (the census order). */
export function backToFront(at: { waiting: Snapshot }): number[] {
  return [...at.waiting.entries()].sort((a, b) => b[1].position - a[1].position).map(([i]) => i);
}

/** Taken when the fault begins: who waits where, who holds. */
export function snapshot(sale: FaultSale): { waiting: Snapshot; holders: number[] } {
  const waiting: Snapshot = new Map();
  const holders: number[] = [];
  sale.buyers.forEach((b, i) => {
    if (b.reservationId && !b.paid) holders.push(i);
    else if (b.place?.status === 'WAITING' && b.place.position !== null) {
      waiting.set(i, { position: b.place.position, hadHold: false });
    }
  });
  return { waiting, holders };
}

export function figures(
  name: string,
  sale: FaultSale,
  at: { waiting: Snapshot; holders: number[] },
  census: Map<number, number | 'lost'>,
  recoveryMs: number | null,
  audit: AuditReport,
  clean: AuditReport,
): FaultFigures {
  const answers = { ok: 0, '503': 0, '500': 0, timeout: 0, 'no answer': 0, other: 0 };
  const other = new Map<string, number>();
  for (const a of sale.answers) {
    if (a.kind in answers) answers[a.kind as keyof typeof answers] += 1;
    else {
      answers.other += 1;
      other.set(a.code, (other.get(a.code) ?? 0) + 1);
    }
  }
  const kept = [...at.waiting.keys()].filter((i) => {
    const b = sale.buyers[i]!;
    return b.rejoined === 0 && b.after !== 'lost' && census.get(i) !== 'lost';
  });
  // Order: the census after the fault (read back to front) against the places before it.
  const entries = [...at.waiting.entries()];
  let pairs = 0;
  let pairsKept = 0;
  for (const [i, before] of entries) {
    for (const [j, beforeJ] of entries) {
      if (before.position >= beforeJ.position) continue;
      pairs += 1;
      const [ri, rj] = [census.get(i), census.get(j)];
      if (typeof ri === 'number' && typeof rj === 'number' && ri <= rj) pairsKept += 1;
      // A buyer already paid and gone by the census kept the place (paid buyers are not asked again).
      else if (sale.buyers[i]!.paid && rj !== 'lost') pairsKept += 1;
    }
  }
  const restoredAt = sale.restoredAt ?? 0;
  const faultAt = sale.faultAt ?? 0;
  const slowestOf = (list: typeof sale.answers) =>
    list.reduce<(typeof sale.answers)[number] | null>(
      (worst, a) => (!worst || a.ms > worst.ms ? a : worst),
      null,
    );
  const slowest = slowestOf(sale.answers.filter((a) => a.at >= faultAt && a.at <= restoredAt));
  const inFlight = slowestOf(sale.answers.filter((a) => a.at < faultAt && a.at + a.ms >= faultAt));
  const admittedAfter = sale.buyers
    .map((b) => b.admittedAt)
    .filter((t): t is number => t !== null && t > restoredAt);
  const stillWaitingAtRestore = sale.buyers.some((b) => b.admittedAt === null || b.admittedAt > restoredAt);
  const failedAudit = Object.entries(audit).filter(
    ([k, v]) => JSON.stringify(v) !== JSON.stringify(clean[k as keyof AuditReport]),
  );
  return {
    name,
    answers,
    otherCodes: [...other].map(([code, n]) => `${code} ×${n}`).join(', '),
    maxMs: slowest?.ms ?? 0,
    maxPath: slowest?.path ?? '',
    maxInFlightMs: inFlight?.ms ?? 0,
    maxInFlightPath: inFlight?.path ?? '',
    maxBeforeMs: slowestOf(sale.answers.filter((a) => a.at < faultAt))?.ms ?? 0,
    maxAfterMs: slowestOf(sale.answers.filter((a) => a.at > restoredAt))?.ms ?? 0,
    waitingAtFault: at.waiting.size,
    keptPlace: kept.length,
    orderPairs: pairs,
    orderPairsKept: pairsKept,
    holdsAtFault: at.holders.length,
    holdsLost: at.holders.filter((i) => !sale.buyers[i]!.paid || sale.buyers[i]!.holdRefusedForToken).length,
    admissionResumeMs:
      stillWaitingAtRestore && admittedAfter.length ? Math.min(...admittedAfter) - restoredAt : null,
    recoveryMs,
    paid: sale.paidCount,
    buyers: sale.buyers.length,
    audit:
      failedAudit.length === 0
        ? 'clean'
        : failedAudit.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('; '),
  };
}

export const percentOf = (part: number, whole: number) =>
  whole === 0 ? 'n/a' : `${Math.round((100 * part) / whole)}%`;
