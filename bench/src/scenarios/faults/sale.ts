/**
 * A small sale under one fault (issue 18): buyers join the waiting room, poll their place, and once ACTIVE hold one
 * seat, think a moment and pay with one idempotency key, retrying what the server refuses for now (503, no answer)
 * after its Retry-After, as the SDK does, and moving to the next server when theirs stops answering, as a load
 * balancer would send them. A buyer whose place is gone (EXPIRED, QUEUE_TOKEN_INVALID) joins again at the back.
 * Every answer is recorded (kind and latency), and the buyers' places just before the fault are compared with what
 * they learn just after it.
 */
import superjson from 'superjson';

/** 'ok', '503', '500', 'timeout', 'no answer', or '<status> <domain code>' for a 4xx. */
export type AnswerKind = string;

export interface Answer {
  path: string;
  kind: AnswerKind;
  code: string;
  ms: number;
  at: number;
}

interface Reply {
  kind: AnswerKind;
  code: string;
  data: unknown;
  retryAfterMs: number;
}

export interface SaleWorld {
  /** The servers still up; buyers move along this list when theirs stops answering. */
  urls: string[];
  concertId: string;
  performanceId: string;
}

export interface Place {
  status: string;
  position: number | null;
}

export interface SaleBuyer {
  session: string;
  token: string | null;
  server: number;
  place: Place | null;
  /** What the first answer about the place said after the fault ended ('lost': EXPIRED or token refused). */
  after: Place | 'lost' | null;
  admittedAt: number | null;
  reservationId: string | null;
  paid: boolean;
  /** Joined again after the place was gone. */
  rejoined: number;
  holdRefusedForToken: boolean;
}

