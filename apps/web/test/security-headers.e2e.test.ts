/**
 * The built app under its own Content-Security-Policy: every page of a purchase loads and works with no console
 * error and no CSP violation (openPage fails on either), and no other site can frame it.
 */
import { describe, expect, it } from 'vitest';
import { createConcert, joinAndEnter, openSeatMap, seat } from './support/flows';
import { openPage, signUp, uniqueName, useWebStack } from './support/web-stack';

describe('web client under a strict Content-Security-Policy', { timeout: 90_000 }, () => {
  const web = useWebStack();

  it('serves the app shell with the policy, and runs a purchase under it without a single violation', async () => {
    const concertId = await createConcert(web(), 'Policy Night');
    const { page, context, assertClean } = await openPage(web());
    const shell = await page.goto('/');
    const csp = (await shell!.headerValue('content-security-policy')) ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await shell!.headerValue('x-content-type-options')).toBe('nosniff');
    await page.getByRole('heading', { name: 'Policy Night' }).waitFor();

    await signUp(page, uniqueName('csp'));
    await joinAndEnter(page, concertId);
    await openSeatMap(page);
    await seat(page, 4).click();
    await page.getByRole('button', { name: 'Hold 1 seat' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await page.getByRole('button', { name: /^Charge ₩/ }).click();
    await page.getByRole('button', { name: /^Pay ₩/ }).click();
    await page
      .getByTestId('paid')
      .getByText(/Paid ₩[\d,]+ for seat A-1-4\./)
      .waitFor();
    // The stylesheet really applied (a refused one would leave its custom properties undefined).
    const primary = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--primary').trim(),
    );
    expect(primary).toBe('#4338ca');
    assertClean();
    await context.close();
  });

  it('cannot be framed by another page', async () => {
    const context = await web().browser.newContext();
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on('console', (msg) => {
      if (/frame-ancestors/.test(msg.text())) refusals.push(msg.text());
    });
    await page.setContent(`<iframe id="tix" src="${web().url}/"></iframe>`);
    await expect.poll(() => refusals.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const framed = await page
      .frames()[1]
      ?.evaluate(() => document.querySelector('#root')?.children.length ?? 0);
    expect(framed ?? 0).toBe(0);
    await context.close();
  });

  it('refuses an injected inline script, and the watched page reports it', async () => {
    const { page, context, errors } = await openPage(web());
    await page.goto('/');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.title = "injected"';
      document.body.append(script);
    });
    await expect.poll(() => errors.join('\n')).toMatch(/csp: script-src-elem refused inline/);
    expect(await page.title()).not.toBe('injected');
    await context.close();
  });
});
