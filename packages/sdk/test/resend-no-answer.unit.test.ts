/**
 * A keyed mutation whose connection closed with no answer (a server SIGKILLed or stopping; `src/retry.ts`) is sent
 * once more with the same body, so the same idempotency key; other calls that got no answer, a second silence, and
 * an aborted call are not. Through the real client and links over a fetch that fails as Node's does.
 */
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { createClient, describeRetry, type RetryInfo } from '../src/index.js';

/** What undici's fetch throws when the server's socket closes before a reply. */
function resetByPeer(): TypeError {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
  });
}

function paid(): Response {
  const data = superjson.serialize({ paymentId: 'p-1', status: 'PAID' });
  return new Response(JSON.stringify({ result: { data } }), {
    headers: { 'content-type': 'application/json' },
  });
}

/** A fetch that answers with `script` in turn (an Error is thrown), recording each request's body. */
function scriptedFetch(script: Array<Error | (() => Response)>) {
  const bodies: string[] = [];
  const fetch = (async (_url: string, init?: RequestInit) => {
    bodies.push(typeof init?.body === 'string' ? init.body : '');
    const next = script.shift();
    if (!next) throw new Error('no more answers scripted');
    if (next instanceof Error) throw next;
    return next();
  }) as typeof globalThis.fetch;
  return { fetch, bodies };
}

const payInput = { reservationId: '00000000-0000-4000-8000-000000000001', idempotencyKey: 'key-1' };

describe('a keyed mutation that got no answer', () => {
  it('is sent once more, with the same idempotency key, and says so', async () => {
    const { fetch, bodies } = scriptedFetch([resetByPeer(), paid]);
    const retries: RetryInfo[] = [];
    const tix = createClient({
      url: 'http://tix.test',
      fetch,
      batch: false,
      onRetry: (i) => retries.push(i),
    });
    await expect(tix.payment.pay.mutate(payInput)).resolves.toMatchObject({ paymentId: 'p-1' });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
    expect(bodies[0]).toContain('key-1');
    expect(retries).toMatchObject([{ path: 'payment.pay', domainCode: 'NO_ANSWER', attempt: 2 }]);
    expect(describeRetry({ ...retries[0]!, delayMs: 400 })).toBe(
      'The connection was lost; trying again in 1 s…',
    );
  });

  it('is sent once only: a second silence is the caller’s', async () => {
    const { fetch, bodies } = scriptedFetch([resetByPeer(), resetByPeer(), paid]);
    const tix = createClient({ url: 'http://tix.test', fetch, batch: false });
    await expect(tix.payment.pay.mutate(payInput)).rejects.toThrow(/fetch failed/);
    expect(bodies).toHaveLength(2);
  });

  it('is not sent again when it is not keyed, nor when the caller aborted it', async () => {
    const hold = scriptedFetch([resetByPeer(), paid]);
    const tix = createClient({ url: 'http://tix.test', fetch: hold.fetch, batch: false });
    await expect(
      tix.reservation.hold.mutate({
        performanceId: '00000000-0000-4000-8000-000000000002',
        seatNos: [1],
      }),
    ).rejects.toThrow(/fetch failed/);
    expect(hold.bodies).toHaveLength(1);

    const aborted = scriptedFetch([new DOMException('The operation was aborted', 'AbortError'), paid]);
    const again = createClient({ url: 'http://tix.test', fetch: aborted.fetch, batch: false });
    await expect(again.payment.pay.mutate(payInput)).rejects.toThrow();
    expect(aborted.bodies).toHaveLength(1);
  });
});
