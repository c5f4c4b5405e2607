/**
 * Rate limits and the sign-in lockout over real HTTP: a server on PostgreSQL + Redis and one on the embedded default
 * (PGlite, in-process limiter), each with tight limits. A limited call answers 429 with `Retry-After` and domain code
 * RATE_LIMITED, alone or inside a batch; other accounts and addresses are not affected; the security log says what
 * happened without a password in it. Addresses are told apart with X-Forwarded-For, which the server trusts from
 * loopback only (as from a local load balancer).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { closeDeps, createConfig, createDeps, systemClock, type Deps } from '@tix/api';
import { makeBuyers, makeConcert, testSessionSecret, type Buyer } from '@tix/api/testing';
import { createClient, retryAfterSeconds } from '@tix/sdk';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv, startServer, type RunningServer } from '../src/index.js';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { rawCall, type RawResult } from './support/raw-trpc.js';

const password = 'password-123';
const tightLimits = [
  'signInFailuresPerAccount=3/60',
  'signInPerAddress=6/60',
  'queueJoinPerUser=2/60',
  'holdPerUser=3/10',
  'chargePerUser=2/60',
  'payPerUser=2/10',
].join(',');

/** A pino logger whose lines the test can read. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

let addressCounter = 0;
/** Headers from a new client address each call. */
const fromNewAddress = (headers: Record<string, string> = {}) => ({
  'x-forwarded-for': `203.0.113.${++addressCounter}`,
  ...headers,
});

function expectLimited(result: RawResult, limit: string) {
  expect(result.status).toBe(429);
  const data = result.body.error?.json?.data as unknown as {
    domainCode: string;
    retryAfterSeconds: number;
    limit: string;
  };
  expect(data).toMatchObject({ domainCode: 'RATE_LIMITED', limit });
  expect(data.retryAfterSeconds).toBeGreaterThan(0);
  expect(result.headers.get('retry-after')).toBe(String(data.retryAfterSeconds));
}

