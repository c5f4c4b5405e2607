/**
 * Which calls an overloaded server refuses first. Every procedure has a class; a class is shed once the load
 * reaches its share of the limits (`LoadLimits`), so as load grows the server stops answering browsing first and
 * the buyer holding seats last: the person who is about to pay is the one the sale exists for, and refusing them
 * wastes every call they made to get there.
 *
 * | class      | shed at  | procedures                                                                 |
 * |------------|----------|----------------------------------------------------------------------------|
 * | `browse`   | 50 %     | concert.list/search/get/dates, queue.join, auth.signUp: nothing held yet    |
 * | `standard` | 70 %     | every procedure not listed here (sign-in, wallet, admin, queue.leave, …)    |
 * | `poll`     | 85 %     | queue.status, queue.watch, concert.seats, concert.seatEvents: people waiting or choosing |
 * | `hold`     | 93 %     | reservation.hold: a buyer taking seats, who holds none in this order yet    |
 * | `checkout` | 100 %    | reservation.get/cancel, payment.pay/get: a buyer with seats in hand         |
 *
 * Holds go before pays _(chosen: an overload run at twice the sale's capacity, bench/results/overload-2026-12-06.md,
 * refused holds and pays at the same database wait, and 51 buyers holding seats saw every pay refused while new
 * holds kept the pool full)_: a refused hold costs its buyer a retry, a refused pay can cost the seats.
 *
 * A batch takes the class of its call that is shed last, so a pay is never refused for riding with a status poll.
 */
export const shedClasses = ['browse', 'standard', 'poll', 'hold', 'checkout'] as const;
export type ShedClass = (typeof shedClasses)[number];

/** The share of the limits at which a class starts being refused. */
export const shedShare: Record<ShedClass, number> = {
  browse: 0.5,
  standard: 0.7,
  poll: 0.85,
  hold: 0.93,
  checkout: 1,
};

/** Procedures not listed are `standard`. The unit test checks every name here is a procedure of the router. */
export const procedureShedClass: Readonly<Record<string, ShedClass>> = {
  'concert.list': 'browse',
  'concert.search': 'browse',
  'concert.get': 'browse',
  'concert.dates': 'browse',
  'queue.join': 'browse',
  'auth.signUp': 'browse',
  'queue.status': 'poll',
  'queue.watch': 'poll',
  'concert.seats': 'poll',
  'concert.seatEvents': 'poll',
  'reservation.hold': 'hold',
  'reservation.get': 'checkout',
  'reservation.cancel': 'checkout',
  'payment.pay': 'checkout',
  'payment.get': 'checkout',
};

/** The class of a call, or of a batch (`a,b,c`): the one among its calls that is shed last. */
export function shedClassOf(procedurePath: string): ShedClass {
  let best: ShedClass | null = null;
  for (const procedure of procedurePath.split(',')) {
    const cls = procedureShedClass[procedure] ?? 'standard';
    if (best === null || shedShare[cls] > shedShare[best]) best = cls;
  }
  return best ?? 'standard';
}
