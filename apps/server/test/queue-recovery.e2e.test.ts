/**
 * People who come back (docs/domain.md, "Recovery"), over real HTTP through the SDK: a token the room cannot know
 * ends `waitForAdmission` at once with a final error from the stream (no reconnect loop, no 20 s fallback poll),
 * and the embedded default, restarted on its data directory, gives an admitted buyer back the turn and the hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createClient,
  domainErrorOf,
  joinAndWaitForAdmission,
  newIdempotencyKey,
  waitForAdmission,
} from '@tix/sdk';
import { testServerEnv } from '@tix/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBuyer } from '../src/demo-data.js';
import { parseEnv, startServer, type RunningServer } from '../src/index.js';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { embeddedServerTest } from './support/embedded-budget.js';

describe('a lost queue token over HTTP', () => {
  let backends: SharedBackends;
  let server: RunningServer;

  beforeAll(async () => {
    backends = await createSharedBackends();
    server = await startServer(parseEnv({ ...backends.env, PORT: '0', LOG_LEVEL: 'silent' }));
  });
  afterAll(async () => {
    await server?.close();
    await backends?.cleanup();
  });

  it('ends waitForAdmission with QUEUE_TOKEN_INVALID from the stream itself', async () => {
    const client = createClient({ url: server.url });
    const { concertId } = (await client.concert.list.query()).items[0] ?? {
      concertId: '00000000-0000-4000-8000-000000000001',
    };
    // Well-formed but unsigned: what a client holds after its token was lost for good.
    client.setQueueToken(`${concertId}.${'A'.repeat(43)}`);
    const errors: unknown[] = [];
    // The fallback poll would only start after a minute: only the stream can end this wait.
    const waited = waitForAdmission(client, { pollIntervalMs: 60_000, staleAfterMs: 60_000 }).catch(
      (err: unknown) => errors.push(err),
    );
    await waited;
    expect(domainErrorOf(errors[0])?.domainCode).toBe('QUEUE_TOKEN_INVALID');
  });
});

describe('the embedded default restarted', () => {
  it('keeps an admitted buyer’s turn and hold across the restart', embeddedServerTest, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tix-recovery-'));
    const env = parseEnv({ ...testServerEnv, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    let server = await startServer(env);
    try {
      const tix = createClient({ url: server.url });
      const { sessionToken } = await tix.auth.signIn.mutate(demoBuyer);
      tix.setSessionToken(sessionToken);
      const concert = (await tix.concert.list.query()).items.find((c) => c.saleOpensAt <= new Date())!;
      await joinAndWaitForAdmission(tix, concert.concertId);
      const token = tix.credentials.queueToken!;
      const { performances } = await tix.concert.get.query({ concertId: concert.concertId });
      const performanceId = performances[0]!.performanceId;
      const held = await tix.reservation.hold.mutate({ performanceId, best: { count: 1 } });

      await server.close();
      server = await startServer(env);
      const again = createClient({ url: server.url, sessionToken, queueToken: token });
      expect(await again.queue.status.query()).toMatchObject({
        status: 'ACTIVE',
        concertId: concert.concertId,
      });
      const paid = await again.payment.pay.mutate({
        reservationId: held.reservationId,
        idempotencyKey: newIdempotencyKey(),
      });
      expect(paid.reservationId).toBe(held.reservationId);
      expect(await again.queue.status.query()).toMatchObject({ status: 'EXPIRED' });
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
