/** The faults scenario's report: the targets of issue 18 and the two tables, one row per faulted sale. */
import type { ScenarioResult } from '../types.js';
import { percentOf, type FaultFigures } from './figures.js';

export function report(
  title: string,
  rows: FaultFigures[],
  params: Record<string, number>,
  failed: string[],
): ScenarioResult {
  const all500 = rows.reduce((n, r) => n + r.answers['500'], 0);
  const maxMs = Math.max(...rows.map((r) => Math.max(r.maxMs, r.maxInFlightMs)));
  const restarts = rows.filter((r) => r.name.startsWith('Redis restart') || r.name.includes('failover'));
  const keptAll = restarts.every(
    (r) => r.keptPlace === r.waitingAtFault && r.orderPairsKept === r.orderPairs,
  );
  const holdsLost = rows.reduce((n, r) => n + r.holdsLost, 0);
  const resume = Math.max(0, ...rows.map((r) => r.admissionResumeMs ?? 0));
  const recovery = Math.max(0, ...rows.map((r) => r.recoveryMs ?? Infinity));
  const clean = rows.every((r) => r.audit === 'clean');
  return {
    name: 'faults',
    title,
    params,
    measurements: [],
    facts: {
      'faulted sales': rows.length,
      '500 answers in all': all500,
      'worst latency of a call sent during a fault, or in flight when it struck (ms)': maxMs,
      'worst latency of a call sent before any fault struck (ms)': Math.max(
        ...rows.map((r) => r.maxBeforeMs),
      ),
      'audits clean': `${rows.filter((r) => r.audit === 'clean').length} / ${rows.length}`,
    },
    targets: [
      {
        name: 'Redis restart or failover mid-sale: waiting people keep place and order',
        goal: '100%',
        actual: restarts
          .map(
            (r) =>
              `${r.name}: ${percentOf(r.keptPlace, r.waitingAtFault)} / ${percentOf(r.orderPairsKept, r.orderPairs)}`,
          )
          .join('; '),
        met: keptAll,
      },
      { name: 'Holds lost to a lost token', goal: '0', actual: String(holdsLost), met: holdsLost === 0 },
      {
        name: 'Admission resumes after the fault',
        goal: '< 5 s',
        actual: `≤ ${resume} ms`,
        met: resume < 5000,
      },
      { name: '500 answers during any fault', goal: '0', actual: String(all500), met: all500 === 0 },
      {
        name: 'Every call sent during a fault, or in flight when it struck, answered',
        goal: '< 2 s',
        actual: `max ${maxMs} ms`,
        met: maxMs < 2000,
      },
      {
        name: 'Recovery (every server /readyz 200) after the dependency returns',
        goal: '< 5 s',
        actual: Number.isFinite(recovery) ? `≤ ${recovery} ms` : 'not within 30 s',
        met: recovery < 5000,
      },
      {
        name: 'Invariant audit after each fault',
        goal: 'clean',
        actual: clean ? 'clean' : 'NOT clean',
        met: clean,
      },
    ],
    tables: [
      {
        title: 'What clients saw, per fault',
        head: [
          'fault',
          'ok',
          '503',
          '500',
          'timeout',
          'no answer',
          'other (4xx)',
          'max ms during (call)',
          'max ms before / after',
          'paid',
        ],
        rows: rows.map((r) => [
          r.name,
          r.answers.ok,
          r.answers['503'],
          r.answers['500'],
          r.answers.timeout,
          r.answers['no answer'],
          r.otherCodes || '0',
          `${r.maxMs} (${r.maxPath})${r.maxInFlightMs ? `; in flight at the strike ${r.maxInFlightMs} (${r.maxInFlightPath})` : ''}`,
          `${r.maxBeforeMs} / ${r.maxAfterMs}`,
          `${r.paid}/${r.buyers}`,
        ]),
      },
      {
        title: 'Places, holds, recovery and audit, per fault',
        head: [
          'fault',
          'kept place',
          'kept order (pairs)',
          'holds lost',
          'admission resumed',
          'ready again',
          'audit',
        ],
        rows: rows.map((r) => [
          r.name,
          `${percentOf(r.keptPlace, r.waitingAtFault)} of ${r.waitingAtFault}`,
          `${percentOf(r.orderPairsKept, r.orderPairs)} of ${r.orderPairs}`,
          `${r.holdsLost} of ${r.holdsAtFault}`,
          r.admissionResumeMs === null ? 'n/a' : `${r.admissionResumeMs} ms`,
          r.recoveryMs === null ? 'not within 30 s' : `${r.recoveryMs} ms`,
          r.audit,
        ]),
      },
    ],
    notes: [
      ...failed.map((f) => `Not measured: ${f}.`),
      'Buyers retry a 503 or an unanswered call after Retry-After plus jitter, move to the next server when theirs stops answering, and join again at the back when their place is gone.',
      '"Redis restart, no persistence" is FLUSHALL then a restart of the append-only Redis: the memory is gone, as with --save \'\' --appendonly no.',
      'Kept place: a person WAITING when the fault began whose first answer after it was WAITING or ACTIVE (not EXPIRED, not QUEUE_TOKEN_INVALID). Kept order: of the pairs waiting then, those whose order is the same in the first answers after.',
      'Max ms during: the slowest answer to a call sent from the moment the fault struck until it was undone (the target), and of a call already in flight when it struck; before: the slowest of the sale before it (what the loaded machine costs anyway); after: from the end of the fault to the end of the sale.',
      'Admission resumed: from the end of the fault to the first buyer admitted after it. Ready again: until every server answers /readyz 200.',
      'Redis Sentinel failover: on two servers of their own with REDIS_SENTINELS (one sentinel, quorum 1, down-after 1 s), an append-only primary and its replica; SENTINEL FAILOVER once the replica has the writes so far (WAIT), the fault ends when the replica is the primary.',
    ],
  };
}
