/**
 * The set-up the waiting-room suites share: a test app on one engine (Redis or in-process) with a clock the test
 * moves by hand, an operator, and the few moves those suites make (join as a fresh buyer, read a token, run the
 * admission job, a concert held paused until the test resumes it, so joins do not race the job).
 */
import { afterAll, beforeAll } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { admissionJob } from '../../src/modules/queue/queue.jobs.js';
import { makeConcert, makeUser } from './factories.js';
import { createTestApp, testSessionSecret, type TestApp } from './harness.js';
import { syntheticBuyer } from './queue.js';

export interface QueueScene {
  app: TestApp;
  clock: ManualClock;
  admin: ReturnType<TestApp['caller']>;
}

type SceneSettings = { maxActive?: number; admitPerSecond?: number; activeTtlSeconds?: number };

/** Call inside a `describe`: builds the scene before its tests and closes it after. */
export function useQueueScene(redis: boolean, start = new Date('2030-03-01T10:00:00Z')) {
  const scene = {} as QueueScene;
  beforeAll(async () => {
    scene.clock = new ManualClock(start);
    scene.app = await createTestApp({ redis, clock: scene.clock });
    const operator = await makeUser(scene.app.deps, { role: 'ADMIN' });
    scene.admin = scene.app.caller({ sessionToken: operator.sessionToken });
  });
  afterAll(async () => {
    await scene.app?.close();
  });

  const buyer = () => {
    const b = syntheticBuyer(testSessionSecret, scene.clock.now());
    return { ...b, api: scene.app.caller({ sessionToken: b.sessionToken }) };
  };
  const withToken = (token: string) => scene.app.caller({ queueToken: token });
  return {
    scene,
    buyer,
    withToken,
    status: (token: string) => withToken(token).queue.status(),
    tick: () => admissionJob.run(scene.app.deps),
    pausedConcert: async (settings: SceneSettings = {}) => {
      const concert = await makeConcert(scene.app.deps, settings);
      await scene.admin.admin.configureQueue({ concertId: concert.concertId, paused: true });
      return concert.concertId;
    },
    resume: (concertId: string) => scene.admin.admin.configureQueue({ concertId, paused: false }),
  };
}
