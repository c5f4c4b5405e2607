/**
 * The findings of the hostile-traffic review (issue 10), each sent over raw HTTP to a real server on PostgreSQL +
 * Redis: every one now answers a 4xx with its own domain code and a fixed, client-facing message, and none
 * reaches the database as a 500. Rate limits have their own suite; generated inputs are in the property suite.
 */
import { request } from 'node:http';
import { createClient, joinAndWaitForAdmission } from '@tix/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv, startServer, type RunningServer } from '../src/index.js';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { firstConcertId, rawBody, rawCall, rawSession, type RawResult } from './support/raw-trpc.js';

let backends: SharedBackends;
let server: RunningServer;
let admin: Record<string, string>;
let concertId: string;

async function signUp(username: string): Promise<{ authorization: string; sessionToken: string }> {
  const res = await rawCall(server.url, 'mutation', 'auth.signUp', { username, password: 'password-123' });
  expect(res.status).toBe(200);
  const { sessionToken } = res.body.result?.data?.json as { sessionToken: string };
  return { authorization: `Bearer ${sessionToken}`, sessionToken };
}

function expectRefused(res: RawResult, status: number, domainCode: string, field?: string): void {
  expect({ status: res.status, domainCode: res.body.error?.json?.data.domainCode }).toEqual({
    status,
    domainCode,
  });
  if (field) expect(res.body.error?.json?.data.fields).toContain(field);
}

/** Any HTTP method (fetch refuses TRACE), with its status, headers and JSON body. */
function sendMethod(method: string, url: string) {
  return new Promise<{ status: number; allow: string | undefined; body: RawResult['body'] }>(
    (resolve, reject) => {
      const req = request(url, { method }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const allow = res.headers.allow;
          resolve({ status: res.statusCode ?? 0, allow, body: JSON.parse(text) as RawResult['body'] });
        });
      });
      req.on('error', reject);
      req.end();
    },
  );
}

/** Reads a server-sent-events stream until its first `serialized-error` event and returns that error. */
async function firstStreamError(url: string): Promise<{ message: string; data: Record<string, unknown> }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended without an error event: ${text}`);
      text += decoder.decode(value, { stream: true });
      const event = /event: serialized-error\ndata: (.*)\n/.exec(text);
      if (event) {
        const parsed = JSON.parse(event[1]!) as { json: { message: string; data: Record<string, unknown> } };
        return parsed.json;
      }
    }
  } finally {
    controller.abort();
  }
}

function streamUrl(path: string, input: unknown, params: Record<string, string>): string {
  const query = new URLSearchParams({ connectionParams: JSON.stringify(params) });
  if (input !== undefined) query.set('input', JSON.stringify({ json: input }));
  return `${server.url}/trpc/${path}?${query.toString()}`;
}

beforeAll(async () => {
  backends = await createSharedBackends({ DEMO_DATA: 'true' });
  server = await startServer(parseEnv({ ...backends.env, PORT: '0', LOG_LEVEL: 'silent' }));
  admin = await rawSession(server.url, 'auth.signIn', { username: 'admin', password: 'admin-pass-123' });
  concertId = await firstConcertId(server.url);
});

afterAll(async () => {
  await server?.close();
  await backends?.cleanup();
});

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
    expectRefused(await rawCall(server.url, 'mutation', path, input, admin), 400, 'VALIDATION_FAILED', field);
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
    expectRefused(await rawCall(server.url, 'query', path, input, admin), 400, 'VALIDATION_FAILED', field);
  });
});

describe('the envelope', () => {
  it.each(['TRACE', 'PUT', 'DELETE', 'OPTIONS'])(
    '%s on /trpc/* is 405 METHOD_NOT_SUPPORTED',
    async (method) => {
      const res = await sendMethod(method, `${server.url}/trpc/concert.list`);
      expect(res.status).toBe(405);
      expect(res.allow).toBe('GET, POST');
      expect(res.body.error?.json?.data.domainCode).toBe('METHOD_NOT_SUPPORTED');
    },
  );

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['no content type', {}],
  ])('a mutation sent as %s is 415 UNSUPPORTED_MEDIA_TYPE', async (_label, headers) => {
    const res = await fetch(`${server.url}/trpc/auth.signIn`, { method: 'POST', headers, body: '{}' });
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
      server.url,
      'wallet.charge',
      typeof body === 'string' ? body : JSON.stringify(body),
      admin,
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
      fetch(`${server.url}/trpc/${paths}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(inputs),
      }),
      rawCall(server.url, 'mutation', 'auth.signIn', { username: 'admin', password: 'admin-pass-123' }),
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

