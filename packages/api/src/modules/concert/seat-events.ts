/**
 * Live availability of one performance (`concert.seatEvents`, docs/api.md "Venues"). Every change the seat
 * snapshot takes is announced by the snapshot itself, atomically with its change count (infra/versioned-hash.ts),
 * so announcements arrive in count order. A stream subscribes first, then reads a snapshot at count v and sends it
 * as its first event; afterwards it forwards only announcements with a count above v. Nothing is missed between the
 * read and the subscription, and nothing the snapshot already holds is sent again. Pub/sub delivery is best effort
 * (a Redis reconnect can drop messages), so a client that sees a count jump by more than one, or reconnects,
 * simply starts again from the new stream's snapshot. A lost announcement with none after it would leave the
 * client one change behind with nothing to show the skip, so a stream quiet for `seatEventsCheckMs` reads the
 * snapshot's count again (one Redis read) and, when announcements went missing, sends the snapshot once more.
 */
import type { Deps } from '../../deps.js';
import type { VersionedAnnouncement } from '../../infra/versioned-hash.js';
import { availabilityEvents, readAvailabilityAndPlaces } from '../venue/availability.service.js';
import { requireVenue } from '../venue/venue.service.js';
import type { SeatAvailabilityEvent } from '../venue/venue.types.js';
import { seatChangeChannel } from './seat-availability.js';

/** The stream behind `concert.seatEvents`: a snapshot, then every later change until the client goes. */
export async function* watchSeatEvents(
  deps: Deps,
  performanceId: string,
  userId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<SeatAvailabilityEvent> {
  const pending: VersionedAnnouncement[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = deps.pubsub.subscribe(seatChangeChannel(performanceId), (message) => {
    pending.push(message as VersionedAnnouncement);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const venue = await requireVenue(deps, performanceId);
    const { answer: snapshot, places } = await readAvailabilityAndPlaces(deps, performanceId, userId);
    const events = availabilityEvents(venue, snapshot, places);
    yield { version: snapshot.version, seats: [], standing: [], snapshot };
    let version = snapshot.version;
    while (!signal?.aborted) {
      const next = pending.shift();
      if (next) {
        if (next.version <= version) continue;
        version = next.version;
        yield events.toEvent(next, deps.clock.now());
        continue;
      }
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), deps.config.seatEventsCheckMs);
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      wake = null;
      if (woken || signal?.aborted || pending.length > 0) continue;
      const { answer } = await readAvailabilityAndPlaces(deps, performanceId, userId);
      if (answer.version > version && pending.length === 0) {
        version = answer.version;
        yield { version, seats: [], standing: [], snapshot: answer };
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
