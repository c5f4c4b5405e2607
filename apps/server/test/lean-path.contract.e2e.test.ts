/**
 * The lean path's contract (lean-trpc.ts): on the same deps, a server with it and one with only tRPC's Express
 * adapter give the same status, headers and body, for every procedure of the router and for each kind of error.
 * It guards the pinned @trpc/server version: an upgrade that changes what the adapter answers fails here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { makeBuyers } from '@tix/api/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, parseEnv, startServer, type RunningServer } from '../src/index.js';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { routerProcedures } from './support/router-procedures.js';

let backends: SharedBackends;
let lean: RunningServer;
let official: Server;
let officialUrl: string;
let authorization: string;

beforeAll(async () => {
  backends = await createSharedBackends({ DEMO_DATA: 'true', RATE_LIMITS: 'signInPerAddress=2/600' });
  lean = await startServer(parseEnv({ ...backends.env, PORT: '0', LOG_LEVEL: 'silent', RUN_JOBS: 'false' }));
  official = createServer(createApp(lean.deps, { logger: pino({ level: 'silent' }), leanPath: false }));
  await new Promise<void>((resolve) => official.listen(0, '127.0.0.1', resolve));
  officialUrl = `http://127.0.0.1:${(official.address() as AddressInfo).port}`;
  const [buyer] = await makeBuyers(lean.deps, 1);
  authorization = `Bearer ${buyer!.sessionToken}`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => official?.close(resolve));
  await lean?.close();
  await backends?.cleanup();
});

interface Call {
  method: 'GET' | 'POST';
  path: string;
  /** The raw `input` query parameter (GET) or body (POST). */
  input?: string;
  headers?: Record<string, string>;
  /** Sent as a batch of one (`?batch=1`), as the SDK's batch link sends every call. */
  batch?: boolean;
}

const compared = ['content-type', 'retry-after', 'cache-control', 'vary', 'allow'];

let addressCounter = 0;

async function send(base: string, call: Call) {
  const url = `${base}/trpc/${call.path}${call.batch ? '?batch=1' : ''}`;
  // Each call from an address of its own (the server trusts X-Forwarded-For from loopback), so only the
  // rate-limit case, which names one, meets the tight sign-in limit.
  const sent = { 'x-forwarded-for': `203.0.113.${++addressCounter % 250}`, ...call.headers };
  const response =
    call.method === 'GET'
      ? await fetch(
          call.input === undefined
            ? url
            : `${url}${call.batch ? '&' : '?'}input=${encodeURIComponent(call.input)}`,
          {
            headers: sent,
          },
        )
      : await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...sent },
          body: call.input ?? '',
        });
  const headers = Object.fromEntries(compared.map((name) => [name, response.headers.get(name)]));
  return {
    status: response.status,
    headers,
    body: stable(await response.text()),
    // The adapter streams its answer (chunked); the lean path writes it whole: proof of which path answered.
    whole: response.headers.get('content-length') !== null,
  };
}

/** Answers made at different moments differ in their timestamps and fresh tokens, nothing else. */
function stable(body: string): string {
  return body
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, '<time>')
    .replace(/v1\.[\w-]+\.[\w-]+/g, '<token>');
}

/** Calls the lean server, then the official one, and expects the same answer. */
async function expectSame(call: Call) {
  const fromLean = await send(lean.url, call);
  const fromOfficial = await send(officialUrl, call);
  const { whole, ...answer } = fromLean;
  const { whole: _streamed, ...expected } = fromOfficial;
  expect(answer, `${call.method} ${call.path} ${call.input ?? ''}`).toEqual(expected);
  return { ...answer, lean: whole, officialWhole: fromOfficial.whole };
}

const json = (value: unknown) => JSON.stringify({ json: value });
const batchOfOne = (value: unknown) => JSON.stringify({ 0: { json: value } });

