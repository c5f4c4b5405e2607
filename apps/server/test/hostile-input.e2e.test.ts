/**
 * The input and envelope findings of the hostile-traffic review (issue 10), sent over raw HTTP to a real server on
 * PostgreSQL + Redis: each answers a 4xx with its own domain code and a fixed, client-facing message, and none
 * reaches the database as a 500. Generated inputs are in the property suite; sessions in hostile-sessions.
 */
import { describe, expect, it } from 'vitest';
import { expectRefused, useHostileServer } from './support/hostile-server.js';
import { sendWithNodeHttp } from './support/node-http.js';
import { rawBody, rawCall, type RawResult } from './support/raw-trpc.js';

const world = useHostileServer();

const concert = (extra: Record<string, unknown>) => ({
  title: 'Hostile',
  venue: 'Hall',
  saleOpensAt: new Date(Date.now() + 3_600_000).toISOString(),
  performances: [{ startsAt: new Date(Date.now() + 86_400_000).toISOString(), seats: 5 }],
  ...extra,
});

describe('input the database would refuse is refused at the edge', () => {
  it.each([
    ['a NUL in the sign-in username', 'auth.signIn', { username: 'de\u0000mo', password: 'x' }, 'username'],
    ['a NUL in a title', 'admin.createConcert', concert({ title: 'A\u0000B' }), 'title'],
    ['a NUL in a venue', 'admin.createConcert', concert({ venue: 'A\u0000B' }), 'venue'],
    [
      'a NUL in a grade',
      'admin.createConcert',
      concert({
        performances: [
          {
            startsAt: new Date(Date.now() + 86_400_000).toISOString(),
            layout: [{ grade: 'V\u0000IP', price: 1, count: 1 }],
          },
        ],
      }),
      'performances.0.layout.0.grade',
    ],
    [
      'year -271821 in a show date',
      'admin.createConcert',
      concert({ saleOpensAt: '-271821-04-20T00:00:00.000Z' }),
      'saleOpensAt',
    ],
    [
      'a password of eight NULs',
      'auth.signUp',
      { username: 'nul_password', password: '\u0000'.repeat(8) },
      'password',
    ],
  ])('%s', async (_label, path, input, field) => {
    expectRefused(
      await rawCall(world.server.url, 'mutation', path, input, world.admin),
      400,
      'VALIDATION_FAILED',
      field,
    );
  });

  const cursorOf = (text: string) => Buffer.from(text).toString('base64url');
  it.each([
    ['year -271821 in from', 'concert.list', { from: '-271821-04-20T00:00:00.000Z' }, 'from'],
    ['year 0 in from', 'concert.list', { from: '0000-01-01T00:00:00.000Z' }, 'from'],
    ['year 275760 in from', 'concert.list', { from: '+275760-09-13T00:00:00.000Z' }, 'from'],
    [
      'year -271821 in a cursor',
      'concert.list',
      { cursor: cursorOf('-271821-04-20T00:00:00.000Z|00000000-0000-4000-8000-000000000000') },
      'cursor',
    ],
    [
      'a cursor of 36 dashes',
      'concert.list',
      { cursor: cursorOf(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`) },
      'cursor',
    ],
    [
      'a cursor of 36 hex digits',
      'reservation.list',
      { cursor: cursorOf(`2026-01-01T00:00:00.000Z|${'a'.repeat(36)}`) },
      'cursor',
    ],
    ['a ledger cursor beyond int8', 'wallet.history', { cursor: '9223372036854775808' }, 'cursor'],
  ])('%s', async (_label, path, input, field) => {
    expectRefused(
      await rawCall(world.server.url, 'query', path, input, world.admin),
      400,
      'VALIDATION_FAILED',
      field,
    );
  });
});

describe('the envelope', () => {
  it.each(['TRACE', 'PUT', 'DELETE', 'OPTIONS'])(
    '%s on /trpc/* is 405 METHOD_NOT_SUPPORTED',
    async (method) => {
      const res = await sendWithNodeHttp(`${world.server.url}/trpc/concert.list`, method);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, POST');
      const body = JSON.parse(res.text) as RawResult['body'];
      expect(body.error?.json?.data.domainCode).toBe('METHOD_NOT_SUPPORTED');
    },
  );

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['no content type', {}],
  ])('a mutation sent as %s is 415 UNSUPPORTED_MEDIA_TYPE', async (_label, headers) => {
    const res = await fetch(`${world.server.url}/trpc/auth.signIn`, { method: 'POST', headers, body: '{}' });
    const body = (await res.json()) as RawResult['body'];
    expect({ status: res.status, domainCode: body.error?.json?.data.domainCode }).toEqual({
      status: 415,
      domainCode: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect(body.error?.json?.message).not.toMatch(/internal/i);
  });

  it.each([
    ['a Map that is not pairs', { json: { concertId: 'h' }, meta: { values: { '': ['map'] } } }],
    ['a bigint that is not digits', { json: { amount: 'abc' }, meta: { values: { amount: ['bigint'] } } }],
    [
      'a reference cycle',
      { json: { a: {}, b: {} }, meta: { referentialEqualities: { a: ['b'], b: ['a'] } } },
    ],
    ['broken JSON', '{"json":'],
  ])('%s gets a fixed message, not the runtime words', async (_label, body) => {
    const res = await rawBody(
      world.server.url,
      'wallet.charge',
      typeof body === 'string' ? body : JSON.stringify(body),
      world.admin,
    );
    expect(res.status).toBe(400);
    expect(res.body.error?.json?.data.domainCode).toBe('VALIDATION_FAILED');
    expect(res.body.error?.json?.message).toMatch(/^(Malformed request|Invalid input)/);
    expect(JSON.stringify(res.body)).not.toMatch(
      /Iterator value|call stack|Cannot convert|superjson\/issues|github/,
    );
  });

  it('a batch of 1,000 sign-ins is refused whole at once, and a sign-in beside it is served', async () => {
    const paths = Array.from({ length: 1000 }, () => 'auth.signIn').join(',');
    const inputs = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [i, { json: { username: 'admin', password: `guess-${i}` } }]),
    );
    const started = performance.now();
    const [batch, ordinary] = await Promise.all([
      fetch(`${world.server.url}/trpc/${paths}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(inputs),
      }),
      rawCall(world.server.url, 'mutation', 'auth.signIn', { username: 'admin', password: 'admin-pass-123' }),
    ]);
    const elapsed = performance.now() - started;
    const body = (await batch.json()) as RawResult['body'];
    expect({ status: batch.status, domainCode: body.error?.json?.data.domainCode }).toEqual({
      status: 413,
      domainCode: 'BATCH_TOO_LARGE',
    });
    expect(ordinary.status).toBe(200);
    // A refused batch costs no password hash: both answers come back in the time of one sign-in, not 1,000.
    expect(elapsed).toBeLessThan(20_000);
  });
});
