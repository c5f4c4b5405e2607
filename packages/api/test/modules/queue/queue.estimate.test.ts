/**
 * The wait estimate through the router on both engines (docs/domain.md, "Waiting room: the estimate"): bounded by the
 * rate when slots are free, by the turns of the people shopping when they are not, and fed by the turn lengths the
 * engines log when shoppers pay, leave or time out.
 */
import { describe, expect, it } from 'vitest';
import { testSessionSecret, syntheticBuyer } from '../../support/index.js';
import { useQueueScene } from '../../support/queue-scene.js';

describe.each([
  { engine: 'redis', redis: true },
  { engine: 'in-process', redis: false },
])('wait estimate ($engine)', ({ redis }) => {
  const { scene, status, tick, pausedConcert, resume } = useQueueScene(redis);
  const join = async (concertId: string) => {
    const b = syntheticBuyer(testSessionSecret, scene.clock.now());
    const api = (queueToken?: string) => scene.app.caller({ sessionToken: b.sessionToken, queueToken });
    const { token } = await api().queue.join({ concertId });
    return { token, leave: () => api(token).queue.leave() };
  };

  it('is the position over the rate while slots are free', async () => {
    const concertId = await pausedConcert({ maxActive: 1000, admitPerSecond: 10 });
    const tokens: string[] = [];
    for (let i = 0; i < 60; i++) tokens.push((await join(concertId)).token);
    await resume(concertId);
    const first = await status(tokens[59]!);
    expect(first).toMatchObject({ position: 60, etaSeconds: 6, estimatedAt: scene.clock.now() });
    expect(first.etaLowSeconds!).toBeLessThanOrEqual(6);
    expect(first.etaHighSeconds!).toBeGreaterThanOrEqual(7);
    await tick();
    for (let s = 0; s < 4; s++) {
      scene.clock.advance(1);
      await Promise.all(tokens.slice(-10).map(status)); // keep the tail present
      await tick();
    }
    expect(await status(tokens[59]!)).toMatchObject({ position: 10, etaSeconds: 1 });
  });

  it('waits for the shoppers when the room is full, learning from the turns that end', async () => {
    const concertId = await pausedConcert({ maxActive: 2, admitPerSecond: 100, activeTtlSeconds: 60 });
    const people = [];
    for (let i = 0; i < 10; i++) people.push(await join(concertId));
    const t0 = scene.clock.now().getTime();
    await resume(concertId);
    await tick();
    // Nobody has finished a turn yet: a 30 s guess, between the rate alone and the whole TTL (the old answer: 1 s).
    expect(await status(people[2]!.token)).toMatchObject({
      position: 1,
      etaSeconds: 30,
      etaLowSeconds: 1,
      etaHighSeconds: 60,
    });
    // Three rounds of two shoppers who each take 10 s and leave.
    for (let round = 0; round < 3; round++) {
      scene.clock.advance(10);
      await Promise.all(people.slice(2 * round + 2).map((p) => status(p.token)));
      await people[2 * round]!.leave();
      await people[2 * round + 1]!.leave();
      await tick();
    }
    const room = await scene.app.deps.queue.room(concertId, scene.clock.now());
    expect(room.waiting).toBe(2);
    expect(room.turns).toEqual([
      { admittedAt: t0 + 30_000, endsBy: t0 + 90_000 },
      { admittedAt: t0 + 30_000, endsBy: t0 + 90_000 },
    ]);
    expect(room.recentTurnMs).toEqual(Array<number>(6).fill(10_000));
    expect(await status(people[8]!.token)).toMatchObject({ position: 1, etaSeconds: 10 });

    // The last two shoppers go silent: their turns time out and are logged at the TTL's length.
    // The job keeps ticking (a room without a tick for 45 s gives turns the blind time back: "Recovery").
    scene.clock.advance(30);
    await Promise.all(people.slice(8).map((p) => status(p.token)));
    await tick();
    scene.clock.advance(31);
    await Promise.all(people.slice(8).map((p) => status(p.token)));
    await tick();
    expect(await status(people[8]!.token)).toMatchObject({ status: 'ACTIVE' });
    const after = await scene.app.deps.queue.room(concertId, scene.clock.now());
    expect([...after.recentTurnMs].sort((a, b) => a - b)).toEqual([
      ...Array<number>(6).fill(10_000),
      60_000,
      60_000,
    ]);
  });

  it('takes the turns of an earlier sale before any of its own has ended', async () => {
    // Last: the turns it leaves in queue_turns are every later room's prior.
    // An earlier sale: two shoppers who took 12 s and left (queue_turns keeps their turns).
    const earlier = await pausedConcert({ maxActive: 2, admitPerSecond: 100, activeTtlSeconds: 60 });
    const before = [await join(earlier), await join(earlier)];
    await resume(earlier);
    await tick();
    scene.clock.advance(12);
    for (const p of before) await p.leave();
    // A minute on (any earlier read of "no earlier turns" is stale by then), a full room at its opening.
    scene.clock.advance(60);
    const concertId = await pausedConcert({ maxActive: 2, admitPerSecond: 100, activeTtlSeconds: 60 });
    const people = [];
    for (let i = 0; i < 3; i++) people.push(await join(concertId));
    await resume(concertId);
    await tick();
    const next = await status(people[2]!.token);
    // A turn like the earlier sales' (these 12 s, the test above's 10 s), not the 30 s guess; the range still runs
    // from the rate alone to the TTL.
    expect(next).toMatchObject({ position: 1, etaLowSeconds: 1, etaHighSeconds: 60 });
    expect(next.etaSeconds).toBeGreaterThanOrEqual(10);
    expect(next.etaSeconds).toBeLessThanOrEqual(12);
  });
});