describe('the lean path answers as the official adapter does', () => {
  it.each(routerProcedures().map((procedure) => [procedure.path, procedure] as const))(
    'for %s, anonymous and signed in, right and wrong method',
    async (_path, procedure) => {
      const right = procedure.type === 'mutation' ? 'POST' : 'GET';
      const wrong = right === 'GET' ? 'POST' : 'GET';
      // Subscriptions are the adapter's on both servers (an event stream, even for a wrong method).
      if (procedure.type !== 'subscription') {
        const anonymous = await expectSame({ method: right, path: procedure.path });
        const signedIn = await expectSame({
          method: right,
          path: procedure.path,
          input: json({}),
          headers: { authorization },
        });
        const batched = await expectSame({
          method: right,
          path: procedure.path,
          input: batchOfOne({}),
          headers: { authorization },
          batch: true,
        });
        // A layout read has a route of its own (an ETag, 304s), which leaves what it cannot answer to the adapter.
        const lean = procedure.path !== 'concert.layout';
        expect([anonymous.lean, signedIn.lean, batched.lean]).toEqual([lean, lean, lean]);
      }
      const refused = await expectSame({ method: wrong, path: procedure.path, input: json({}) });
      if (procedure.type !== 'subscription') {
        expect(refused.status).toBe(405);
        expect(refused.lean).toBe(true);
      }
    },
  );

  it('for validation, domain and auth errors', async () => {
    const validation = await expectSame({
      method: 'GET',
      path: 'concert.dates',
      input: json({ concertId: 1 }),
    });
    expect(validation.status).toBe(400);
    const domain = await expectSame({
      method: 'GET',
      path: 'concert.dates',
      input: json({ concertId: randomUUID() }),
    });
    expect(domain.status).toBe(404);
    const auth = await expectSame({ method: 'GET', path: 'auth.me' });
    expect(auth.status).toBe(401);
    const badToken = await expectSame({
      method: 'GET',
      path: 'auth.me',
      headers: { authorization: 'Bearer not-a-session' },
    });
    expect(badToken.status).toBe(401);
    for (const answer of [validation, domain, auth, badToken]) expect(answer.lean).toBe(true);
    // The tell works: the adapter's answers are streamed.
    expect(validation.officialWhole).toBe(false);
  });

  it('for an unknown procedure and bad JSON', async () => {
    const unknown = await expectSame({ method: 'GET', path: 'no.such.procedure' });
    expect(unknown.status).toBe(404);
    const unknownPost = await expectSame({ method: 'POST', path: 'no.such.procedure', input: '{}' });
    expect(unknownPost.status).toBe(404);
    const badBody = await expectSame({ method: 'POST', path: 'auth.signIn', input: '{"json":' });
    expect(badBody.status).toBe(400);
    const badQuery = await expectSame({ method: 'GET', path: 'concert.list', input: '{"json"' });
    expect(badQuery.status).toBe(400);
    const badMeta = await expectSame({
      method: 'POST',
      path: 'auth.signIn',
      input: JSON.stringify({ json: {}, meta: { values: { username: ['map'] } } }),
    });
    expect(badMeta.status).toBe(400);
    const notAnObject = await expectSame({ method: 'GET', path: 'concert.get', input: '[1]', batch: true });
    expect(notAnObject.status).toBe(400);
    const badBatchedQuery = await expectSame({
      method: 'GET',
      path: 'concert.dates',
      input: '{"0":',
      batch: true,
    });
    expect(badBatchedQuery.status).toBe(400);
    const batchedValidation = await expectSame({
      method: 'GET',
      path: 'concert.dates',
      input: batchOfOne({ concertId: 1 }),
      batch: true,
    });
    expect(batchedValidation.status).toBe(400);
    for (const answer of [
      unknown,
      unknownPost,
      badBody,
      badQuery,
      badMeta,
      notAnObject,
      badBatchedQuery,
      batchedValidation,
    ])
      expect(answer.lean).toBe(true);
  });

  it('for cached catalog answers, alone and as a batch of one', async () => {
    const list = json({ limit: 5 });
    const miss = await expectSame({ method: 'GET', path: 'concert.list', input: list });
    // Now in the cache: the lean server answers from it (catalog-edge.ts), the official one runs the procedure.
    const hit = await expectSame({ method: 'GET', path: 'concert.list', input: list });
    const batchedHit = await expectSame({
      method: 'GET',
      path: 'concert.list',
      input: batchOfOne({ limit: 5 }),
      batch: true,
    });
    const concertId = (
      JSON.parse(miss.body) as { result: { data: { json: { items: { concertId: string }[] } } } }
    ).result.data.json.items[0]!.concertId;
    const dates = json({ concertId });
    await expectSame({ method: 'GET', path: 'concert.dates', input: dates });
    const datesHit = await expectSame({ method: 'GET', path: 'concert.dates', input: dates });
    // (That the lean server answered these from the cache itself is shown in catalog-edge.e2e.test.ts.)
    for (const answer of [hit, batchedHit, datesHit]) {
      expect(answer.status).toBe(200);
      expect(answer.lean).toBe(true);
    }
    // Input that does not validate is never a hit: the procedure names the field on both servers.
    const invalid = await expectSame({ method: 'GET', path: 'concert.list', input: json({ limit: 0 }) });
    expect(invalid.status).toBe(400);
  });

  it('for a rate-limited call, Retry-After included', async () => {
    const signIn: Call = {
      method: 'POST',
      path: 'auth.signIn',
      input: json({ username: 'nobody-here', password: 'wrong-password-1' }),
      headers: { 'x-forwarded-for': '198.51.100.7' },
    };
    // Two sign-ins per address are allowed; the lean and official servers share the limiter's Redis.
    await expectSame(signIn);
    const limited = await sameUpToOneSecond(signIn);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.lean).toBe(true);
  });
});

/** A limited call's Retry-After counts down: the two answers may be a second apart, nothing else. */
async function sameUpToOneSecond(call: Call) {
  const fromLean = await send(lean.url, call);
  const fromOfficial = await send(officialUrl, call);
  const seconds = (answer: typeof fromLean) => Number(answer.headers['retry-after']);
  expect(Math.abs(seconds(fromLean) - seconds(fromOfficial))).toBeLessThanOrEqual(1);
  const normalise = (answer: typeof fromLean) => {
    const value = String(seconds(answer));
    return {
      status: answer.status,
      headers: { ...answer.headers, 'retry-after': 'N' },
      body: answer.body
        .replaceAll(`"retryAfterSeconds":${value}`, '"retryAfterSeconds":N')
        .replaceAll(`try again in ${value} s`, 'try again in N s'),
    };
  };
  expect(normalise(fromLean)).toEqual(normalise(fromOfficial));
  return { ...fromLean, lean: fromLean.whole };
}
