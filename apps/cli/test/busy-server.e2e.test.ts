/**
 * `tix` against a server that sheds load: the server's in-flight limit is 2, and one signed-in request whose body
 * never finishes keeps it at 1, where browsing is refused with OVERLOADED. The CLI says the sale is busy and when it
 * tries again, and once the server recovers the command succeeds.
 */
import { request, type ClientRequest } from 'node:http';
import { metricsRegistry } from '@tix/api';
import { waitUntil } from '@tix/api/testing';
import { createClient } from '@tix/sdk';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, useTixEnv } from './support/cli.js';

const env = useTixEnv({ serverEnv: { SHED_MAX_IN_FLIGHT: '2', SHED_RETRY_AFTER_SECONDS: '1' } });

async function browseShed(): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('tix_shed_calls_total')?.get();
  return metric?.values.find((v) => v.labels.class === 'browse')?.value ?? 0;
}

/** A signed-in mutation whose body never completes: in flight on the server until the socket closes. */
async function stall(): Promise<ClientRequest> {
  const client = createClient({ url: env.server.url });
  const { sessionToken } = await client.auth.signIn.mutate({ username: 'demo', password: DEMO_PASSWORD });
  const req = request(`${env.server.url}/trpc/payment.pay`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': '1000',
      authorization: `Bearer ${sessionToken}`,
    },
  });
  req.on('error', () => {});
  req.write('{"json":');
  return req;
}

describe('tix on a busy server', { timeout: 180_000 }, () => {
  it('says the sale is busy, waits, and succeeds once the server recovers', async () => {
    const stalled = await stall();
    const before = await browseShed();
    const listing = env.person().run(['concerts']);
    // The server refused the CLI's first call; it recovers while the CLI waits out Retry-After.
    await waitUntil('the CLI is refused', async () => (await browseShed()) > before, 120_000);
    stalled.destroy();
    const run = await listing;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/The sale is very busy; trying again in \d+ s…/);
    expect(run.stdout).toContain('Aurora Live in Seoul');
  });
});
