/**
 * Waiting-room helpers: join a concert's queue, then wait for admission on the live `queue.watch` stream, falling
 * back to polling `queue.status` whenever the stream is down or silent (a proxy that buffers server-sent events,
 * say). The queue token is kept on the client (`setQueueToken`), so later seat, hold and pay calls send it.
 */
import { domainErrorOf, retryAfterSeconds } from './errors.js';
import { retryDelayMs, type RetryInfo } from './retry.js';
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
  /**
   * Called when the stream is refused for a while (SERVICE_UNAVAILABLE while Redis or PostgreSQL is away, or
   * OVERLOADED) and will be opened again after `delayMs`; the place is kept meanwhile. Show `describeRetry(info)`.
   */
  onRetry?: (info: RetryInfo) => void;
}

/** Reopening a refused stream: Retry-After plus jitter over 1 s doubling, at most 10 s apart (polls run meanwhile). */
const streamBackoff = { baseDelayMs: 1000, maxDelayMs: 10_000 };

/** An answer that says "not now" (503 SERVICE_UNAVAILABLE or OVERLOADED, 429): never the end of the wait. */
const isTemporary = (err: unknown) => retryAfterSeconds(err) !== null;

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
    let refusals = 0;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(poller);
      clearTimeout(reopen);
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

    // A stream refused for now is closed and opened again with backoff (polling meanwhile), not in a tight loop.
    const backOff = (err: unknown) => {
      if (settled || reopen) return;
      streamUp = false;
      subscription.unsubscribe();
      refusals += 1;
      const delayMs = retryDelayMs(refusals, retryAfterSeconds(err), streamBackoff);
      const data = domainErrorOf(err);
      const dependency = data?.dependency;
      options.onRetry?.({
        path: 'queue.watch',
        domainCode: data?.domainCode as RetryInfo['domainCode'],
        attempt: refusals + 1,
        delayMs,
        ...((dependency === 'redis' || dependency === 'database') && { dependency }),
      });
      reopen = setTimeout(() => {
        reopen = undefined;
        if (!settled) subscription = open();
      }, delayMs);
    };
    const open = () =>
      client.queue.watch.subscribe(undefined, {
        onData(message) {
          lastHeard = Date.now();
          streamUp = true;
          refusals = 0;
          // Heartbeats carry no status; they only prove the stream is alive.
          if ('status' in message) onView(message);
        },
        onError(err) {
          // A refused token is final; "not now" is backed off; anything else (network, proxy) is what polling is for.
          if (isTemporary(err)) backOff(err);
          else if (domainErrorOf(err)) fail(err);
          else streamUp = false;
        },
        onConnectionStateChange(state) {
          // The link reconnects by itself after an in-band 503; the backoff replaces its fixed interval.
          if (state.state === 'connecting' && isTemporary(state.error)) backOff(state.error);
        },
        onStopped() {
          streamUp = false;
        },
      });
    let subscription = open();
    const poller = setInterval(() => {
      if (polling || (streamUp && Date.now() - lastHeard < staleAfterMs)) return;
      polling = true;
      client.queue.status
        .query()
        .then(onView, (err: unknown) => {
          if (domainErrorOf(err) && !isTemporary(err)) fail(err);
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
