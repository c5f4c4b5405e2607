/**
 * Getting buyers through the waiting room over HTTP, as a client would: join, then poll `queue.status` until ACTIVE.
 * Scenarios that measure what lies behind the room (holds, the hot seat) use it for set-up with a room wide open.
 */
import type { Buyer } from '../env/seed.js';
import type { TargetSet, TrpcTarget } from './http.js';
import { mapLimit, sleep } from './run.js';

export interface Joined {
  token: string;
  status: string;
  position?: number;
  etaSeconds?: number;
}

export interface QueueStatus {
  status: 'WAITING' | 'ACTIVE' | 'EXPIRED';
  position?: number;
  etaSeconds?: number | null;
  /** The range the wait most likely falls in: wide while little is known of the room's turns. */
  etaLowSeconds?: number | null;
  etaHighSeconds?: number | null;
  /** When the server worked the estimate out (a Date through superjson). */
  estimatedAt?: Date;
}

export async function join(target: TrpcTarget, buyer: Buyer, concertId: string): Promise<Joined> {
  const r = await target.mutate<Joined>('queue.join', { concertId }, { session: buyer.session });
  if (r.code !== 'OK' || !r.data) throw new Error(`queue.join failed: ${r.code} (HTTP ${r.status})`);
  return r.data;
}

/** Joins every buyer and waits until all are ACTIVE; returns their tokens in buyer order. */
export async function admitAll(
  targets: TargetSet,
  buyers: Buyer[],
  concertId: string,
  options: { concurrency?: number; timeoutMs?: number } = {},
): Promise<string[]> {
  const concurrency = options.concurrency ?? 64;
  const joined = await mapLimit(buyers, concurrency, (b, i) => join(targets.pick(i), b, concertId));
  const tokens = joined.map((j) => j.token);
  let pending = joined.map((j, i) => (j.status === 'ACTIVE' ? -1 : i)).filter((i) => i >= 0);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (pending.length > 0) {
    if (Date.now() > deadline)
      throw new Error(`${pending.length} of ${buyers.length} buyers never became ACTIVE`);
    await sleep(300);
    const still = await mapLimit(pending, concurrency, async (i) => {
      const r = await targets
        .pick(i)
        .query<QueueStatus>('queue.status', undefined, { session: buyers[i]!.session, queue: tokens[i] });
      if (r.code !== 'OK') throw new Error(`queue.status failed: ${r.code}`);
      return r.data?.status === 'ACTIVE' ? -1 : i;
    });
    pending = still.filter((i) => i >= 0);
  }
  return tokens;
}