const callTimeoutMs = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FaultSale {
  readonly answers: Answer[] = [];
  readonly buyers: SaleBuyer[];
  /** Set by the scenario: the fault began, and ended (the dependency or server is back). */
  faultAt: number | null = null;
  restoredAt: number | null = null;
  /** Told of every call as it is sent (the scenario strikes some faults on a given call). */
  onSend: ((path: string) => void) | null = null;
  private done = false;

  constructor(
    private readonly world: SaleWorld,
    sessions: string[],
  ) {
    this.buyers = sessions.map((session, i) => ({
      session,
      token: null,
      server: i,
      place: null,
      after: null,
      admittedAt: null,
      reservationId: null,
      paid: false,
      rejoined: 0,
      holdRefusedForToken: false,
    }));
  }

  get paidCount(): number {
    return this.buyers.filter((b) => b.paid).length;
  }

  /** Runs every buyer until all have paid or `deadlineMs` passes. */
  async run(deadlineMs: number): Promise<void> {
    const until = Date.now() + deadlineMs;
    await Promise.all(this.buyers.map((b, i) => sleep(i * 20).then(() => this.buyer(b, until))));
    this.done = true;
  }

  stop(): void {
    this.done = true;
  }

  private async call(b: SaleBuyer, kind: 'query' | 'mutation', path: string, input: unknown): Promise<Reply> {
    const urls = this.world.urls;
    const url = urls[b.server % urls.length]!;
    const headers: Record<string, string> = { authorization: `Bearer ${b.session}` };
    if (b.token) headers['x-queue-token'] = b.token;
    const encoded = JSON.stringify(superjson.serialize(input));
    this.onSend?.(path);
    const started = performance.now();
    const at = Date.now();
    let reply: Reply;
    try {
      const res = await fetch(
        kind === 'query' ? `${url}/trpc/${path}?input=${encodeURIComponent(encoded)}` : `${url}/trpc/${path}`,
        {
          method: kind === 'query' ? 'GET' : 'POST',
          headers: kind === 'query' ? headers : { ...headers, 'content-type': 'application/json' },
          ...(kind === 'mutation' && { body: encoded }),
          signal: AbortSignal.timeout(callTimeoutMs),
        },
      );
      const body = (await res.json().catch(() => ({}))) as {
        result?: { data?: never };
        error?: { json?: { data?: { domainCode?: string } } };
      };
      const code = body.error?.json?.data?.domainCode ?? (res.ok ? 'OK' : `HTTP_${res.status}`);
      const retryAfterMs = Number(res.headers.get('retry-after') ?? 0) * 1000;
      const data = body.result?.data ? superjson.deserialize(body.result.data) : undefined;
      const answerKind =
        res.status === 503 ? '503' : res.status >= 500 ? '500' : res.ok ? 'ok' : `${res.status} ${code}`;
      reply = { kind: answerKind, code, data, retryAfterMs };
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      reply = { kind: timedOut ? 'timeout' : 'no answer', code: 'NETWORK', data: undefined, retryAfterMs: 0 };
      // Its server is gone (or black-holed): the balancer sends the next call elsewhere.
      if (!timedOut) b.server += 1;
    }
    this.answers.push({
      path,
      kind: reply.kind,
      code: reply.code,
      ms: Math.round(performance.now() - started),
      at,
    });
    return reply;
  }

  /**
   * The place of each buyer in `order` (read one after another, in that order), as 0 when ACTIVE, the position when
   * WAITING, or 'lost'. Read from the back of the line forward, an admission step between two reads can only move
   * the later-read (nearer the front) further forward, so it never shows an inversion that is not there.
   */
  async census(order: number[]): Promise<Map<number, number | 'lost'>> {
    const ranks = new Map<number, number | 'lost'>();
    for (const i of order) {
      const b = this.buyers[i]!;
      const r = await this.call(b, 'query', 'queue.status', undefined);
      const view = r.data as { status: string; position?: number | null } | undefined;
      // Paid meanwhile: the turn has ended (EXPIRED) after it was admitted in its place.
      if (b.paid) ranks.set(i, 0);
      else if (r.code === 'QUEUE_TOKEN_INVALID' || view?.status === 'EXPIRED') ranks.set(i, 'lost');
      else if (view) ranks.set(i, view.status === 'WAITING' ? (view.position ?? Infinity) : 0);
    }
    return ranks;
  }

  /** Waits as a client does before sending a refused call again: Retry-After plus jitter. */
  private backoff(reply: Reply): Promise<unknown> {
    return sleep(reply.retryAfterMs + 100 + Math.random() * 400);
  }

  private notePlace(b: SaleBuyer, place: Place | 'lost', sentAt: number) {
    if (place !== 'lost') b.place = place;
    if (this.restoredAt !== null && sentAt >= this.restoredAt && b.after === null) b.after = place;
  }

  private async join(b: SaleBuyer, until: number): Promise<void> {
    while (!this.done && Date.now() < until) {
      const r = await this.call(b, 'mutation', 'queue.join', { concertId: this.world.concertId });
      if (r.kind === 'ok') {
        const joined = r.data as { token: string; status: string; position?: number | null };
        b.token = joined.token;
        b.place = { status: joined.status, position: joined.position ?? null };
        return;
      }
      await this.backoff(r);
    }
  }

  private async buyer(b: SaleBuyer, until: number): Promise<void> {
    await this.join(b, until);
    while (!this.done && Date.now() < until && !b.paid) {
      const sentAt = Date.now();
      const r = await this.call(b, 'query', 'queue.status', undefined);
      const view = r.data as { status: string; position?: number | null } | undefined;
      const gone = r.code === 'QUEUE_TOKEN_INVALID' || view?.status === 'EXPIRED';
      if (gone && !b.reservationId) {
        this.notePlace(b, 'lost', sentAt);
        b.rejoined += 1;
        b.token = null;
        await this.join(b, until);
        continue;
      }
      if (r.kind === 'ok' && view)
        this.notePlace(b, { status: view.status, position: view.position ?? null }, sentAt);
      if (view?.status === 'ACTIVE' || b.reservationId) {
        b.admittedAt ??= Date.now();
        await this.shop(b, until);
        continue;
      }
      await (r.kind === 'ok' ? sleep(250) : this.backoff(r));
    }
  }

  private async shop(b: SaleBuyer, until: number): Promise<void> {
    while (!b.reservationId && !this.done && Date.now() < until) {
      const r = await this.call(b, 'mutation', 'reservation.hold', {
        performanceId: this.world.performanceId,
        best: { count: 1 },
      });
      if (r.kind === 'ok') b.reservationId = (r.data as { reservationId: string }).reservationId;
      else if (r.code === 'HOLD_ALREADY_PENDING') {
        // An earlier hold went through without its answer reaching the buyer: find it.
        const held = await this.call(b, 'query', 'reservation.list', { status: 'HELD' });
        const items = (held.data as { items?: Array<{ reservationId: string }> } | undefined)?.items;
        b.reservationId = items?.[0]?.reservationId ?? null;
      } else if (r.code.startsWith('QUEUE_'))
        return; // polls again
      else await this.backoff(r);
    }
    await sleep(300); // the buyer looks at the seat before paying
    const key = `fault-${b.session.slice(-16)}`;
    while (!b.paid && !this.done && Date.now() < until) {
      const r = await this.call(b, 'mutation', 'payment.pay', {
        reservationId: b.reservationId,
        idempotencyKey: key,
      });
      if (r.kind === 'ok') b.paid = true;
      else if (r.code === 'QUEUE_TOKEN_INVALID') {
        b.holdRefusedForToken = true;
        await this.backoff(r);
      } else await this.backoff(r);
    }
  }
}
