/**
 * Holds in flight on this server, per seat. When a crowd asks for one seat at once, every request would find it
 * free in the snapshot (nobody has committed yet) and go to PostgreSQL together. Instead, the first request for a
 * seat on this server asks the snapshot and, if the seat looks free, holds it in SQL; every request for that seat
 * arriving meanwhile waits for it to settle, then asks the snapshot (all of them in one read: the read is issued
 * after each of them arrived, so it is as fresh as a read of their own): if the first won, they hear
 * SEAT_UNAVAILABLE from the snapshot; if it failed for its own reasons, the next goes on to SQL. So each server
 * sends at most one hold per seat to PostgreSQL at a time, and a crowd behind one costs one snapshot read. Waiting
 * is not refusing: nothing is refused here, and SQL still decides every hold that gets past the snapshot. When the
 * snapshot cannot say, the hold goes to SQL at once and nobody waits behind it.
 */
export interface HoldFlights {
  /**
   * Runs `check` (throws to refuse; false when the snapshot cannot say) and then `fly`, once no hold in flight here
   * touches any of `seats`; while one does, waits for it and checks again.
   */
  run<T>(seats: readonly string[], check: () => Promise<boolean>, fly: () => Promise<T>): Promise<T>;
}

export function createHoldFlights(): HoldFlights {
  const inFlight = new Map<string, Promise<void>>();
  const firstInFlight = (seats: readonly string[]) => {
    for (const seat of seats) {
      const flight = inFlight.get(seat);
      if (flight) return flight;
    }
    return null;
  };
  return {
    async run(seats, check, fly) {
      let looksFree = false;
      for (let flight = firstInFlight(seats); flight; flight = firstInFlight(seats)) {
        await flight;
        if (!(await check())) return fly();
        looksFree = true;
      }
      // No await between the check above and this registration, so two requests cannot both pass it.
      let open!: () => void;
      const flight = new Promise<void>((resolve) => (open = resolve));
      for (const seat of seats) inFlight.set(seat, flight);
      const land = () => {
        for (const seat of seats) if (inFlight.get(seat) === flight) inFlight.delete(seat);
        open();
      };
      try {
        if (!looksFree && !(await check())) {
          land();
          return await fly();
        }
        return await fly();
      } finally {
        land();
      }
    },
  };
}
