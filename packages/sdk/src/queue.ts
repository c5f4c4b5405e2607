/**
 * Waiting-room helpers: join a concert's queue, then wait for admission on the live `queue.watch` stream, falling
 * back to polling `queue.status` whenever the stream is down or silent (a proxy that buffers server-sent events,
 * say). The queue token is kept on the client (`setQueueToken`), so later seat, hold and pay calls send it.
 */
import { domainErrorOf } from './errors.js';
import type { RouterOutputs, TixClient } from './types.js';

export type QueueJoin = RouterOutputs['queue']['join'];
export type QueueView = RouterOutputs['queue']['status'];

export interface WaitForAdmissionOptions {
  /** Called with every status the client learns (position, ETA, then ACTIVE). */
  onUpdate?: (view: QueueView) => void;
  /** Stops waiting (the promise rejects with the signal's reason); the place in the queue is kept. */
  signal?: AbortSignal;
  /** How often to poll while the stream is down or silent (default 5 s). Polls also keep the place. */
  pollIntervalMs?: number;
  /** The stream counts as silent after this long without a message (default 20 s; the server beats every 15 s). */
  staleAfterMs?: number;
}

/** Thrown when the place ended before admission (left, or dropped for absence): join again. */
export class QueueExpiredError extends Error {
  constructor() {
    super('Your place in the waiting room has expired; join again');
    this.name = 'QueueExpiredError';
  }
}

/**
 * Joins `concertId`'s waiting room (or gets the caller's existing place back) and keeps the token on the client.
 * A token the client already holds for this concert is tried first: the server puts a place it has forgotten back
 * from the token's signed place (after a restart, say), which joining afresh would not do.
 * @example
 * const place = await joinQueue(tix, concertId); // { token, status: 'WAITING', position: 1234, etaSeconds: 120 }
 */
export async function joinQueue(client: TixClient, concertId: string): Promise<QueueJoin> {
  const held = client.credentials.queueToken;
  if (held?.startsWith(`${concertId.toLowerCase()}.`)) {
    const view = await client.queue.status.query().catch(() => null);
    if (view && view.status !== 'EXPIRED') return { ...view, token: held };
  }
  const joined = await client.queue.join.mutate({ concertId });
  client.setQueueToken(joined.token);
  return joined;
}

/**
 * Resolves with the ACTIVE status once the client's queue token is admitted; rejects with QueueExpiredError if the
 * place ends first, or with the API error if the token is refused.
 * @example
 * await waitForAdmission(tix, { onUpdate: (v) => console.log(v.status, v.position, v.etaSeconds) });
 */
export function waitForAdmission(
  client: TixClient,
  options: WaitForAdmissionOptions = {},
): Promise<QueueView> {
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const staleAfterMs = options.staleAfterMs ?? 20_000;
  return new Promise<QueueView>((resolve, reject) => {
    let settled = false;
    let streamUp = true;
    let lastHeard = Date.now();
    let polling = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(poller);
      subscription.unsubscribe();
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onView = (view: QueueView) => {
      options.onUpdate?.(view);
      if (view.status === 'ACTIVE') finish(() => resolve(view));
      else if (view.status === 'EXPIRED') finish(() => reject(new QueueExpiredError()));
    };
    const fail = (err: unknown) =>
      finish(() => reject(err instanceof Error ? err : new Error(String(err), { cause: err })));
    const onAbort = () => fail(options.signal?.reason ?? new Error('aborted'));

    const subscription = client.queue.watch.subscribe(undefined, {
      onData(message) {
        lastHeard = Date.now();
        streamUp = true;
        // Heartbeats carry no status; they only prove the stream is alive.
        if ('status' in message) onView(message);
      },
      onError(err) {
        // A refused token is final; anything else (network, proxy) is what polling is for.
        if (domainErrorOf(err)) fail(err);
        else streamUp = false;
      },
      onStopped() {
        streamUp = false;
      },
    });
    const poller = setInterval(() => {
      if (polling || (streamUp && Date.now() - lastHeard < staleAfterMs)) return;
      polling = true;
      client.queue.status
        .query()
        .then(onView, (err: unknown) => {
          if (domainErrorOf(err)) fail(err);
        })
        .finally(() => {
          polling = false;
        });
    }, pollIntervalMs);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Joins and waits for admission; resolves with the ACTIVE token's status (the token is set on the client).
 * @example
 * await joinAndWaitForAdmission(tix, concertId);
 * const seats = await tix.concert.seats.query({ performanceId });
 */
export async function joinAndWaitForAdmission(
  client: TixClient,
  concertId: string,
  options: WaitForAdmissionOptions = {},
): Promise<QueueView> {
  const joined = await joinQueue(client, concertId);
  if (joined.status === 'ACTIVE') return client.queue.status.query();
  return waitForAdmission(client, options);
}