describe('accounts and sessions', () => {
  it('usernames are one account whatever their case or width', async () => {
    await signUp('Casey_Case');
    expectRefused(
      await rawCall(server.url, 'mutation', 'auth.signUp', {
        username: 'CASEY_case',
        password: 'password-123',
      }),
      409,
      'USERNAME_TAKEN',
      'username',
    );
    for (const username of ['casey_case', 'CASEY_CASE', 'ｃａｓｅｙ_ｃａｓｅ']) {
      const res = await rawCall(server.url, 'mutation', 'auth.signIn', {
        username,
        password: 'password-123',
      });
      expect(res.status).toBe(200);
    }
    const signIn = await rawCall(server.url, 'mutation', 'auth.signIn', {
      username: 'Casey_CASE',
      password: 'password-123',
    });
    const { sessionToken } = signIn.body.result?.data?.json as { sessionToken: string };
    const me = await rawCall(server.url, 'query', 'auth.me', undefined, {
      authorization: `Bearer ${sessionToken}`,
    });
    expect((me.body.result?.data?.json as { username: string }).username).toBe('casey_case');
  });

  it('only the exact signature verifies', async () => {
    const { sessionToken } = await signUp('canonical_sig');
    const ok = await rawCall(server.url, 'query', 'auth.me', undefined, {
      authorization: `Bearer ${sessionToken}`,
    });
    expect(ok.status).toBe(200);
    const last = sessionToken.at(-1)!;
    // The signature's last character carries 2 unused bits: flip one, and append padding.
    const flipped = `${sessionToken.slice(0, -1)}${String.fromCharCode(last.charCodeAt(0) ^ 1)}`;
    for (const forged of [`${sessionToken}=`, flipped]) {
      const res = await rawCall(server.url, 'query', 'auth.me', undefined, {
        authorization: `Bearer ${forged}`,
      });
      expectRefused(res, 401, 'UNAUTHENTICATED');
    }
  });

  it('a session in the URL is not a session; a stream ticket opens a stream and nothing else', async () => {
    const { sessionToken, authorization } = await signUp('url_token');
    const inUrl = await fetch(
      `${server.url}/trpc/auth.me?connectionParams=${encodeURIComponent(JSON.stringify({ sessionToken }))}`,
    );
    expect(inUrl.status).toBe(401);
    const ticket = await rawCall(server.url, 'mutation', 'auth.streamTicket', undefined, { authorization });
    const { ticket: streamTicket } = ticket.body.result?.data?.json as { ticket: string };
    const asSession = await rawCall(server.url, 'query', 'auth.me', undefined, {
      authorization: `Bearer ${streamTicket}`,
    });
    expectRefused(asSession, 401, 'UNAUTHENTICATED');
    const inQueryUrl = await fetch(
      `${server.url}/trpc/auth.me?connectionParams=${encodeURIComponent(JSON.stringify({ streamTicket }))}`,
    );
    expect(inQueryUrl.status).toBe(401);
  });

  it("queue.leave with someone else's token and your own session is FORBIDDEN and ends nothing", async () => {
    const alice = await signUp('leave_alice');
    const mallory = await signUp('leave_mallory');
    const joined = await rawCall(server.url, 'mutation', 'queue.join', { concertId }, alice);
    const { token } = joined.body.result?.data?.json as { token: string };
    const res = await rawCall(server.url, 'mutation', 'queue.leave', undefined, {
      ...mallory,
      'x-queue-token': token,
    });
    expectRefused(res, 403, 'FORBIDDEN');
    const status = await rawCall(server.url, 'query', 'queue.status', undefined, { 'x-queue-token': token });
    expect((status.body.result?.data?.json as { status: string }).status).not.toBe('EXPIRED');
  });
});

describe('subscriptions map domain errors as queries do', () => {
  it('queue.watch with an unknown token is QUEUE_TOKEN_INVALID (403), not a 500', async () => {
    const error = await firstStreamError(
      streamUrl('queue.watch', undefined, { queueToken: 'no-such-token' }),
    );
    expect(error.data).toMatchObject({
      domainCode: 'QUEUE_TOKEN_INVALID',
      httpStatus: 403,
      code: 'FORBIDDEN',
    });
  });

  it('concert.seatEvents for an unknown performance, or with another concert token', async () => {
    const tix = createClient({ url: server.url });
    tix.setSessionToken((await signUp('stream_buyer')).sessionToken);
    const operator = createClient({
      url: server.url,
      sessionToken: admin.authorization!.slice('Bearer '.length),
    });
    const { concertId: openConcert } = await operator.admin.createConcert.mutate({
      title: 'Open Now',
      venue: 'Hall',
      saleOpensAt: new Date(Date.now() - 60_000),
      admitPerSecond: 100,
      maxActive: 100,
      performances: [{ startsAt: new Date(Date.now() + 86_400_000), seats: 5 }],
    });
    await joinAndWaitForAdmission(tix, openConcert);
    const { ticket } = await tix.auth.streamTicket.mutate();
    const params = { streamTicket: ticket, queueToken: tix.credentials.queueToken! };
    const unknown = await firstStreamError(
      streamUrl('concert.seatEvents', { performanceId: '00000000-0000-4000-8000-000000000000' }, params),
    );
    expect(unknown.data).toMatchObject({ domainCode: 'PERFORMANCE_NOT_FOUND', httpStatus: 404 });
    const dates = await rawCall(server.url, 'query', 'concert.dates', { concertId });
    const otherPerformance = (dates.body.result?.data?.json as { performanceId: string }[])[0]!.performanceId;
    const wrong = await firstStreamError(
      streamUrl('concert.seatEvents', { performanceId: otherPerformance }, params),
    );
    expect(wrong.data).toMatchObject({ domainCode: 'QUEUE_WRONG_CONCERT', httpStatus: 403 });
  });
});
