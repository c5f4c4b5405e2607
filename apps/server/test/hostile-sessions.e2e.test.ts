/**
 * The account, session and subscription findings of the hostile-traffic review (issue 10), over raw HTTP against a
 * real server on PostgreSQL + Redis: canonical usernames and signatures, no session in a URL, leave checks the
 * owner, and subscriptions map domain errors exactly as queries do. Rate limits have their own suite.
 */
import { createClient, joinAndWaitForAdmission } from '@tix/sdk';
import { describe, expect, it } from 'vitest';
import { expectRefused, useHostileServer } from './support/hostile-server.js';
import { rawCall } from './support/raw-trpc.js';

const world = useHostileServer();

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
  return `${world.server.url}/trpc/${path}?${query.toString()}`;
}

describe('accounts and sessions', () => {
  it('usernames are one account whatever their case or width', async () => {
    await world.signUp('Casey_Case');
    expectRefused(
      await rawCall(world.server.url, 'mutation', 'auth.signUp', {
        username: 'CASEY_case',
        password: 'password-123',
      }),
      409,
      'USERNAME_TAKEN',
      'username',
    );
    for (const username of ['casey_case', 'CASEY_CASE', 'ｃａｓｅｙ_ｃａｓｅ']) {
      const res = await rawCall(world.server.url, 'mutation', 'auth.signIn', {
        username,
        password: 'password-123',
      });
      expect(res.status).toBe(200);
    }
    const signIn = await rawCall(world.server.url, 'mutation', 'auth.signIn', {
      username: 'Casey_CASE',
      password: 'password-123',
    });
    const { sessionToken } = signIn.body.result?.data?.json as { sessionToken: string };
    const me = await rawCall(world.server.url, 'query', 'auth.me', undefined, {
      authorization: `Bearer ${sessionToken}`,
    });
    expect((me.body.result?.data?.json as { username: string }).username).toBe('casey_case');
  });

  it('only the exact signature verifies', async () => {
    const { sessionToken } = await world.signUp('canonical_sig');
    const ok = await rawCall(world.server.url, 'query', 'auth.me', undefined, {
      authorization: `Bearer ${sessionToken}`,
    });
    expect(ok.status).toBe(200);
    const last = sessionToken.at(-1)!;
    // The signature's last character carries 2 unused bits: flip one, and append padding.
    const flipped = `${sessionToken.slice(0, -1)}${String.fromCharCode(last.charCodeAt(0) ^ 1)}`;
    for (const forged of [`${sessionToken}=`, flipped]) {
      const res = await rawCall(world.server.url, 'query', 'auth.me', undefined, {
        authorization: `Bearer ${forged}`,
      });
      expectRefused(res, 401, 'UNAUTHENTICATED');
    }
  });

  it('a session in the URL is not a session; a stream ticket opens a stream and nothing else', async () => {
    const { sessionToken, authorization } = await world.signUp('url_token');
    const inUrl = await fetch(
      `${world.server.url}/trpc/auth.me?connectionParams=${encodeURIComponent(JSON.stringify({ sessionToken }))}`,
    );
    expect(inUrl.status).toBe(401);
    const ticket = await rawCall(world.server.url, 'mutation', 'auth.streamTicket', undefined, {
      authorization,
    });
    const { ticket: streamTicket } = ticket.body.result?.data?.json as { ticket: string };
    const asSession = await rawCall(world.server.url, 'query', 'auth.me', undefined, {
      authorization: `Bearer ${streamTicket}`,
    });
    expectRefused(asSession, 401, 'UNAUTHENTICATED');
    const inQueryUrl = await fetch(
      `${world.server.url}/trpc/auth.me?connectionParams=${encodeURIComponent(JSON.stringify({ streamTicket }))}`,
    );
    expect(inQueryUrl.status).toBe(401);
  });

  it("queue.leave with someone else's token and your own session is FORBIDDEN and ends nothing", async () => {
    const alice = await world.signUp('leave_alice');
    const mallory = await world.signUp('leave_mallory');
    const joined = await rawCall(
      world.server.url,
      'mutation',
      'queue.join',
      { concertId: world.concertId },
      alice,
    );
    const { token } = joined.body.result?.data?.json as { token: string };
    const res = await rawCall(world.server.url, 'mutation', 'queue.leave', undefined, {
      ...mallory,
      'x-queue-token': token,
    });
    expectRefused(res, 403, 'FORBIDDEN');
    const status = await rawCall(world.server.url, 'query', 'queue.status', undefined, {
      'x-queue-token': token,
    });
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
    const tix = createClient({ url: world.server.url });
    tix.setSessionToken((await world.signUp('stream_buyer')).sessionToken);
    const operator = createClient({
      url: world.server.url,
      sessionToken: world.admin.authorization!.slice('Bearer '.length),
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
    const dates = await rawCall(world.server.url, 'query', 'concert.dates', { concertId: world.concertId });
    const otherPerformance = (dates.body.result?.data?.json as { performanceId: string }[])[0]!.performanceId;
    const wrong = await firstStreamError(
      streamUrl('concert.seatEvents', { performanceId: otherPerformance }, params),
    );
    expect(wrong.data).toMatchObject({ domainCode: 'QUEUE_WRONG_CONCERT', httpStatus: 403 });
  });
});
