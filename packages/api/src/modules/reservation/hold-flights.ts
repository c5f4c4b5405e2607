/**
 * Holds in flight on this server, per seat. When a crowd asks for one seat at once, every request would find it
 * free in the snapshot (nobody has committed yet) and go to PostgreSQL together. Instead, a request for a seat that
 * another request on this server is already holding waits for that one to settle, then asks the snapshot again:
 * if the first won, the rest hear SEAT_UNAVAILABLE from the snapshot; if it failed for its own reasons, the next
 * goes on to SQL. So each server sends at most one hold per seat to PostgreSQL at a time. Waiting is not refusing:
 * nothing is refused here, and SQL still decides every hold that gets past the snapshot.
 */
export interface HoldFlights {
  /** Settles once no hold in flight here touches any of `seats`; then `fly` runs, tracked, and its result is returned. */
  run<T>(seats: readonly string[], recheck: () => Promise<unknown>, fly: () => Promise<T>): Promise<T>;
}

export function createHoldFlights(): HoldFlights {
  const inFlight = new Map<string, Promise<unknown>>();
  const firstInFlight = (seats: readonly string[]) => {
    for (const seat of seats) {
      const flight = inFlight.get(seat);
      if (flight) return flight;
    }
    return null;
  };
  return {
    async run(seats, recheck, fly) {
      for (let flight = firstInFlight(seats); flight; flight = firstInFlight(seats)) {
        await flight.catch(() => {});
        await recheck();
      }
      // No await between the check above and this registration, so two requests cannot both pass it.
      const flight = fly();
      for (const seat of seats) inFlight.set(seat, flight);
      try {
        return await flight;
      } finally {
        for (const seat of seats) if (inFlight.get(seat) === flight) inFlight.delete(seat);
      }
    },
  };
}
