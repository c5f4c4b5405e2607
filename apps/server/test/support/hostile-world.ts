/**
 * The world the hostile-input suite attacks: one server (PostgreSQL + Redis, or the embedded default), a concert
 * on sale, a fuzzing buyer and the operator whose credentials the fuzz may use, and bystanders (a held seat, a
 * paid seat, a buyer admitted elsewhere) whose money and reservations no request of the fuzz may touch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { forceAdmit, makeBuyers, makeConcert, testServerEnv, waitUntil, type Buyer } from '@tix/api/testing';
import pino, { type Logger } from 'pino';
import { parseEnv, startServer, type RunningServer } from '../../src/index.js';
import { createSharedBackends } from './backends.js';
import type { Credentials } from './hostile-http.js';
import type { KnownIds } from './hostile-values.js';
import { rawCall } from './raw-trpc.js';

export interface HostileWorld {
  server: RunningServer;
  performanceId: string;
  fuzzer: Buyer;
  /** The fuzzer's ACTIVE token for another concert. */
  otherConcertToken: string;
  /** The credentials that reach the services, by who holds them. */
  as: Record<'anonymous' | 'buyer' | 'queued' | 'ticketed' | 'operator', Credentials>;
  /** Those, and ones every procedure must refuse. */
  credentials: Credentials[];
  ids: KnownIds;
  /** Gives the fuzzer an ACTIVE turn again (the fuzz may leave the queue or pay, which ends it) and a fresh ticket. */
  readmitFuzzer(): Promise<void>;
  /** What the server logged at level error (a client's mistake is never one). */
  errorLog: string[];
  /** The bystanders' balances, ledger entries, reservations and payments. */
  bystanderSnapshot(): Promise<unknown>;
  close(): Promise<void>;
}

const adminLogin = { username: 'admin', password: 'admin-pass-123' };

