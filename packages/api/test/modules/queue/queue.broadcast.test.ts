/**
 * What a waiting person costs (docs/domain.md, "Waiting room", "Live places" and "Presence"), on both engines:
 * live watchers are moved by the admission step's broadcast without a read each, and the places they show are the
 * exact ones; a live subscription, or a poll noted on arrival, keeps its holder present through the batch alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { PRESENCE_TIMEOUT_MS } from '../../../src/modules/queue/queue.engine.js';
import { admissionJob } from '../../../src/modules/queue/queue.jobs.js';
import { flushPresence, notePresent } from '../../../src/modules/queue/queue-presence.js';
import type { QueueView } from '../../../src/modules/queue/queue.service.js';
import { watchQueue, watchTiming } from '../../../src/modules/queue/queue.watch.js';
import {
  createTestApp,
  makeConcert,
  makeUser,
  syntheticBuyer,
  testSessionSecret,
  type TestApp,
} from '../../support/index.js';

type Message = QueueView | { heartbeat: true };

/** Keeps the latest view of a stream, so a test can wait until it shows what it should. */
function follow(stream: AsyncGenerator<Message>) {
  const state = { latest: null as QueueView | null, done: false };
  void (async () => {
    for await (const message of stream) if (!('heartbeat' in message)) state.latest = message;
    state.done = true;
  })();
  return state;
}

async function until(check: () => boolean, what: string, ms = 60_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each([
  { engine: 'redis', redis: true },
  { engine: 'in-process', redis: false },
])('queue broadcast ($engine)', ({ redis }) => {
  let app: TestApp;
  let clock: ManualClock;
  const readTokens: string[] = [];
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    app = await createTestApp({ redis, clock });
    const status = app.deps.queue.status.bind(app.deps.queue);
    app.deps.queue.status = (token, now) => {
      readTokens.push(token);
      return status(token, now);
    };
  });
  afterAll(async () => {
    await app?.close();
  });

  const pausedConcert = async (settings: { maxActive?: number; admitPerSecond?: number } = {}) => {
    const operator = await makeUser(app.deps, { role: 'ADMIN' });
    const admin = app.caller({ sessionToken: operator.sessionToken });
    const { concertId } = await makeConcert(app.deps, settings);
    await admin.admin.configureQueue({ concertId, paused: true });
    return { concertId, resume: () => admin.admin.configureQueue({ concertId, paused: false }) };
  };
  const join = async (concertId: string) => {
    const { sessionToken } = syntheticBuyer(testSessionSecret, clock.now());
    const { token } = await app.caller({ sessionToken }).queue.join({ concertId });
    return { token, leave: () => app.caller({ sessionToken, queueToken: token }).queue.leave() };
  };
  const exact = (token: string) => app.caller({ queueToken: token }).queue.status();

  it(
    'moves 40 watchers by each broadcast, reading only those whose own turn came',
    { timeout: 240_000 },
    async () => {
      const { concertId, resume } = await pausedConcert({ maxActive: 1_000, admitPerSecond: 3 });
      const people: Array<Awaited<ReturnType<typeof join>>> = [];
      for (let i = 0; i < 40; i++) people.push(await join(concertId));
      const abort = new AbortController();
      // No re-check of its own within the test: every move comes from a broadcast.
      const timing = {
        ...watchTiming,
        recheckMs: 60_000,
        heartbeatMs: 60_000,
        exactMs: 600_000,
        minGapMs: 5,
      };
      const views = people.map((p) => follow(watchQueue(app.deps, p.token, abort.signal, timing)));
      await until(() => views.every((v) => v.latest?.status === 'WAITING'), 'every watcher has its place');
      await resume(); // a settings message: each server reads the line's log once, not each watcher its place

      const left = new Set<number>();
      for (let round = 0; round < 6; round++) {
        // Two leave from behind the head, then one admission step (three let in) broadcasts it all.
        for (const i of [10 + round * 4, 25 + round * 2]) {
          await people[i]!.leave();
          left.add(i);
        }
        clock.advance(1);
        const readsBefore = readTokens.length;
        await admissionJob.run(app.deps);
        const expected = await Promise.all(
          people.map((p, i) => (left.has(i) ? Promise.resolve(null) : exact(p.token).catch(() => null))),
        );
        await until(
          () =>
            views.every((v, i) => {
              const want = expected[i];
              if (!want || left.has(i)) return true;
              return want.status === 'WAITING'
                ? v.latest?.status === 'WAITING' && v.latest.position === want.position
                : v.latest?.status === want.status;
            }),
          `every watcher shows its exact place after round ${round}`,
        );
        // The watchers' own reads (the test's exact reads taken out): only those whose turn came, or who left.
        const reads = readTokens.slice(readsBefore).map((t) => people.findIndex((p) => p.token === t));
        for (const i of people.keys()) if (expected[i]) reads.splice(reads.indexOf(i), 1);
        const stillWaiting = (i: number) => expected[i]?.status === 'WAITING';
        expect(reads.filter(stillWaiting), `round ${round}`).toEqual([]);
        expect(expected.filter((e) => e?.status === 'ACTIVE')).toHaveLength(3 * (round + 1));
      }
      abort.abort();
    },
  );

  it(
    'keeps a live subscription and a noted poll present through the batch, and drops the silent',
    { timeout: 120_000 },
    async () => {
      const { concertId } = await pausedConcert();
      const live = await join(concertId);
      const polling = await join(concertId);
      const silent = await join(concertId);
      const abort = new AbortController();
      const view = follow(
        watchQueue(app.deps, live.token, abort.signal, { ...watchTiming, exactMs: 600_000 }),
      );
      await until(() => view.latest?.status === 'WAITING', 'the watcher has its place');
      // Twice the presence window, in steps; the poll is noted on arrival each time and never processed.
      for (let t = 0; t < (2 * PRESENCE_TIMEOUT_MS) / 10_000; t++) {
        clock.advance(10);
        if (t % 3 === 0) notePresent(app.deps, polling.token);
        await flushPresence(app.deps);
        await admissionJob.run(app.deps);
      }
      expect(await exact(live.token)).toMatchObject({ status: 'WAITING', position: 1 });
      expect(await exact(polling.token)).toMatchObject({ status: 'WAITING', position: 2 });
      expect(await exact(silent.token)).toMatchObject({ status: 'EXPIRED' });
      abort.abort();
    },
  );

  it('a broadcast that fails fails the admission step, and is never left unhandled meanwhile', async () => {
    const { concertId, resume } = await pausedConcert();
    await join(concertId);
    await resume();
    const publish = app.deps.pubsub.publish.bind(app.deps.pubsub);
    // Rejected before the step's local work (a room read) is done: unhandled, it would end the process.
    app.deps.pubsub.publish = () => Promise.reject(new Error('Command timed out'));
    try {
      clock.advance(1);
      await expect(admissionJob.run(app.deps)).rejects.toThrow('Command timed out');
    } finally {
      app.deps.pubsub.publish = publish;
    }
  });
});
