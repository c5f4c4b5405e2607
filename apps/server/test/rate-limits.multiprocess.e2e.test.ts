/**
 * The limits hold across server processes: two real servers share PostgreSQL and Redis, and an attacker who spreads
 * wrong passwords (or charges) over both still meets one count. With counters per process, each server would have
 * seen only half and let the next attempt through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { rawCall } from './support/raw-trpc.js';
import { spawnServers, type ServerProcess } from './support/spawn-server.js';

describe('rate limits across two server processes', () => {
  let backends: SharedBackends;
  let servers: ServerProcess[];

  beforeAll(async () => {
    backends = await createSharedBackends({
      RATE_LIMITS: 'signInFailuresPerAccount=4/60,chargePerUser=3/60',
    });
    servers = await spawnServers(2, backends.env);
  }, 120_000);
  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await backends?.cleanup();
  });

  const on = (i: number) => servers[i % 2]!.url;

  it('locks an account whose wrong passwords were spread over both servers', async () => {
    const signUp = await rawCall(on(0), 'mutation', 'auth.signUp', {
      username: 'spread_victim',
      password: 'right-pass-123',
    });
    expect(signUp.status).toBe(200);
    for (let i = 0; i < 4; i++) {
      const wrong = await rawCall(on(i), 'mutation', 'auth.signIn', {
        username: 'spread_victim',
        password: `guess-${i}-x`,
      });
      expect(wrong.status).toBe(401);
    }
    for (const i of [0, 1]) {
      const right = await rawCall(on(i), 'mutation', 'auth.signIn', {
        username: 'spread_victim',
        password: 'right-pass-123',
      });
      expect(right.status).toBe(429);
      expect(right.body.error?.json?.data.domainCode).toBe('RATE_LIMITED');
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Each server logged what it saw, and no line of either has a password in it.
    const lines = servers.flatMap((s) => s.output);
    const security = lines
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.channel === 'security');
    expect(security.map((l) => l.event)).toEqual(
      expect.arrayContaining(['account_locked', 'rate_limit_hit']),
    );
    for (const secret of ['right-pass-123', 'guess-0-x', 'guess-3-x'])
      expect(lines.join('\n')).not.toContain(secret);
  });

  it('counts one user’s charges on both servers together', async () => {
    const signUp = await rawCall(on(1), 'mutation', 'auth.signUp', {
      username: 'spread_charger',
      password: 'right-pass-123',
    });
    const { sessionToken } = signUp.body.result!.data!.json as { sessionToken: string };
    const charge = (i: number) =>
      rawCall(
        on(i),
        'mutation',
        'wallet.charge',
        { amount: 1000 },
        { authorization: `Bearer ${sessionToken}` },
      );
    expect([(await charge(0)).status, (await charge(1)).status, (await charge(0)).status]).toEqual([
      200, 200, 200,
    ]);
    const limited = await charge(1);
    expect(limited.status).toBe(429);
    expect(limited.body.error?.json?.data.domainCode).toBe('RATE_LIMITED');
    expect((await charge(0)).status).toBe(429);
  });
});