async function start(backend: 'postgres' | 'embedded', logger: Logger) {
  const quiet = { PORT: '0', RUN_JOBS: 'false', DEMO_DATA: 'false' };
  if (backend === 'postgres') {
    const backends = await createSharedBackends({ DATABASE_POOL_SIZE: '5' });
    const server = await startServer(parseEnv({ ...backends.env, ...quiet }), { logger });
    return { server, cleanup: () => backends.cleanup() };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tix-hostile-'));
  // The in-process waiting room admits only through its job (tests cannot reach into it), so the job runs here.
  const server = await startServer(
    parseEnv({ ...testServerEnv, ...quiet, RUN_JOBS: 'true', DATA_DIR: dataDir }),
    { logger },
  );
  return { server, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

export async function startHostileWorld(backend: 'postgres' | 'embedded'): Promise<HostileWorld> {
  const errorLog: string[] = [];
  const { server, cleanup } = await start(
    backend,
    pino({ level: 'error' }, { write: (line) => errorLog.push(line) }),
  );
  const deps = server.deps;
  const day = 86_400_000;
  const concert = await makeConcert(deps, {
    performances: [{ startsAt: new Date(Date.now() + 30 * day), seats: 30 }],
    maxSeatsPerOrder: 4,
  });
  const other = await makeConcert(deps);
  const performanceId = concert.performances[0]!.performanceId;
  /** Joins `who` to a concert's waiting room over HTTP and waits until they are let in; their ACTIVE token. */
  const admit = async (who: Buyer, concertId: string): Promise<string> => {
    const joined = await rawCall(
      server.url,
      'mutation',
      'queue.join',
      { concertId },
      {
        authorization: `Bearer ${who.sessionToken}`,
      },
    );
    const token = (joined.body.result?.data?.json as { token?: string } | undefined)?.token;
    if (!token) throw new Error(`queue.join failed: ${JSON.stringify(joined.body)}`);
    const active = async () => (await deps.queue.status(token, deps.clock.now()))?.status === 'ACTIVE';
    if (deps.redis) await forceAdmit(deps, token, deps.clock.now());
    await waitUntil('admitted to the waiting room', active);
    return token;
  };
  const buyers = await makeBuyers(deps, 3, { funds: 1_000_000 });
  const [alice, carol, fuzzer] = (await Promise.all(
    buyers.map(async (b) => ({ ...b, queueToken: await admit(b, concert.concertId) })),
  )) as [Buyer, Buyer, Buyer];
  const [lone] = await makeBuyers(deps, 1, { funds: 500_000 });
  const elsewhere: Buyer = { ...lone!, queueToken: await admit(lone!, other.concertId) };
  const headersOf = (who: Buyer) => ({
    authorization: `Bearer ${who.sessionToken}`,
    'x-queue-token': who.queueToken,
  });
  const hold = async (who: Buyer, seatNo: number) => {
    const held = await rawCall(
      server.url,
      'mutation',
      'reservation.hold',
      { performanceId, seatNos: [seatNo] },
      headersOf(who),
    );
    return (held.body.result!.data!.json as { reservationId: string }).reservationId;
  };
  const alicesHold = await hold(alice, 1);
  const carolsReservation = await hold(carol, 2);
  const paid = await rawCall(
    server.url,
    'mutation',
    'payment.pay',
    { reservationId: carolsReservation, idempotencyKey: 'hostile-carol-pays' },
    headersOf(carol),
  );
  const carolsPayment = (paid.body.result!.data!.json as { paymentId: string }).paymentId;
  const signedIn = await rawCall(server.url, 'mutation', 'auth.signIn', adminLogin);
  const adminToken = (signedIn.body.result!.data!.json as { sessionToken: string }).sessionToken;

  const bystanders = [alice.id, carol.id, elsewhere.id];
  const db = deps.db;
  let fuzzerToken = fuzzer.queueToken;
  const newStreamTicket = async () => {
    const issued = await rawCall(server.url, 'mutation', 'auth.streamTicket', undefined, {
      authorization: `Bearer ${fuzzer.sessionToken}`,
    });
    return (issued.body.result?.data?.json as { ticket?: string } | undefined)?.ticket ?? 'none';
  };
  let streamTicket = await newStreamTicket();
  // The fuzzer's own turn at the other concert: "another concert's token" that is still theirs.
  const otherConcertToken = await admit(fuzzer, other.concertId);
  const as: HostileWorld['as'] = {
    anonymous: { label: 'anonymous' },
    buyer: { label: 'buyer', sessionToken: fuzzer.sessionToken },
    queued: {
      label: 'buyer+queue',
      sessionToken: fuzzer.sessionToken,
      get queueToken() {
        return fuzzerToken;
      },
    },
    ticketed: {
      label: 'stream ticket+queue in URL',
      inUrl: true,
      get streamTicket() {
        return streamTicket;
      },
      get queueToken() {
        return fuzzerToken;
      },
    },
    operator: { label: 'operator', sessionToken: adminToken },
  };
  // The first five reach the services; the rest are refused at the door, each in its own way.
  const credentials: Credentials[] = [
    ...Object.values(as),
    {
      label: 'buyer+other concert token',
      sessionToken: fuzzer.sessionToken,
      queueToken: elsewhere.queueToken,
    },
    { label: 'forged session', sessionToken: `v1.${'A'.repeat(40)}.${'B'.repeat(43)}`, queueToken: 'x.y' },
    { label: 'queue token only', queueToken: `${concert.concertId}.${'C'.repeat(43)}` },
    { label: 'unknown token in URL', queueToken: 'nope', inUrl: true },
    {
      label: 'session in URL',
      sessionToken: fuzzer.sessionToken,
      queueToken: fuzzer.queueToken,
      inUrl: true,
    },
  ];

  return {
    server,
    performanceId,
    fuzzer,
    otherConcertToken,
    errorLog,
    as,
    credentials,
    ids: {
      concertIds: [concert.concertId, other.concertId],
      performanceIds: [performanceId, other.performances[0]!.performanceId],
      reservationIds: [alicesHold, carolsReservation],
      paymentIds: [carolsPayment],
    },
    async readmitFuzzer() {
      fuzzerToken = await admit(fuzzer, concert.concertId).catch(() => fuzzerToken);
      streamTicket = await newStreamTicket();
    },
    async bystanderSnapshot() {
      return {
        wallets: await db
          .selectFrom('wallet_accounts')
          .select(['user_id', 'balance'])
          .where('user_id', 'in', bystanders)
          .orderBy('user_id')
          .execute(),
        ledger: await db
          .selectFrom('wallet_ledger')
          .select(['user_id', 'kind', 'amount', 'balance_after'])
          .where('user_id', 'in', bystanders)
          .orderBy('id')
          .execute(),
        reservations: await db
          .selectFrom('reservations')
          .select(['id', 'user_id', 'status'])
          .where('user_id', 'in', bystanders)
          .orderBy('id')
          .execute(),
        payments: await db
          .selectFrom('payments')
          .select(['id', 'amount'])
          .where('id', '=', carolsPayment)
          .execute(),
      };
    },
    async close() {
      await server.close();
      await cleanup();
    },
  };
}
