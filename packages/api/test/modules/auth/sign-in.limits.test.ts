/**
 * The sign-in lockout and the per-address limits through the router (real PostgreSQL and Redis), with limits tight
 * enough to reach in a test: 3 failures lock an account, 5 failures from one address block it, 2 sign-ups per address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingSecurityLog } from '../../../src/infra/security-log.js';
import { defaultRateLimits } from '../../../src/rate-limits.js';
import { createTestApp, makeUser, type TestApp } from '../../support/index.js';
import { failureOf } from '../../support/outcomes.js';

const password = 'password-123';

describe('sign-in lockout and per-address limits', () => {
  const log = createRecordingSecurityLog();
  let app: TestApp;
  let address = 0;
  /** A fresh client address per test, so tests do not share per-address counters. */
  const from = () => app.caller({ clientAddress: `198.51.100.${++address}` });

  beforeAll(async () => {
    app = await createTestApp({
      securityLog: log,
      config: {
        rateLimits: {
          ...defaultRateLimits,
          signInFailuresPerAccount: { points: 3, durationSeconds: 60 },
          signInFailuresPerAddress: { points: 5, durationSeconds: 60 },
          signUpPerAddress: { points: 2, durationSeconds: 60 },
        },
      },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('locks an account after 3 failures: the right password is refused with RATE_LIMITED until the window passes', async () => {
    const alice = await makeUser(app.deps);
    const caller = from();
    for (let i = 0; i < 3; i++) {
      expect(
        (await failureOf(caller.auth.signIn({ username: alice.username, password: 'wrong-pass' }))).code,
      ).toBe('INVALID_CREDENTIALS');
    }
    const locked = await failureOf(caller.auth.signIn({ username: alice.username, password }));
    expect(locked.code).toBe('RATE_LIMITED');
    expect(locked.details).toMatchObject({ limit: 'signInFailuresPerAccount' });
    expect(locked.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.details.retryAfterSeconds).toBeLessThanOrEqual(60);
    // From another address too: the lock is the account's.
    expect((await failureOf(from().auth.signIn({ username: alice.username, password }))).code).toBe(
      'RATE_LIMITED',
    );
    // Someone else, from the same address, is not affected.
    const bob = await makeUser(app.deps);
    await expect(caller.auth.signIn({ username: bob.username, password })).resolves.toMatchObject({
      userId: bob.id,
    });
  });

  it('counts by canonical username, so changing the case does not get around the lock', async () => {
    const carol = await makeUser(app.deps);
    const caller = from();
    for (const username of [
      carol.username.toUpperCase(),
      carol.username,
      ` ${carol.username.toUpperCase()}`,
    ]) {
      await failureOf(caller.auth.signIn({ username, password: 'wrong-pass' }));
    }
    expect((await failureOf(caller.auth.signIn({ username: carol.username, password }))).code).toBe(
      'RATE_LIMITED',
    );
  });

  it('forgets an account’s failures once it signs in', async () => {
    const dave = await makeUser(app.deps);
    for (let round = 0; round < 3; round++) {
      // Without the reset, the second round's failures would lock the account (2 + 2 > 3).
      const caller = from();
      await failureOf(caller.auth.signIn({ username: dave.username, password: 'wrong-pass' }));
      await failureOf(caller.auth.signIn({ username: dave.username, password: 'wrong-pass' }));
      await expect(caller.auth.signIn({ username: dave.username, password })).resolves.toMatchObject({
        userId: dave.id,
      });
    }
  });

  it('blocks an address that fails on many accounts (one password tried everywhere); other addresses sign in', async () => {
    const users = await Promise.all(Array.from({ length: 6 }, () => makeUser(app.deps)));
    const sprayer = from();
    for (const user of users.slice(0, 5)) {
      expect(
        (await failureOf(sprayer.auth.signIn({ username: user.username, password: 'Summer2026!' }))).code,
      ).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await failureOf(sprayer.auth.signIn({ username: users[5]!.username, password }));
    expect(blocked).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 'signInFailuresPerAddress' } });
    await expect(from().auth.signIn({ username: users[5]!.username, password })).resolves.toMatchObject({
      userId: users[5]!.id,
    });
  });

  it('limits sign-ups per address; in-process callers, which have no address, are not limited', async () => {
    const caller = from();
    const name = () => `new_${Math.random().toString(36).slice(2, 10)}`;
    await caller.auth.signUp({ username: name(), password });
    await caller.auth.signUp({ username: name(), password });
    const refused = await failureOf(caller.auth.signUp({ username: name(), password }));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 'signUpPerAddress' } });
    for (let i = 0; i < 3; i++) await app.caller().auth.signUp({ username: name(), password });
  });

  it('logs repeated failures, the lockout and the limit hit, with no password in any line', async () => {
    const erin = await makeUser(app.deps);
    const caller = from();
    const before = log.events.length;
    for (let i = 0; i < 3; i++) {
      await failureOf(caller.auth.signIn({ username: erin.username, password: 'guess-number-1' }));
    }
    await failureOf(caller.auth.signIn({ username: erin.username, password }));
    await failureOf(caller.auth.signIn({ username: erin.username, password }));
    const events = log.events.slice(before);
    expect(events.map((e) => e.fields.event)).toEqual([
      'sign_in_failures_repeated', // the account's third failure
      'account_locked',
      'sign_in_failures_repeated', // and the address's
      'rate_limit_hit', // the first refused attempt; the next one is not logged again
    ]);
    expect(events[1]!.fields).toMatchObject({ account: erin.username, address: `198.51.100.${address}` });
    const everything = JSON.stringify(log.events);
    expect(everything).not.toContain('guess-number-1');
    expect(everything).not.toContain(password);
  });
});
