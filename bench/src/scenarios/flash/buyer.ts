/**
 * One flash-sale buyer, as a careful client behaves: join the waiting room, poll `queue.status` at a pace set by the
 * estimate's range (often when the turn may be close, rarely when far back), and once ACTIVE read the seat map, hold 1–4 free seats, and pay. On
 * SEAT_UNAVAILABLE it picks other seats from the same map, re-reading it after a few misses; if the map shows none
 * free, the buyer leaves. A call refused with OVERLOADED (load shedding, HTTP 503) is sent again after the
 * Retry-After with jitter, as the SDK does; every attempt is recorded. Everything it saw is recorded for the report.
 */
import { randomUUID } from 'node:crypto';
import { decodeAvailability, isSeatAvailable, type SeatAvailability } from '@tix/sdk';
import type { Buyer } from '../../env/seed.js';
import type { CallResult, TrpcTarget } from '../../load/http.js';
import type { Joined, QueueStatus } from '../../load/queue-flow.js';
import { sleep } from '../../load/run.js';

export interface SaleClock {
  /** performance.now() when the sale opened (admission started), or null before. */
  openedAt: number | null;
  /** Set when the bench ends the sale (sold out or time limit): waiting buyers stop. */
  over: boolean;
  /** Resolves when `over` becomes true, so sleeping buyers wake at once. */
  stopped: Promise<void>;
  /** performance.now() when a buyer first found no seat free (the rest may be held, not yet sold). */
  noSeatsAt?: number;
}

/**
 * One estimate as the buyer was shown it. Wall-clock ms (Date.now(): the servers run on this machine, so their
 * clock is this one).
 */
export interface ShownEstimate {
  /** When the answer arrived. */
  at: number;
  /** When the server worked the estimate out (`estimatedAt`): clients count down from it. */
  estimatedAt: number;
  etaSeconds: number;
  position: number;
}

export interface BuyerRecord {
  joinedAt: number;
  /** Date.now() when `queue.join` was sent. */
  joinedWallAt?: number;
  token?: string;
  /** Every WAITING answer with an ETA (the join's and each poll's), in order. */
  shown: ShownEstimate[];
  /** Date.now() at the poll that first saw ACTIVE. */
  admittedWallAt?: number;
  /** performance.now() at the poll that first saw ACTIVE. */
  admittedAt?: number;
  /**
   * The admission as the server recorded it (`queue_turns.admitted_at`, Date.now() ms), filled in after the sale:
   * the honest end of the wait (the poll that saw ACTIVE comes up to half an ETA later).
   */
  admittedServerAt?: number;
  paidAt?: number;
  seats: number;
  /** `dropped`: the waiting room expired the place (not seen for 60 s: polls answered too slowly under load). */
  outcome: 'bought' | 'sold-out' | 'gave-up' | 'still-waiting' | 'dropped' | 'error';
  errors: string[];
}

/** Receives every call a buyer makes, by procedure, for the per-procedure figures. */
export type CallSink = (procedure: string, r: CallResult) => void;

/** Attempts of one call while it is refused as OVERLOADED. */
const maxAttempts = 6;

function retryAfterSeconds(r: CallResult): number {
  const seconds = Number(r.error?.retryAfterSeconds);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 5) : 1;
}

function pickSeats(free: number[], want: number): number[] {
  // Adjacent seats from a random starting point, as people like to sit together.
  const start = Math.floor(Math.random() * free.length);
  return free.slice(start, start + want).length === want
    ? free.slice(start, start + want)
    : free.slice(0, want);
}

