/**
 * The `queue.watch` stream on both engines: a message on every change, heartbeats in between, an immediate re-read
 * when the admission job publishes, the end of the stream once the token has expired; a short Redis failure ridden
 * out, a long one ending the stream with the error.
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
import { DependencyUnavailableError } from '../../../src/infra/dependency-failure.js';
import type { Deps } from '../../../src/deps.js';

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

  /** The app's deps with the engine's status reads failing (as with the breaker open) while `failing()` holds. */
  const failingReads = (failing: () => boolean): Deps => {
    const queue = new Proxy(app.deps.queue, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (name !== 'status' || typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          failing()
            ? Promise.reject(new DependencyUnavailableError('redis'))
            : (value as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
    return { ...app.deps, queue };
  };

  it('rides out a Redis failure shorter than the grace, and ends with it when it lasts', async () => {
    const { concertId } = await makeConcert(app.deps);
    const { token } = await app
      .caller({ sessionToken: syntheticBuyer(testSessionSecret).sessionToken })
      .queue.join({ concertId });
    let down = false;
    const deps = failingReads(() => down);
    const abort = new AbortController();
    // exactMs 0: every turn of the loop reads the status (none is moved from the feed without a read).
    const timing = {
      ...watchTiming,
      exactMs: 0,
      recheckMs: 50,
      minGapMs: 10,
      heartbeatMs: 300,
      outageGraceMs: 1_500,
      retryMs: 50,
    };
    const stream = watchQueue(deps, token, abort.signal, timing);
    expect(await next(stream)).toMatchObject({ status: 'WAITING', position: 1 });

    // Down for well under the grace: the stream carries on (a heartbeat once reads answer again).
    down = true;
    setTimeout(() => (down = false), 500);
    expect(await next(stream, 5_000)).toMatchObject({ heartbeat: true });

    // Down for good: the stream ends with the failure after the grace, for the client to reopen it.
    down = true;
    const failedAt = Date.now();
    await expect(stream.next()).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(1_000);
    abort.abort();
  });
});
