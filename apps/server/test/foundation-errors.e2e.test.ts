/**
 * Bad input, unknown ids, missing or wrong sessions and non-admins, each through the real HTTP path on PostgreSQL +
 * Redis: every answer is a 4xx with a stable domainCode (and the field at fault), never a 500, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv, startServer, type RunningServer } from '../src/index.js';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { firstConcertId, rawBody, rawCall, rawSession } from './support/raw-trpc.js';

let backends: SharedBackends;
let server: RunningServer;
let buyer: Record<string, string>;
let admin: Record<string, string>;
let concertId: string;
const unknownId = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  backends = await createSharedBackends({ DEMO_DATA: 'true' });
  server = await startServer(
    parseEnv({ ...backends.env, PORT: '0', LOG_LEVEL: 'silent', RUN_JOBS: 'false' }),
  );
  buyer = await rawSession(server.url, 'auth.signUp', {
    username: 'bad_input_buyer',
    password: 'password-123',
  });
  admin = await rawSession(server.url, 'auth.signIn', { username: 'admin', password: 'admin-pass-123' });
  concertId = await firstConcertId(server.url);
});

afterAll(async () => {
  await server?.close();
  await backends?.cleanup();
});

type Case = [label: string, kind: 'query' | 'mutation', path: string, input: unknown, field: string];

const invalid: Case[] = [
  ['charge of 0', 'mutation', 'wallet.charge', { amount: 0 }, 'amount'],
  ['negative charge', 'mutation', 'wallet.charge', { amount: -1000 }, 'amount'],
  ['fractional charge', 'mutation', 'wallet.charge', { amount: 10.5 }, 'amount'],
  ['charge as a string', 'mutation', 'wallet.charge', { amount: '1000' }, 'amount'],
  ['charge over the limit', 'mutation', 'wallet.charge', { amount: 10_000_001 }, 'amount'],
  ['charge missing amount', 'mutation', 'wallet.charge', {}, 'amount'],
  [
    'charge with a bad key',
    'mutation',
    'wallet.charge',
    { amount: 5, idempotencyKey: 'x' },
    'idempotencyKey',
  ],
  ['history limit 0', 'query', 'wallet.history', { limit: 0 }, 'limit'],
  ['history bad cursor', 'query', 'wallet.history', { cursor: 'abc' }, 'cursor'],
  ['sign-up short name', 'mutation', 'auth.signUp', { username: 'ab', password: 'password-123' }, 'username'],
  [
    'sign-up odd chars',
    'mutation',
    'auth.signUp',
    { username: 'a b;drop', password: 'password-123' },
    'username',
  ],
  [
    'sign-up short password',
    'mutation',
    'auth.signUp',
    { username: 'abcdef', password: 'short' },
    'password',
  ],
  ['sign-up wrong type', 'mutation', 'auth.signUp', { username: 42, password: 'password-123' }, 'username'],
  ['sign-in missing password', 'mutation', 'auth.signIn', { username: 'abcdef' }, 'password'],
  ['list limit too big', 'query', 'concert.list', { limit: 1000 }, 'limit'],
  ['list limit as string', 'query', 'concert.list', { limit: 'ten' }, 'limit'],
  ['list bad from', 'query', 'concert.list', { from: 'yesterday' }, 'from'],
  ['get with a non-uuid', 'query', 'concert.get', { concertId: 'abc' }, 'concertId'],
  ['dates with a number', 'query', 'concert.dates', { concertId: 12 }, 'concertId'],
  ['dates missing id', 'query', 'concert.dates', {}, 'concertId'],
];

describe('bad input → 400 VALIDATION_FAILED naming the field', () => {
  it.each(invalid)('%s', async (_label, kind, path, input, field) => {
    const headers = path.startsWith('auth.') ? {} : buyer;
    const res = await rawCall(server.url, kind, path, input, headers);
    expect(res.status).toBe(400);
    expect(res.body.error?.json?.data).toMatchObject({ domainCode: 'VALIDATION_FAILED', httpStatus: 400 });
    expect(res.body.error?.json?.data.fields).toContain(field);
  });

  it('admin.createConcert names each bad field', async () => {
    const res = await rawCall(
      server.url,
      'mutation',
      'admin.createConcert',
      { title: '', venue: 'Hall', saleOpensAt: 'soon', performances: [], maxActive: 0 },
      admin,
    );
    expect(res.status).toBe(400);
    expect(res.body.error?.json?.data.fields).toEqual(
      expect.arrayContaining(['title', 'saleOpensAt', 'performances', 'maxActive']),
    );
  });

  it('broken JSON and unknown procedures are client errors too', async () => {
    const broken = await rawBody(server.url, 'wallet.charge', '{"json": {amount', buyer);
    expect(broken.status).toBe(400);
    expect(broken.body.error?.json?.data.domainCode).toBe('VALIDATION_FAILED');
    const unknown = await rawCall(server.url, 'query', 'wallet.steal', {}, buyer);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.json?.data.domainCode).toBe('PROCEDURE_NOT_FOUND');
  });

  it('wrote nothing: no ledger entry for any refused charge', async () => {
    const history = await rawCall(server.url, 'query', 'wallet.history', {}, buyer);
    expect((history.body.result?.data?.json as { items: unknown[] }).items).toHaveLength(0);
  });
});

describe('unknown ids → 404 with their own codes', () => {
  it.each([
    ['concert.get', { concertId: unknownId }, 'CONCERT_NOT_FOUND'],
    ['concert.dates', { concertId: unknownId }, 'CONCERT_NOT_FOUND'],
  ])('%s', async (path, input, code) => {
    const res = await rawCall(server.url, 'query', path, input);
    expect(res.status).toBe(404);
    expect(res.body.error?.json?.data.domainCode).toBe(code);
  });
});

describe('sessions and roles', () => {
  it('a missing session → 401 UNAUTHENTICATED', async () => {
    const res = await rawCall(server.url, 'query', 'wallet.balance', undefined);
    expect(res.status).toBe(401);
    expect(res.body.error?.json?.data.domainCode).toBe('UNAUTHENTICATED');
  });

  it('a forged or garbage session → 401 UNAUTHENTICATED', async () => {
    const forged = buyer.authorization!.slice(0, -4) + 'AAAA';
    for (const authorization of [forged, 'Bearer nonsense', 'Basic abc']) {
      const res = await rawCall(server.url, 'query', 'auth.me', undefined, { authorization });
      expect(res.status).toBe(401);
      expect(res.body.error?.json?.data.domainCode).toBe('UNAUTHENTICATED');
    }
  });

  it('wrong password and taken usernames have their own codes', async () => {
    const wrong = await rawCall(server.url, 'mutation', 'auth.signIn', {
      username: 'admin',
      password: 'nope-nope',
    });
    expect([wrong.status, wrong.body.error?.json?.data.domainCode]).toEqual([401, 'INVALID_CREDENTIALS']);
    const taken = await rawCall(server.url, 'mutation', 'auth.signUp', {
      username: 'admin',
      password: 'password-123',
    });
    expect([taken.status, taken.body.error?.json?.data.domainCode]).toEqual([409, 'USERNAME_TAKEN']);
  });

  it('a buyer calling an admin procedure → 403 FORBIDDEN', async () => {
    const res = await rawCall(
      server.url,
      'mutation',
      'admin.createConcert',
      {
        title: 'X',
        venue: 'Y',
        saleOpensAt: new Date().toISOString(),
        performances: [{ startsAt: new Date().toISOString() }],
      },
      buyer,
    );
    expect(res.status).toBe(403);
    expect(res.body.error?.json?.data.domainCode).toBe('FORBIDDEN');
  });

  it('the operator from configuration is an admin', async () => {
    const me = await rawCall(server.url, 'query', 'auth.me', undefined, admin);
    expect(me.body.result?.data?.json).toMatchObject({ username: 'admin', role: 'ADMIN' });
    expect(concertId).toBeTruthy();
  });
});