export async function runBuyer(
  target: TrpcTarget,
  buyer: Buyer,
  /** `opensAt`: the sale's opening (Date.now() ms), when a place joined before it is drawn. */
  sale: { concertId: string; performanceId: string; opensAt?: number },
  clock: SaleClock,
  record: CallSink,
): Promise<BuyerRecord> {
  const rec: BuyerRecord = {
    joinedAt: performance.now(),
    joinedWallAt: Date.now(),
    shown: [],
    seats: 0,
    outcome: 'still-waiting',
    errors: [],
  };
  const creds = { session: buyer.session, queue: undefined as string | undefined };
  const call = async <T>(procedure: string, send: () => Promise<CallResult<T>>) => {
    for (let attempt = 1; ; attempt++) {
      const r = await send();
      record(procedure, r);
      if (r.code === 'OVERLOADED' && attempt < maxAttempts && !clock.over) {
        // Retry-After is whole seconds (1 by default): wait about that long, spread so retries do not come back
        // together.
        await sleep(retryAfterSeconds(r) * 1000 * (0.5 + Math.random()));
        continue;
      }
      if (r.code !== 'OK') rec.errors.push(r.code);
      return r;
    }
  };
  const joined = await call('queue.join', () =>
    target.mutate<Joined>('queue.join', { concertId: sale.concertId }, creds),
  );
  if (!joined.data) return { ...rec, outcome: 'error' };
  creds.queue = joined.data.token;
  rec.token = joined.data.token;
  let status: QueueStatus = joined.data as QueueStatus;
  const noteEta = (s: QueueStatus) => {
    if (s.status !== 'WAITING' || typeof s.etaSeconds !== 'number' || s.position === undefined) return;
    const at = Date.now();
    rec.shown.push({
      at,
      estimatedAt: s.estimatedAt ? new Date(s.estimatedAt).getTime() : at,
      etaSeconds: s.etaSeconds,
      position: s.position,
    });
  };
  noteEta(status);
  while (status.status === 'WAITING') {
    if (clock.over) return rec;
    const eta = status.etaSeconds ?? 30;
    // Poll about twice per the soonest the turn may come (the range's low end: far below the ETA while little is
    // known of the room's turns, as at a first sale's opening), at least every 30 s (presence drops the silent
    // after 60 s), at most every 0.5 s. Pacing by the ETA alone let a guess that was too long keep admitted buyers
    // unaware of their turn for up to 30 s, and those late turns then became what the room measured.
    const soonest = Math.min(eta, status.etaLowSeconds ?? eta);
    let pauseMs = Math.min(30, Math.max(0.5, soonest / 2)) * 1000 * (0.8 + Math.random() * 0.4);
    // A place taken before the opening is provisional until the draw: read it again just after the opening (within
    // 1.5 s, spread), as the web client does on its live subscription, which the admission step wakes.
    const untilDraw = (sale.opensAt ?? 0) - Date.now();
    if (untilDraw > 0) pauseMs = Math.min(pauseMs, untilDraw + 200 + Math.random() * 1300);
    await Promise.race([sleep(pauseMs), clock.stopped]);
    if (clock.over) return rec;
    const r = await call('queue.status', () => target.query<QueueStatus>('queue.status', undefined, creds));
    if (!r.data) return { ...rec, outcome: 'error' };
    status = r.data;
    noteEta(status);
  }
  if (status.status !== 'ACTIVE')
    return { ...rec, outcome: status.status === 'EXPIRED' ? 'dropped' : 'error' };
  rec.admittedAt = performance.now();
  rec.admittedWallAt = Date.now();

  const want = 1 + Math.floor(Math.random() * 4);
  for (let reads = 0; reads < 3 && !clock.over; reads++) {
    const map = await call('concert.seats', () =>
      target.query<SeatAvailability>('concert.seats', { performanceId: sale.performanceId }, creds),
    );
    if (!map.data) break;
    const seats = decodeAvailability(map.data);
    let free = Array.from({ length: seats.seatsTotal }, (_, i) => i + 1).filter((n) =>
      isSeatAvailable(seats, n),
    );
    if (free.length === 0) {
      clock.noSeatsAt ??= performance.now();
      await call('queue.leave', () => target.mutate('queue.leave', undefined, creds));
      return { ...rec, outcome: 'sold-out' };
    }
    for (let attempt = 0; attempt < 3 && free.length > 0; attempt++) {
      const seatNos = pickSeats(free, Math.min(want, free.length));
      const hold = await call('reservation.hold', () =>
        target.mutate<{ reservationId: string }>(
          'reservation.hold',
          { performanceId: sale.performanceId, seatNos },
          creds,
        ),
      );
      if (hold.data) {
        // One key for every attempt: a retried payment is the same payment.
        const payment = { reservationId: hold.data.reservationId, idempotencyKey: randomUUID() };
        const pay = await call('payment.pay', () => target.mutate('payment.pay', payment, creds));
        if (pay.code !== 'OK') return { ...rec, outcome: 'error' };
        return { ...rec, outcome: 'bought', paidAt: performance.now(), seats: seatNos.length };
      }
      if (hold.code !== 'SEAT_UNAVAILABLE') return { ...rec, outcome: 'error' };
      free = free.filter((s) => !seatNos.includes(s));
    }
  }
  return { ...rec, outcome: 'gave-up' };
}
