/**
 * Cached catalog reads answered on the lean path from their answer cache (catalog-edge.ts in @tix/api, lean-trpc.ts),
 * through real HTTP on PostgreSQL + Redis:
 * a hit is byte for byte what tRPC sent, alone and as a batch of one; the SDK reads it with its types intact; an
 * admin change shows at once; bad input and unknown ids still get tRPC's errors, naming the field.
 */
import { CATALOG_CACHE, catalogCacheField } from '@tix/api';
import { createClient } from '@tix/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv, startServer, type RunningServer } from '../src/index.js';
import { createSharedBackends, type SharedBackends } from './support/backends.js';
import { rawCall } from './support/raw-trpc.js';
import { readMetrics } from './support/metrics.js';

let backends: SharedBackends;
let server: RunningServer;

beforeAll(async () => {
  backends = await createSharedBackends({ DEMO_DATA: 'true' });
  server = await startServer(
    parseEnv({ ...backends.env, PORT: '0', LOG_LEVEL: 'silent', RUN_JOBS: 'false' }),
  );
});

afterAll(async () => {
  await server?.close();
  await backends?.cleanup();
});

const get = async (path: string, input: string, batch = false) => {
  const query = `${batch ? 'batch=1&' : ''}input=${encodeURIComponent(input)}`;
  const response = await fetch(`${server.url}/trpc/${path}?${query}`);
  return { status: response.status, text: await response.text() };
};

async function catalogHits(): Promise<number> {
  const text = await readMetrics(server.url);
  const line = /^tix_cache_requests_total\{cache="catalog",result="hit"\} (\d+)/m.exec(text);
  return Number(line?.[1] ?? 0);
}

describe('cached catalog reads at the edge', () => {
  it('answers a repeated read with the very bytes tRPC sent, alone and as a batch of one', async () => {
    const input = JSON.stringify({ json: { limit: 5 } });
    const first = await get('concert.list', input);
    expect(first.status).toBe(200);
    const hits = await catalogHits();
    const again = await get('concert.list', input);
    expect(again).toEqual(first);
    expect(await get('concert.list', JSON.stringify({ 0: { json: { limit: 5 } } }), true)).toEqual({
      status: 200,
      text: `[${first.text}]`,
    });
    expect(await catalogHits()).toBe(hits + 2);

    const concertId = (
      JSON.parse(first.text) as { result: { data: { json: { items: { concertId: string }[] } } } }
    ).result.data.json.items[0]!.concertId;
    const dates = JSON.stringify({ json: { concertId } });
    const firstDates = await get('concert.dates', dates);
    expect(await get('concert.dates', dates)).toEqual(firstDates);
  });

  it('answers from the cache itself, not by running the procedure', async () => {
    const input = JSON.stringify({ json: { limit: 7 } });
    const first = await get('concert.list', input);
    const field = catalogCacheField.list({ limit: 7 });
    const cached = await server.deps.cache.get(CATALOG_CACHE, field);
    // The same value, spaced out: the procedure would parse and re-serialise it; the answer cache sends it as is.
    const spaced = JSON.stringify(JSON.parse(cached!), null, 1);
    await server.deps.cache.set(CATALOG_CACHE, field, spaced, 60);
    expect((await get('concert.list', input)).text).toBe(`{"result":{"data":${spaced}}}`);
    expect(JSON.parse((await get('concert.list', input)).text)).toEqual(JSON.parse(first.text));
  });

  it('gives the SDK its dates as Dates, and shows an admin change at once', async () => {
    const buyer = createClient({ url: server.url });
    const before = await buyer.concert.list.query({ limit: 100 });
    await buyer.concert.list.query({ limit: 100 }); // now cached
    expect(before.items[0]?.saleOpensAt).toBeInstanceOf(Date);

    const admin = createClient({ url: server.url });
    const { sessionToken } = await admin.auth.signIn.mutate({
      username: 'admin',
      password: 'admin-pass-123',
    });
    admin.setSessionToken(sessionToken);
    const created = await admin.admin.createConcert.mutate({
      title: 'Edge Cache Night',
      venue: 'Hall',
      saleOpensAt: new Date(),
      performances: [{ startsAt: new Date(Date.now() + 86_400_000), seats: 10 }],
    });
    const after = await buyer.concert.list.query({ limit: 100 });
    expect(after.items.map((c) => c.concertId)).toContain(created.concertId);
    expect(after.items).toHaveLength(before.items.length + 1);
  });

  it('leaves bad input and unknown ids to tRPC, every time', async () => {
    for (let i = 0; i < 2; i++) {
      const bad = await rawCall(server.url, 'query', 'concert.list', { limit: 0 });
      expect(bad.status).toBe(400);
      expect(bad.body.error?.json?.data).toMatchObject({
        domainCode: 'VALIDATION_FAILED',
        fields: ['limit'],
      });
      const unknown = await rawCall(server.url, 'query', 'concert.dates', {
        concertId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error?.json?.data.domainCode).toBe('CONCERT_NOT_FOUND');
    }
    const broken = await get('concert.list', '{not json');
    expect(broken.status).toBe(400);
  });
});

describe('concert.layout at the edge (docs/api.md, "Venues")', () => {
  it('sends the layout with a strong ETag and public caching, 304 when the client has it, tRPC errors otherwise', async () => {
    const tix = createClient({ url: server.url });
    const [concert] = (await tix.concert.list.query({ limit: 1 })).items;
    const performanceId = concert!.performances[0]!.performanceId;
    const url = `${server.url}/trpc/concert.layout?input=${encodeURIComponent(JSON.stringify({ json: { performanceId } }))}`;
    // A session on the request changes nothing: the layout is the same for everyone.
    const first = await fetch(url, { headers: { authorization: 'Bearer whatever' } });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    const layout = await tix.concert.layout.query({ performanceId });
    expect(`"${layout.version}"`).toBe(etag);
    expect(((await first.json()) as { result: { data: { json: unknown } } }).result.data.json).toEqual(
      layout,
    );
    const again = await fetch(url, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const unknown = await get(
      'concert.layout',
      JSON.stringify({ json: { performanceId: '00000000-0000-4000-8000-000000000000' } }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('PERFORMANCE_NOT_FOUND');
  });
});
