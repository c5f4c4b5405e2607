/**
 * A rate-limited call in the built `tix`: one line that says when to try again, the documented exit code for other
 * failures (1), and `--json` carrying the seconds. The server locks an account after 2 wrong passwords.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, json, useTixEnv } from './support/cli.js';

const env = useTixEnv({ rateLimits: 'signInFailuresPerAccount=2/60' });

describe('tix when rate-limited', { timeout: 180_000 }, () => {
  it('says when to try again, and --json carries retryAfterSeconds', async () => {
    const demo = env.person('demo');
    for (let i = 0; i < 2; i++) {
      const wrong = await demo.run(['login', 'demo'], { env: { TIX_PASSWORD: 'not-the-pass' } });
      expect(wrong.code, wrong.stderr).toBe(3);
    }
    const locked = await demo.run(['login', 'demo'], { env: { TIX_PASSWORD: DEMO_PASSWORD } });
    expect(locked.code, locked.stderr).toBe(1);
    expect(locked.stderr).toMatch(/Too many attempts\. Try again in \d+ seconds?\.$/m);
    expect(locked.stderr).not.toMatch(/\n\s+at /);

    const scripted = await demo.run(['login', 'demo', '--json'], { env: { TIX_PASSWORD: DEMO_PASSWORD } });
    expect(scripted.code).toBe(1);
    const { error } = json<{
      error: { code: string; exitCode: number; retryAfterSeconds: number; message: string };
    }>(scripted);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', exitCode: 1 });
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(error.message).toBe(`Too many attempts. Try again in ${error.retryAfterSeconds} seconds.`);
  });
});
