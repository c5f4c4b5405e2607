/**
 * The load shedder's decision on its own: which class of call is refused at which load, what a refusal looks like,
 * and that the event-loop sampler sees a stalled loop. The database wait's gauge is tested on a real pool in
 * infra/pool-wait.test.ts, the server-level behaviour in apps/server's e2e suite.
 */
import { describe, expect, it } from 'vitest';
import { eventLoopDelayMs } from '../src/load/event-loop-delay.js';
import { defaultLoadLimits, type LoadLimits } from '../src/load/load-limits.js';
import { createLoadShedder, shouldShed, type Load } from '../src/load/load-shedder.js';
import { procedureShedClass, shedClassOf, shedClasses, type ShedClass } from '../src/load/shed-classes.js';
import { appRouter } from '../src/router.js';

const limits: LoadLimits = {
  maxInFlight: 100,
  maxEventLoopDelayMs: 400,
  maxDatabaseWaitMs: 600,
  retryAfterSeconds: 2,
};

function shedAt(load: Partial<Load>, at: LoadLimits = limits): ShedClass[] {
  const full: Load = { inFlight: 0, eventLoopDelayMs: 0, databaseWaitMs: 0, ...load };
  return shedClasses.filter((cls) => shouldShed(full, cls, at));
}

describe('which calls are shed at which load', () => {
  it('sheds nothing when idle, and everything past the hard limit', () => {
    expect(shedAt({})).toEqual([]);
    expect(shedAt({ inFlight: 100 })).toEqual(shedClasses);
    expect(shedAt({ eventLoopDelayMs: 400 })).toEqual(shedClasses);
    expect(shedAt({ databaseWaitMs: 600 })).toEqual(shedClasses);
  });

  it('sheds browsing first and checkout last, by in-flight calls', () => {
    expect(shedAt({ inFlight: 49 })).toEqual([]);
    expect(shedAt({ inFlight: 50 })).toEqual(['browse']);
    expect(shedAt({ inFlight: 70 })).toEqual(['browse', 'standard']);
    expect(shedAt({ inFlight: 85 })).toEqual(['browse', 'standard', 'poll']);
    expect(shedAt({ inFlight: 93 })).toEqual(['browse', 'standard', 'poll', 'hold']);
    expect(shedAt({ inFlight: 99 })).toEqual(['browse', 'standard', 'poll', 'hold']);
  });

  it('sheds by event-loop delay on the same shares', () => {
    expect(shedAt({ eventLoopDelayMs: 199 })).toEqual([]);
    expect(shedAt({ eventLoopDelayMs: 200 })).toEqual(['browse']);
    expect(shedAt({ eventLoopDelayMs: 350 })).toEqual(['browse', 'standard', 'poll']);
  });

  it('sheds by the database wait on the same shares, with the process idle and few calls in flight', () => {
    // The overload of issue 12: PostgreSQL is the queue, the loop is on time and 300 calls are far below 1000.
    const io = { inFlight: 30, eventLoopDelayMs: 5 };
    expect(shedAt({ ...io, databaseWaitMs: 299 })).toEqual([]);
    expect(shedAt({ ...io, databaseWaitMs: 300 })).toEqual(['browse']);
    expect(shedAt({ ...io, databaseWaitMs: 420 })).toEqual(['browse', 'standard']);
    expect(shedAt({ ...io, databaseWaitMs: 510 })).toEqual(['browse', 'standard', 'poll']);
    // Holds before pays: a buyer taking seats is refused while one holding them still pays.
    expect(shedAt({ ...io, databaseWaitMs: 558 })).toEqual(['browse', 'standard', 'poll', 'hold']);
    expect(shedAt({ ...io, databaseWaitMs: 599 })).toEqual(['browse', 'standard', 'poll', 'hold']);
  });

  it('sheds a class once any one measure reaches its share, whatever the others', () => {
    expect(shedAt({ inFlight: 49, eventLoopDelayMs: 199, databaseWaitMs: 299 })).toEqual([]);
    expect(shedAt({ inFlight: 70, databaseWaitMs: 510 })).toEqual(['browse', 'standard', 'poll']);
  });

  it('does not shed at the waits of a healthy pool under the default limits', () => {
    // A burst the pool absorbs queues for tens of ms; the default limit is half a second for checkout.
    expect(shedAt({ databaseWaitMs: 100 }, defaultLoadLimits)).toEqual([]);
    expect(shedAt({ databaseWaitMs: defaultLoadLimits.maxDatabaseWaitMs }, defaultLoadLimits)).toEqual(
      shedClasses,
    );
  });

  it('classes procedures as documented, and a batch by its call shed last', () => {
    expect(shedClassOf('concert.list')).toBe('browse');
    expect(shedClassOf('queue.join')).toBe('browse');
    expect(shedClassOf('wallet.balance')).toBe('standard');
    expect(shedClassOf('queue.status')).toBe('poll');
    expect(shedClassOf('reservation.hold')).toBe('hold');
    expect(shedClassOf('payment.pay')).toBe('checkout');
    expect(shedClassOf('reservation.cancel')).toBe('checkout');
    expect(shedClassOf('concert.list,payment.pay,queue.status')).toBe('checkout');
    expect(shedClassOf('no.such')).toBe('standard');
  });

  it('names only procedures the router has', () => {
    const procedures = Object.keys(appRouter._def.procedures);
    expect(procedures).toContain('payment.pay');
    for (const name of Object.keys(procedureShedClass)) expect(procedures).toContain(name);
  });
});

