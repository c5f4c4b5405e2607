/** Hold outcomes for /metrics (per server; sum over servers for totals). */
import { Counter } from 'prom-client';
import { registry } from '../../infra/metrics.js';

export const holdsPlaced = new Counter({
  name: 'tix_holds_placed_total',
  help: 'Seat holds placed (one per reservation, whatever its seat count)',
  registers: [registry],
});

export const holdsRefused = new Counter({
  name: 'tix_holds_refused_total',
  help: 'Hold requests refused, by domain code (SEAT_UNAVAILABLE, HOLD_ALREADY_PENDING, ...)',
  labelNames: ['code'] as const,
  registers: [registry],
});

export const holdsExpired = new Counter({
  name: 'tix_holds_expired_total',
  help: 'Holds marked EXPIRED, by who noticed: the sweeper, or the owner holding or cancelling again',
  labelNames: ['by'] as const,
  registers: [registry],
});

export const holdsPaid = new Counter({
  name: 'tix_holds_paid_total',
  help: 'Holds paid for (reservations that became PAID)',
  registers: [registry],
});

export const holdsCancelled = new Counter({
  name: 'tix_holds_cancelled_total',
  help: 'Reservations cancelled by their owner: a HELD one (cancelled) or a PAID one (refunded)',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const holdsRefusedEarly = new Counter({
  name: 'tix_holds_refused_early_total',
  help: 'Hold requests refused SEAT_UNAVAILABLE from the seat snapshot, before any PostgreSQL read or transaction',
  registers: [registry],
});

export const holdTransactions = new Counter({
  name: 'tix_hold_transactions_total',
  help: 'Hold transactions opened (requests that passed every refusal made without a lock)',
  registers: [registry],
});
