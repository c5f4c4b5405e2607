/**
 * The one SDK client of the app, talking to the same origin (the server serves this build at /, and `vite dev`
 * proxies /trpc). Tokens live in localStorage so a reload keeps the session and the place in each waiting room.
 */
import { createClient } from '@tix/sdk';
import { reportRetry } from './busy';

const SESSION_KEY = 'tix.session';
const queueKey = (concertId: string) => `tix.queue.${concertId}`;

export const tix = createClient({
  url: window.location.origin,
  sessionToken: localStorage.getItem(SESSION_KEY),
  onRetry: reportRetry,
});

export function saveSessionToken(token: string | null): void {
  tix.setSessionToken(token);
  if (token) localStorage.setItem(SESSION_KEY, token);
  else localStorage.removeItem(SESSION_KEY);
}

/** A waiting-room place remembered for one concert: the token and where the user first stood (for the progress bar). */
export interface SavedPlace {
  token: string;
  firstPosition: number;
}

export function loadPlace(concertId: string): SavedPlace | null {
  try {
    const raw = localStorage.getItem(queueKey(concertId));
    const place = raw ? (JSON.parse(raw) as Partial<SavedPlace>) : null;
    return place && typeof place.token === 'string'
      ? { token: place.token, firstPosition: Number(place.firstPosition) || 1 }
      : null;
  } catch {
    return null;
  }
}

export function savePlace(concertId: string, place: SavedPlace | null): void {
  if (place) localStorage.setItem(queueKey(concertId), JSON.stringify(place));
  else localStorage.removeItem(queueKey(concertId));
}

/** Forgets every waiting-room place, e.g. on sign-out: tokens are bound to the user who joined. */
export function forgetAllPlaces(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('tix.queue.')) localStorage.removeItem(key);
}

/** Points the client at a concert's waiting-room token, so seats, holds and payment carry it. */
export function selectConcertToken(concertId: string): string | null {
  const token = loadPlace(concertId)?.token ?? null;
  if (tix.credentials.queueToken !== token) tix.setQueueToken(token);
  return token;
}
