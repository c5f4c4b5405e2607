/**
 * The findings of the hostile-traffic review (issue 10, "What broke", items 2–4) as requests, so the property suite
 * sends each of them to every backend, the embedded default included (PGlite refused more dates than PostgreSQL).
 */
import type { HostileRequest } from './hostile-http.js';
import type { HostileWorld } from './hostile-world.js';

export interface Finding {
  label: string;
  request: HostileRequest;
  /** The domain code the answer must carry (in the body, or in the stream's error). */
  domainCode: string;
}

const day = 86_400_000;
const b64 = (text: string) => Buffer.from(text).toString('base64url');
const uuid = '00000000-0000-4000-8000-000000000000';

export function reviewFindings(world: HostileWorld): Finding[] {
  const { anonymous, buyer, queued, ticketed, operator } = world.as;
  const concert = (overrides: Record<string, unknown>) => ({
    title: 'Fixed case',
    venue: 'Hall',
    saleOpensAt: new Date(Date.now() + day).toISOString(),
    performances: [{ startsAt: new Date(Date.now() + 2 * day).toISOString(), seats: 1 }],
    ...overrides,
  });
  const call = (path: string, input: unknown, credentials = anonymous, method = 'POST'): HostileRequest => ({
    method,
    paths: [path],
    batch: false,
    envelopes: input === undefined ? [] : [{ json: input }],
    credentials,
  });
  const query = (path: string, input: unknown, credentials = buyer) => call(path, input, credentials, 'GET');
  const charge = (body: unknown): HostileRequest => ({
    ...call('wallet.charge', undefined, buyer),
    envelopes: typeof body === 'string' ? { raw: body } : [body],
  });
  const date = (iso: string) => ({ from: iso });
  return [
    // A NUL byte, which PostgreSQL refuses in text.
    {
      label: 'NUL in the sign-in username',
      request: call('auth.signIn', { username: 'de\u0000mo', password: 'password-1' }),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'NUL in the sign-up username',
      request: call('auth.signUp', { username: 'nul\u0000user', password: 'password-1' }),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'NUL in a title',
      request: call('admin.createConcert', concert({ title: 'A\u0000B' }), operator),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'NUL in a venue',
      request: call('admin.createConcert', concert({ venue: 'A\u0000B' }), operator),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'NUL in a grade',
      request: call(
        'admin.createConcert',
        concert({
          performances: [
            {
              startsAt: new Date(Date.now() + 2 * day).toISOString(),
              layout: [{ grade: 'V\u0000IP', price: 1, count: 1 }],
            },
          ],
        }),
        operator,
      ),
      domainCode: 'VALIDATION_FAILED',
    },
    // Dates JavaScript accepts and the database does not.
    {
      label: 'year -271821 in concert.list from',
      request: query('concert.list', date('-271821-04-20T00:00:00.000Z')),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'year 0 in concert.list from',
      request: query('concert.list', date('0000-01-01T00:00:00.000Z')),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'year 275760 in concert.list from',
      request: query('concert.list', date('+275760-09-13T00:00:00.000Z')),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'year -271821 as a superjson Date',
      request: {
        ...query('concert.list', undefined),
        envelopes: [{ json: { from: '-271821-04-20T00:00:00.000Z' }, meta: { values: { from: ['Date'] } } }],
      },
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'year -271821 in a cursor',
      request: query('concert.list', { cursor: b64(`-271821-04-20T00:00:00.000Z|${uuid}`) }),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'year -271821 in admin.createConcert',
      request: call('admin.createConcert', concert({ saleOpensAt: '-271821-04-20T00:00:00.000Z' }), operator),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'year 275760 in a show date',
      request: call(
        'admin.createConcert',
        concert({ performances: [{ startsAt: '+275760-09-13T00:00:00.000Z', seats: 1 }] }),
        operator,
      ),
      domainCode: 'VALIDATION_FAILED',
    },
    // Cursors that decode but are not valid.
    {
      label: 'a concert cursor of 36 dashes',
      request: query('concert.list', { cursor: b64(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`) }),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'a reservation cursor of 36 hex digits',
      request: query('reservation.list', { cursor: b64(`2026-01-01T00:00:00.000Z|${'a'.repeat(36)}`) }),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'a ledger cursor beyond int8',
      request: query('wallet.history', { cursor: '9223372036854775808' }),
      domainCode: 'VALIDATION_FAILED',
    },
    // Subscriptions: the right code, sent as a client error inside the stream.
    {
      label: 'queue.watch with an unknown token',
      request: {
        ...query('queue.watch', undefined, anonymous),
        credentials: { label: 'unknown token in URL', queueToken: `${uuid}.${'x'.repeat(43)}`, inUrl: true },
      },
      domainCode: 'QUEUE_TOKEN_INVALID',
    },
    {
      label: 'concert.seatEvents for an unknown performance',
      request: query('concert.seatEvents', { performanceId: uuid }, ticketed),
      domainCode: 'PERFORMANCE_NOT_FOUND',
    },
    {
      label: "concert.seatEvents with another concert's token",
      request: query(
        'concert.seatEvents',
        { performanceId: world.performanceId },
        { ...ticketed, label: 'other concert token', queueToken: world.otherConcertToken },
      ),
      domainCode: 'QUEUE_WRONG_CONCERT',
    },
    // Malformed superjson meta: a fixed message, not the runtime's words.
    {
      label: 'a Map that is not pairs',
      request: charge({ json: { amount: 'h' }, meta: { values: { amount: ['map'] } } }),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'a bigint that is not digits',
      request: charge({ json: { amount: 'abc' }, meta: { values: { amount: ['bigint'] } } }),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'a reference cycle',
      request: charge({ json: { a: {}, b: {} }, meta: { referentialEqualities: { a: ['b'], b: ['a'] } } }),
      domainCode: 'VALIDATION_FAILED',
    },
    {
      label: 'an unknown class',
      request: charge({ json: { amount: 1 }, meta: { values: { amount: [['class', 'Nope']] } } }),
      domainCode: 'VALIDATION_FAILED',
    },
    { label: 'broken JSON', request: charge('{"json":'), domainCode: 'VALIDATION_FAILED' },
    // The envelope: wrong or missing media types, and methods tRPC does not serve.
    {
      label: 'a mutation sent as text/plain',
      request: { ...call('auth.signIn', { username: 'a', password: 'b' }), contentType: 'text/plain' },
      domainCode: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      label: 'a mutation with no content type',
      request: { ...call('auth.signIn', { username: 'a', password: 'b' }), contentType: null },
      domainCode: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      label: 'TRACE on /trpc/*',
      request: { ...call('concert.list', undefined), method: 'TRACE' },
      domainCode: 'METHOD_NOT_SUPPORTED',
    },
    {
      label: 'a CORS preflight',
      request: { ...call('auth.signIn', undefined), method: 'OPTIONS', preflight: true },
      domainCode: 'METHOD_NOT_SUPPORTED',
    },
    {
      label: 'a queued hold with a lying seat list',
      request: {
        ...call('reservation.hold', undefined, queued),
        envelopes: [
          {
            json: { performanceId: world.performanceId, seatNos: 'abc' },
            meta: { values: { seatNos: ['set'] } },
          },
        ],
      },
      domainCode: 'VALIDATION_FAILED',
    },
  ];
}
