/**
 * The signed-in buyer's open holds (HELD, not yet run out), read once per screen and after anything that changes
 * them (a hold, a payment, a cancel, a countdown reaching zero), shared by the hold banner and the seat map.
 */
import { useSyncExternalStore } from 'react';
import type { Reservation } from './api';
import { tix } from './client';

let holds: readonly Reservation[] = [];
let generation = 0;
const listeners = new Set<() => void>();

function publish(next: readonly Reservation[]): void {
  holds = next;
  for (const l of listeners) l();
}

/** Reads the open holds again; a failed read keeps what was shown (the banner is a reminder, not the record). */
export async function refreshHolds(): Promise<readonly Reservation[]> {
  if (!tix.credentials.sessionToken) {
    publish([]);
    return holds;
  }
  const mine = ++generation;
  try {
    const { items } = await tix.reservation.list.query({ status: 'HELD', limit: 20 });
    // A later read started meanwhile: its answer is the newer one.
    if (mine === generation) publish(items.filter((r) => r.expiresAt && r.expiresAt.getTime() > Date.now()));
  } catch {
    // Kept as it was.
  }
  return holds;
}

/** Forgets every hold at once (sign-out). */
export function clearHolds(): void {
  generation++;
  publish([]);
}

export function useOpenHolds(): readonly Reservation[] {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => holds,
  );
}

/** Where a hold is paid. */
export function checkoutPath(r: Pick<Reservation, 'concertId' | 'reservationId'>): string {
  return `/concerts/${r.concertId}/checkout/${r.reservationId}`;
}
