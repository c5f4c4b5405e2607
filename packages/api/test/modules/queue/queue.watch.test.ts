/**
 * The `queue.watch` stream on both engines: a message on every change, heartbeats in between, an immediate re-read
 * when the admission job publishes, the end of the stream once the token has expired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  makeConcert,
  makeUser,
  syntheticBuyer,
  testSessionSecret,
  type TestApp,
} from '../../support/index.js';
import { admissionJob } from '../../../src/modules/queue/queue.jobs.js';
import { watchQueue, watchTiming } from '../../../src/modules/queue/queue.watch.js';

/** The next message, or 'silent' when none comes within `ms`. */
async function next<T>(stream: AsyncGenerator<T>, ms = 2_000): Promise<T | 'silent' | 'done'> {
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<'silent'>((resolve) => (timer = setTimeout(() => resolve('silent'), ms)));
  const result = await Promise.race([
    stream.next().then((r) => (r.done ? ('done' as const) : r.value)),
    silent,
  ]);
  clearTimeout(timer);
  return result;
}

describe.each([
  { engine: 'redis', redis: true },
  { engine: 'in-process', redis: false },
])('queue.watch ($engine)', ({ redis }) => {
  let app: TestApp;
  beforeAll(async () => {
    // Real time here: the stream's own timers (heartbeat, re-check) are what is under test.
    app = await createTestApp({ redis, clock: { now: () => new Date() } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('pushes each change, beats in between, wakes on admission, and ends when the token expires', async () => {
    const operator = await makeUser(app.deps, { role: 'ADMIN' });
    const admin = app.caller({ sessionToken: operator.sessionToken });
    const { concertId } = await makeConcert(app.deps, { admitPerSecond: 1 });
    await admin.admin.configureQueue({ concertId, paused: true });
    const join = async () => {
      const { sessionToken } = syntheticBuyer(testSessionSecret);
      const { token } = await app.caller({ sessionToken }).queue.join({ concertId });
      // Leaving needs the owner's session with the token.
      return { token, leave: () => app.caller({ sessionToken, queueToken: token }).queue.leave() };
    };
    const ahead = await join();
    const mine = await join();

    const abort = new AbortController();
    // Re-checks rarely on their own, so a prompt update can only come from a notification.
    const timing = { ...watchTiming, recheckMs: 10_000, minGapMs: 10, heartbeatMs: 400 };
    const stream = watchQueue(app.deps, mine.token, abort.signal, timing);
    expect(await next(stream)).toMatchObject({ status: 'WAITING', position: 2, paused: true });
    expect(await next(stream)).toMatchObject({ heartbeat: true });

    await ahead.leave();
    await admin.admin.configureQueue({ concertId, paused: false }); // publishes: the stream re-reads at once
    expect(await next(stream)).toMatchObject({ status: 'WAITING', position: 1, paused: false });
    await admissionJob.run(app.deps); // admits one and publishes
    expect(await next(stream)).toMatchObject({ status: 'ACTIVE', concertId });

    await mine.leave();
    await app.deps.pubsub.publish(`queue:${concertId}`, { kind: 'test' });
    expect(await next(stream)).toMatchObject({ status: 'EXPIRED' });
    expect(await next(stream)).toBe('done');
    abort.abort();
  });

  it('stops when the client goes away', async () => {
    const { concertId } = await makeConcert(app.deps);
    const { token } = await app
      .caller({ sessionToken: syntheticBuyer(testSessionSecret).sessionToken })
      .queue.join({ concertId });
    const abort = new AbortController();
    const stream = watchQueue(app.deps, token, abort.signal, { ...watchTiming, minGapMs: 10 });
    expect(await next(stream)).toMatchObject({ status: 'WAITING' });
    const pending = next(stream, 5_000);
    abort.abort();
    expect(await pending).toBe('done');
  });
});
