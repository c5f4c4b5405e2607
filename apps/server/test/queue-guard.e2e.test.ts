/**
 * The waiting-room guard (docs/domain.md edge cases 10, and 9 for someone else's token), each once through real
 * HTTP: a server on PostgreSQL + Redis, and beside it the guard alone behind the same context factory (so the test
 * does not depend on which product procedures use it), plus the product's own guarded `concert.seats`.
 */
import type { AddressInfo } from 'node:net';
import { createHttpContextFactory, jobs } from '@tix/api';
import { queueGuardProbeRouter } from '@tix/api/testing';
import { createClient, domainErrorOf, type TixClient } from '@tix/sdk';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv, startServer, type RunningServer } from '../src/index.js';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { rawCall } from './support/raw-trpc.js';

describe('queue guard over HTTP', () => {
  let backends: SharedBackends;
  let server: RunningServer;
  let probeUrl: string;
  let closeProbe: () => Promise<void>;
  let alice: TixClient;
  let bob: TixClient;
  let concertA: string;
  let concertB: string;
  let performanceA: string;
  let performanceB: string;

  beforeAll(async () => {
    backends = await createSharedBackends();
    // No cron: the test runs admission itself, so every state is where the test put it.
    server = await startServer(
      parseEnv({ ...backends.env, PORT: '0', LOG_LEVEL: 'silent', RUN_JOBS: 'false' }),
    );
    const probe = express().use(
      '/trpc',
      createExpressMiddleware({
        router: queueGuardProbeRouter,
        createContext: createHttpContextFactory(server.deps),
      }),
    );
    const listener = probe.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    probeUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    closeProbe = () => new Promise((resolve) => listener.close(() => resolve()));

    const admin = createClient({ url: server.url });
    admin.setSessionToken(
      (await admin.auth.signIn.mutate({ username: 'admin', password: 'admin-pass-123' })).sessionToken,
    );
    const concert = (title: string) =>
      admin.admin.createConcert.mutate({
        title,
        venue: 'Hall',
        saleOpensAt: new Date(Date.now() - 60_000),
        performances: [{ startsAt: new Date(Date.now() + 86_400_000), seats: 10 }],
      });
    const a = await concert('Guard A');
    const b = await concert('Guard B');
    [concertA, concertB] = [a.concertId, b.concertId];
    [performanceA, performanceB] = [a.performances[0]!.performanceId, b.performances[0]!.performanceId];
    const buyer = async (name: string) => {
      const client = createClient({ url: server.url });
      const username = `${name}_${Math.random().toString(36).slice(2, 8)}`;
      client.setSessionToken(
        (await client.auth.signUp.mutate({ username, password: 'buyer-pass-1' })).sessionToken,
      );
      return client;
    };
    alice = await buyer('alice');
    bob = await buyer('bob');
  });
  afterAll(async () => {
    await closeProbe?.();
    await server?.close();
    await backends?.cleanup();
  });

  const probe = (client: TixClient | null, token: string | null, concertId = concertA) =>
    rawCall(
      probeUrl,
      'query',
      'probe',
      { concertId },
      {
        ...(client?.credentials.sessionToken
          ? { authorization: `Bearer ${client.credentials.sessionToken}` }
          : {}),
        ...(token ? { 'x-queue-token': token } : {}),
      },
    );
  const errorOf = (result: Awaited<ReturnType<typeof probe>>) => ({
    status: result.status,
    ...result.body.error?.json?.data,
  });
  const admitAll = () => jobs.find((j) => j.name === 'queue-admission')!.run(server.deps);

  it('tells each failure apart, and lets the owner of an ACTIVE token through', async () => {
    const aliceToken = (await alice.queue.join.mutate({ concertId: concertA })).token;
    const bobJoin = await bob.queue.join.mutate({ concertId: concertA });
    expect(bobJoin).toMatchObject({ status: 'WAITING', position: 2 });

    expect(errorOf(await probe(alice, null))).toMatchObject({
      status: 401,
      domainCode: 'QUEUE_TOKEN_MISSING',
    });
    expect(errorOf(await probe(alice, `${concertA}.${'x'.repeat(43)}`))).toMatchObject({
      status: 403,
      domainCode: 'QUEUE_TOKEN_INVALID',
    });
    expect(errorOf(await probe(alice, 'garbage'))).toMatchObject({
      status: 403,
      domainCode: 'QUEUE_TOKEN_INVALID',
    });
    expect(errorOf(await probe(bob, bobJoin.token))).toMatchObject({
      status: 403,
      domainCode: 'QUEUE_NOT_ADMITTED',
      position: 2,
    });
    expect(errorOf(await probe(alice, bobJoin.token))).toMatchObject({
      status: 403,
      domainCode: 'FORBIDDEN',
    });
    expect(errorOf(await probe(null, aliceToken))).toMatchObject({
      status: 401,
      domainCode: 'UNAUTHENTICATED',
    });

    await admitAll();
    expect(await probe(alice, aliceToken)).toMatchObject({ status: 200 });
    expect(errorOf(await probe(alice, aliceToken, concertB))).toMatchObject({
      status: 403,
      domainCode: 'QUEUE_WRONG_CONCERT',
    });

    alice.setQueueToken(aliceToken);
    expect(await alice.queue.leave.mutate()).toEqual({ status: 'EXPIRED' });
    expect(errorOf(await probe(alice, aliceToken))).toMatchObject({
      status: 403,
      domainCode: 'QUEUE_TOKEN_EXPIRED',
    });
    expect(await alice.queue.status.query()).toMatchObject({ status: 'EXPIRED', concertId: concertA });
  });

  it('guards the product path too: concert.seats through the SDK', async () => {
    const carol = await (async () => {
      const client = createClient({ url: server.url });
      const username = `carol_${Math.random().toString(36).slice(2, 8)}`;
      client.setSessionToken(
        (await client.auth.signUp.mutate({ username, password: 'buyer-pass-1' })).sessionToken,
      );
      return client;
    })();
    const seatsOf = (client: TixClient, performanceId: string) =>
      client.concert.seats.query({ performanceId }).catch((err: unknown) => domainErrorOf(err));

    expect(await seatsOf(carol, performanceA)).toMatchObject({ domainCode: 'QUEUE_TOKEN_MISSING' });
    const joined = await carol.queue.join.mutate({ concertId: concertB });
    carol.setQueueToken(joined.token);
    expect(await seatsOf(carol, performanceB)).toMatchObject({
      domainCode: 'QUEUE_NOT_ADMITTED',
      position: joined.position,
    });
    await admitAll();
    expect(await seatsOf(carol, performanceB)).toMatchObject({ seatsTotal: 10 });
    expect(await seatsOf(carol, performanceA)).toMatchObject({ domainCode: 'QUEUE_WRONG_CONCERT' });
  });
});
