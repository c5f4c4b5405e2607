/**
 * What the HTTP edge tells browsers and caches: the security headers on every kind of answer, `no-store` on
 * personal ones, and /metrics only for the holder of the metrics token.
 */
import type { AddressInfo } from 'node:net';
import { makeBuyers } from '@tix/api/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, parseEnv, startServer, type RunningServer } from '../src/index.js';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { readMetrics, testMetricsToken } from './support/metrics.js';

let backends: SharedBackends;
let server: RunningServer;
let sessionToken: string;

beforeAll(async () => {
  backends = await createSharedBackends();
  server = await startServer(
    parseEnv({ ...backends.env, PORT: '0', LOG_LEVEL: 'silent', RUN_JOBS: 'false' }),
  );
  const [buyer] = await makeBuyers(server.deps, 1);
  sessionToken = buyer!.sessionToken;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await backends?.cleanup();
});

const trpc = (path: string, init: RequestInit = {}) => fetch(`${server.url}/trpc/${path}`, init);

describe('security headers', () => {
  it.each([
    ['the app shell or API notice', '/'],
    ['a tRPC answer', '/trpc/concert.list'],
    ['a tRPC refusal', '/trpc/no.such.procedure'],
    ['the health check', '/healthz'],
  ])('are on %s', async (_what, path) => {
    const response = await fetch(`${server.url}${path}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});

describe('Cache-Control on tRPC answers', () => {
  const input = encodeURIComponent(JSON.stringify({ json: {} }));

  it('lets an anonymous catalog read be stored but revalidated', async () => {
    const response = await trpc(`concert.list?input=${input}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('forbids storing an answer to a request with a session', async () => {
    const response = await trpc('wallet.balance', { headers: { authorization: `Bearer ${sessionToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // A catalog read with a session is personal too: the cached edge answers it, with the same rule.
    const catalog = await trpc(`concert.list?input=${input}`, {
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    expect(catalog.headers.get('cache-control')).toBe('no-store');
  });

  it('forbids storing an answer to a request with a queue token, or a subscription', async () => {
    const queued = await trpc('queue.status', { headers: { 'x-queue-token': 'not-a-token' } });
    expect(queued.headers.get('cache-control')).toBe('no-store');
    const params = encodeURIComponent(JSON.stringify({ sessionToken }));
    const stream = await trpc(`queue.watch?connectionParams=${params}`, {
      signal: AbortSignal.timeout(5000),
    });
    expect(stream.headers.get('cache-control')).toBe('no-store, no-transform');
    await stream.body?.cancel();
  });

  it('forbids storing the answer to any mutation, even anonymous', async () => {
    const response = await trpc('auth.signIn', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { username: 'nobody-here', password: 'wrong-password' } }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('/metrics', () => {
  it('answers the holder of the token, and no one else', async () => {
    expect(await readMetrics(server.url)).toMatch(/^tix_http_request_duration_seconds_count/m);
    const url = `${server.url}/metrics`;
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(url, { headers: { authorization: `Bearer ${testMetricsToken}x` } })).status).toBe(
      404,
    );
    expect((await fetch(url, { headers: { authorization: testMetricsToken } })).status).toBe(404);
  });

  it('does not exist when no token is configured', async () => {
    const app = createApp(server.deps, { logger: pino({ level: 'silent' }) });
    const listener = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    try {
      const { port } = listener.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { authorization: `Bearer ${testMetricsToken}` },
      });
      expect(response.status).toBe(404);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