describe('rate limits on PostgreSQL + Redis', () => {
  let backends: SharedBackends;
  let server: RunningServer;
  let deps: Deps;
  let log: ReturnType<typeof capturedLogger>;
  let buyers: Buyer[];
  let performanceId: string;
  let concertId: string;

  beforeAll(async () => {
    backends = await createSharedBackends({ RATE_LIMITS: tightLimits });
    log = capturedLogger();
    server = await startServer(parseEnv({ ...backends.env, PORT: '0', RUN_JOBS: 'false' }), {
      logger: log.logger,
    });
    deps = createDeps({
      db: backends.database.handle.db,
      redis: backends.redis.redis,
      clock: systemClock,
      config: createConfig({ sessionSecret: testSessionSecret }),
    });
    const concert = await makeConcert(deps, {
      performances: [{ startsAt: new Date(Date.now() + 30 * 86_400_000), seats: 20 }],
    });
    concertId = concert.concertId;
    performanceId = concert.performances[0]!.performanceId;
    buyers = await makeBuyers(deps, 8, { funds: 1_000_000, admitTo: concertId });
  });
  afterAll(async () => {
    if (deps) await closeDeps(deps);
    await server?.close();
    await backends?.cleanup();
  });

  const signIn = (username: string, pass: string, headers: Record<string, string>) =>
    rawCall(server.url, 'mutation', 'auth.signIn', { username, password: pass }, headers);
  const as = (buyer: Buyer) => ({
    authorization: `Bearer ${buyer.sessionToken}`,
    'x-queue-token': buyer.queueToken,
  });

  it('locks an account after 3 wrong passwords: the right one gets 429, Retry-After and RATE_LIMITED', async () => {
    const [victim, bystander] = [buyers[0]!, buyers[1]!];
    const attacker = fromNewAddress();
    for (let i = 0; i < 3; i++) {
      const wrong = await signIn(victim.username, `wrong-${i}-pass`, attacker);
      expect(wrong.status).toBe(401);
      expect(wrong.body.error?.json?.data.domainCode).toBe('INVALID_CREDENTIALS');
    }
    expectLimited(await signIn(victim.username, password, attacker), 'signInFailuresPerAccount');
    // The owner, from their own address, waits too: the lock is the account's.
    expectLimited(await signIn(victim.username, password, fromNewAddress()), 'signInFailuresPerAccount');
    // Another account signs in, from the attacker's address as from its own.
    expect((await signIn(bystander.username, password, attacker)).status).toBe(200);
    expect((await signIn(bystander.username, password, fromNewAddress())).status).toBe(200);

    const security = log.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.channel === 'security');
    expect(security).toContainEqual(
      expect.objectContaining({ event: 'account_locked', account: victim.username, level: 40 }),
    );
    expect(security).toContainEqual(
      expect.objectContaining({
        event: 'rate_limit_hit',
        limit: 'signInFailuresPerAccount',
        key: victim.username,
      }),
    );
    const everything = log.lines.join('\n');
    for (const secret of ['wrong-0-pass', 'wrong-2-pass', password]) expect(everything).not.toContain(secret);
  });

  it('limits sign-in attempts per address, right or wrong; other addresses are not affected', async () => {
    const address = fromNewAddress();
    for (const buyer of buyers.slice(2, 8))
      expect((await signIn(buyer.username, password, address)).status).toBe(200);
    expectLimited(await signIn(buyers[2]!.username, password, address), 'signInPerAddress');
    expect((await signIn(buyers[2]!.username, password, fromNewAddress())).status).toBe(200);
  });

  it('limits joins, holds, charges and payments per user', async () => {
    const [alice, bob] = (await makeBuyers(deps, 2, { funds: 1_000_000, admitTo: concertId })) as [
      Buyer,
      Buyer,
    ];
    // makeBuyers admitted them by joining once in process, which is not an HTTP call: two joins are left.
    const join = (b: Buyer) => rawCall(server.url, 'mutation', 'queue.join', { concertId }, as(b));
    expect((await join(alice)).status).toBe(200);
    expect((await join(alice)).status).toBe(200);
    expectLimited(await join(alice), 'queueJoinPerUser');
    expect((await join(bob)).status).toBe(200);

    // Holds that reach SQL count, refused or not: a script trying every seat is what the limit is for (a hold the
    // seat snapshot refuses spends nothing: docs/domain.md).
    const hold = (b: Buyer, seatNo: number) =>
      rawCall(server.url, 'mutation', 'reservation.hold', { performanceId, seatNos: [seatNo] }, as(b));
    const held = await hold(alice, 1);
    expect(held.status).toBe(200);
    expect((await hold(alice, 2)).body.error?.json?.data.domainCode).toBe('HOLD_ALREADY_PENDING');
    expect((await hold(alice, 3)).body.error?.json?.data.domainCode).toBe('HOLD_ALREADY_PENDING');
    expectLimited(await hold(alice, 4), 'holdPerUser');
    expect((await hold(bob, 5)).status).toBe(200);

    const charge = (b: Buyer) => rawCall(server.url, 'mutation', 'wallet.charge', { amount: 1000 }, as(b));
    expect((await charge(alice)).status).toBe(200);
    expect((await charge(alice)).status).toBe(200);
    expectLimited(await charge(alice), 'chargePerUser');
    expect((await charge(bob)).status).toBe(200);

    const { reservationId } = held.body.result!.data!.json as { reservationId: string };
    const pay = (key: string) =>
      rawCall(server.url, 'mutation', 'payment.pay', { reservationId, idempotencyKey: key }, as(alice));
    expect((await pay('limits-pay-0001')).status).toBe(200);
    expect((await pay('limits-pay-0001')).status).toBe(200); // the retry answers the first result
    expectLimited(await pay('limits-pay-0001'), 'payPerUser');
  });

  it('sets Retry-After on a batch when one of its calls is limited, and answers the others', async () => {
    const [carol] = (await makeBuyers(deps, 1, { admitTo: concertId })) as [Buyer];
    expect((await rawCall(server.url, 'mutation', 'wallet.charge', { amount: 1000 }, as(carol))).status).toBe(
      200,
    );
    // One charge is left in the window: of the batch's two, one is made and the other limited.
    const response = await fetch(`${server.url}/trpc/wallet.charge,wallet.charge?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as(carol) },
      body: JSON.stringify({ 0: { json: { amount: 1000 } }, 1: { json: { amount: 1000 } } }),
    });
    const body = (await response.json()) as Array<{
      result?: { data: { json: { balance: number } } };
      error?: { json: { data: { domainCode: string; retryAfterSeconds: number } } };
    }>;
    const made = body.filter((r) => r.result);
    const limited = body.filter((r) => r.error);
    expect(made.map((r) => r.result!.data.json.balance)).toEqual([2000]);
    expect(limited.map((r) => r.error!.json.data.domainCode)).toEqual(['RATE_LIMITED']);
    expect(response.status).toBe(207);
    expect(response.headers.get('retry-after')).toBe(String(limited[0]!.error!.json.data.retryAfterSeconds));
  });

  it('gives the SDK the seconds to wait', async () => {
    const [dave] = (await makeBuyers(deps, 1)) as [Buyer];
    const client = createClient({ url: server.url, sessionToken: dave.sessionToken, batch: false });
    await client.wallet.charge.mutate({ amount: 1000 });
    await client.wallet.charge.mutate({ amount: 1000 });
    const err = await client.wallet.charge.mutate({ amount: 1000 }).catch((e: unknown) => e);
    expect(retryAfterSeconds(err)).toBeGreaterThan(0);
    expect(retryAfterSeconds(new Error('not an API error'))).toBeNull();
  });
});

describe('rate limits on the embedded default (in-process limiter)', () => {
  let dataDir: string;
  let server: RunningServer;
  let log: ReturnType<typeof capturedLogger>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tix-limits-'));
    log = capturedLogger();
    server = await startServer(
      parseEnv({
        PORT: '0',
        DATA_DIR: dataDir,
        RUN_JOBS: 'false',
        RATE_LIMITS: 'signInFailuresPerAccount=2/60',
      }),
      { logger: log.logger },
    );
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('locks the demo buyer after 2 wrong passwords, and never logs the demo password', async () => {
    const attempt = (pass: string) =>
      rawCall(server.url, 'mutation', 'auth.signIn', { username: 'demo', password: pass });
    expect((await attempt('not-the-password')).status).toBe(401);
    expect((await attempt('not-the-password')).status).toBe(401);
    expectLimited(await attempt('demo-pass-123'), 'signInFailuresPerAccount');
    // The operator is another account.
    expect(
      (
        await rawCall(server.url, 'mutation', 'auth.signIn', {
          username: 'admin',
          password: 'admin-pass-123',
        })
      ).status,
    ).toBe(200);

    const ready = log.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'demo data ready');
    expect(ready).toMatchObject({ buyer: { username: 'demo' }, operator: { username: 'admin' } });
    const everything = log.lines.join('\n');
    expect(everything).not.toContain('demo-pass-123');
    expect(everything).not.toContain('not-the-password');
  });
});
