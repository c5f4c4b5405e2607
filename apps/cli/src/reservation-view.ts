/** How a reservation reads in the terminal. */
import type { Payment, Reservation } from './api.js';
import { clock, seatWords, shortId, when, won, type Style } from './output.js';

export function seatsText(r: Pick<Reservation, 'seats' | 'standing'>): string {
  const nos = r.seats.map((s) => s.seatNo).sort((a, b) => a - b);
  const standing = r.standing.map((s) => `${s.count} standing in ${s.name}`);
  const seats = nos.length > 0 ? [seatWords(nos).toLowerCase()] : [];
  return [...seats, ...standing].join(' + ');
}

export function statusText(r: Reservation, style: Style): string {
  switch (r.status) {
    case 'HELD': {
      const left = r.expiresAt ? (r.expiresAt.getTime() - Date.now()) / 1000 : null;
      if (left !== null && left <= 0) return style.dim('hold ran out');
      return style.yellow(left === null ? 'held' : `held, ${clock(left)} left`);
    }
    case 'PAID':
      return style.green('paid');
    case 'REFUNDED':
      return style.cyan('refunded');
    // An expired reservation is a hold that ran out: the same words as a HELD row past its time.
    case 'EXPIRED':
      return style.dim('hold ran out');
    case 'CANCELLED':
      return style.dim('cancelled');
  }
}

/**
 * "Aurora Live in Seoul · Sat 24 Dec 2026, 19:00 · Olympic Hall · seats 12, 13 · 220,000 won", parts omitted when
 * unknown.
 */
export function reservationLine(r: Reservation, style: Style): string {
  return [
    r.concertTitle ? style.bold(r.concertTitle) : null,
    r.startsAt ? when(r.startsAt) : null,
    r.venue || null,
    seatsText(r),
    won(r.totalPrice),
  ]
    .filter(Boolean)
    .join(' · ');
}

export function holdSummary(r: Reservation, style: Style): string {
  const until = r.expiresAt
    ? ` until ${r.expiresAt.toLocaleTimeString('en-GB')} (${clock((r.expiresAt.getTime() - Date.now()) / 1000)} left)`
    : '';
  return `${style.green('✔')} Held ${reservationLine(r, style)}${until}. Reservation ${style.bold(shortId(r.reservationId))}.`;
}

export function paidSummary(r: Reservation, payment: Payment, style: Style): string {
  return [
    `${style.green('✔')} Paid ${won(payment.amount)} for ${reservationLine(r, style)}.`,
    `  Reservation ${style.bold(shortId(r.reservationId))} · payment ${shortId(payment.paymentId)} · wallet balance ${won(payment.balance)}`,
    '  Enjoy the show!',
  ].join('\n');
}
