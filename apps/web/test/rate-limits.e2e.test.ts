/**
 * A rate-limited sign-in in a real browser: after 2 wrong passwords the server locks the account, and the form says
 * when to try again instead of "wrong password".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startWebStack, type WebStack } from './support/web-stack';

describe('web client: rate limits', { timeout: 90_000 }, () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack({ rateLimits: 'signInFailuresPerAccount=2/60' });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('says "Too many attempts. Try again in N seconds." once the account is locked', async () => {
    const { page, context, assertClean } = await openPage(stack);
    await page.goto('/signin');
    await page.getByLabel('Username').fill('demo');
    for (let i = 0; i < 2; i++) {
      await page.getByLabel('Password').fill(`not-the-pass-${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').getByText('That username and password do not match.').waitFor();
    }
    await page.getByLabel('Password').fill('demo-pass-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const notice = page.getByRole('alert').getByText(/^Too many attempts\. Try again in \d+ seconds?\.$/);
    await notice.waitFor();
    const seconds = Number(/in (\d+)/.exec((await notice.textContent()) ?? '')?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    await expect(page.evaluate(() => window.location.pathname)).resolves.toBe('/signin');
    assertClean();
    await context.close();
  });
});