describe('the shedder', () => {
  it('counts calls in flight until released, and not subscriptions', () => {
    const shedder = createLoadShedder({ ...limits, maxInFlight: 4 }, { eventLoopDelayMs: () => 0 });
    const first = shedder.admit('reservation.get');
    const second = shedder.admit('payment.pay');
    const watch = shedder.admit('queue.watch');
    expect(shedder.load().inFlight).toBe(2);
    // 2 of 4 in flight: browsing is refused, checkout is not.
    expect(shedder.admit('concert.list').refused?.status).toBe(503);
    const third = shedder.admit('payment.pay');
    expect(third.refused).toBeNull();
    for (const admission of [first, second, third, watch]) {
      if (!admission.refused) {
        admission.release();
        admission.release();
      }
    }
    expect(shedder.load().inFlight).toBe(0);
    expect(shedder.admit('concert.list').refused).toBeNull();
  });

  it('reads the database wait it is given, on every call', () => {
    let waitMs = 0;
    const shedder = createLoadShedder(limits, { eventLoopDelayMs: () => 0, databaseWaitMs: () => waitMs });
    expect(shedder.admit('concert.list').refused).toBeNull();
    waitMs = 450;
    expect(shedder.load().databaseWaitMs).toBe(450);
    expect(shedder.admit('concert.list').refused?.status).toBe(503);
    expect(shedder.admit('payment.pay').refused).toBeNull();
    waitMs = 600;
    expect(shedder.admit('payment.pay').refused?.status).toBe(503);
    // The queue drained: the next call is admitted at once.
    waitMs = 0;
    expect(shedder.admit('concert.list').refused).toBeNull();
  });

  it("refuses in tRPC's error shape with OVERLOADED, 503 and Retry-After", () => {
    const shedder = createLoadShedder(limits, { eventLoopDelayMs: () => 1000 });
    const { refused } = shedder.admit('payment.pay');
    expect(refused).not.toBeNull();
    expect(refused!.status).toBe(503);
    expect(refused!.headers['retry-after']).toBe('2');
    const body = JSON.parse(refused!.body) as { error: { json: { message: string; data: unknown } } };
    expect(body.error.json.data).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      httpStatus: 503,
      domainCode: 'OVERLOADED',
      retryAfterSeconds: 2,
      shedClass: 'checkout',
    });
  });
});

/** Keeps the event loop busy, as a request doing CPU work would: no timer can run meanwhile. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the event-loop sampler', () => {
  it(
    'reads a loop late on tick after tick as delayed, and one stall as over',
    { timeout: 10_000 },
    async () => {
      eventLoopDelayMs();
      await pause(60);
      stall(300);
      await pause(30);
      // One stall, then a tick on time: the server has recovered.
      await pause(60);
      expect(eventLoopDelayMs()).toBeLessThan(250);

      // Work back to back (each pause is shorter than a tick): every tick is late.
      stall(300);
      await pause(5);
      stall(300);
      await pause(5);
      expect(eventLoopDelayMs()).toBeGreaterThanOrEqual(250);

      await pause(200);
      expect(eventLoopDelayMs()).toBeLessThan(250);
    },
  );
});
