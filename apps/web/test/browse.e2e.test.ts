/**
 * Browsing and accounts in a real browser: the concert list at desktop and phone width, sign-up with a field error,
 * the wallet, and the operator page (admins only).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  desktop,
  openPage,
  phone,
  screenshot,
  signUp,
  startWebStack,
  uniqueName,
  type WebStack,
} from './support/web-stack';

describe('web client: browsing, accounts, wallet, operator page', { timeout: 90_000 }, () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('lists concerts with dates and availability at desktop and phone width', async () => {
    for (const [label, viewport] of [
      ['desktop', desktop],
      ['phone', phone],
    ] as const) {
      const { page, context, assertClean } = await openPage(stack, viewport);
      await page.goto('/');
      await page.getByRole('heading', { name: 'Aurora Live in Seoul' }).waitFor();
      await expect(page.getByText('100 of 100 seats left').first().isVisible()).resolves.toBe(true);
      await page
        .getByText(/Sale opens/)
        .first()
        .waitFor();
      await screenshot(page, `concerts-${label}`);
      assertClean();
      await context.close();
    }
  });

  it('searches as you type, keeps the words in the URL, and announces the result count', async () => {
    const { page, context, assertClean } = await openPage(stack);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Aurora Live in Seoul' }).waitFor();
    await page.getByLabel('Search concerts').fill('pegy gou');
    await page.getByRole('status').getByText('1 concert matches “pegy gou”.').waitFor();
    await page.waitForURL((url) => url.searchParams.get('q') === 'pegy gou');
    await expect(page.getByRole('heading', { level: 2 }).allTextContents()).resolves.toEqual([
      'Neon Waves Festival',
    ]);
    // Latin words for the picture: the test machine's Chromium has no Hangul font.
    await screenshot(page, 'concert-search-desktop');
    await page.getByLabel('Search concerts').fill('아이유');
    await page.getByRole('heading', { name: '아이유 콘서트 골든 아워' }).waitFor();
    await page.getByRole('status').getByText('1 concert matches “아이유”.').waitFor();
    // A shared or reloaded link opens on the same results.
    await page.goto('/?q=seoul');
    await expect(page.getByLabel('Search concerts').inputValue()).resolves.toBe('seoul');
    await page
      .getByRole('status')
      .getByText(/concerts match “seoul”/)
      .waitFor();
    await page.getByLabel('Search concerts').fill('zzqx');
    await page.getByRole('status').getByText('No concerts match “zzqx”.').waitFor();
    await page.getByLabel('Search concerts').fill('');
    await page.getByRole('heading', { name: 'Midnight Orchestra' }).waitFor();
    await page.waitForURL((url) => !url.searchParams.has('q'));
    assertClean();
    await context.close();
  });

  it('signs up (naming the field at fault), charges the wallet, and keeps the session across a reload', async () => {
    const { page, context, assertClean } = await openPage(stack);
    await page.goto('/signin');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Username').fill(uniqueName('short'));
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Confirm password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page
      .getByRole('alert')
      .getByText(/Choose a password of at least 8 characters/)
      .waitFor();
    await expect(page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await screenshot(page, 'signup-error');
    await context.close();

    const fresh = await openPage(stack);
    const username = uniqueName('buyer');
    await signUp(fresh.page, username);
    await fresh.page.getByRole('link', { name: 'My tickets' }).click();
    await fresh.page.getByRole('heading', { name: 'Wallet' }).waitFor();
    await fresh.page.getByLabel('Charge amount (won)').fill('250000');
    await fresh.page.getByRole('button', { name: 'Charge' }).click();
    await fresh.page.getByTestId('wallet-balance').getByText('₩250,000').waitFor();
    await fresh.page.reload();
    await fresh.page.getByRole('button', { name: `Sign out (${username})` }).waitFor();
    await fresh.page.getByTestId('wallet-balance').getByText('₩250,000').waitFor();
    await screenshot(fresh.page, 'my-tickets-empty');
    fresh.assertClean();
    assertClean();
    await fresh.context.close();
  });

  it('shows the operator page to admins only', async () => {
    const { page, context, assertClean } = await openPage(stack);
    await page.goto('/signin');
    await page.getByLabel('Username').fill('demo');
    await page.getByLabel('Password').fill('demo-pass-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: /Sign out/ }).waitFor();
    await expect(page.getByRole('link', { name: 'Operator' }).count()).resolves.toBe(0);
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Operators only' }).waitFor();
    assertClean();
    await context.close();
  });

  it('lets an operator create a concert, shows live numbers, changes capacity and pauses the sale', async () => {
    const { page, context, assertClean } = await openPage(stack);
    await openOperatorPage(page);
    await page.getByTestId('admin-stats').getByText('Waiting').waitFor();

    await page.getByLabel('Title').fill('Operator Test Show');
    await page.getByLabel('Venue').fill('Main Hall');
    await page.getByRole('button', { name: 'Create concert' }).click();
    await page.getByText('Created “Operator Test Show”').waitFor();
    await expect(
      page.getByLabel('Concert', { exact: true }).locator('option:checked').textContent(),
    ).resolves.toBe('Operator Test Show');

    await page.getByLabel('Capacity (max shopping at once)').fill('7');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved: 7.').waitFor();
    await page.getByRole('button', { name: 'Pause sale' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Pause the sale' }).click();
    await page.getByRole('button', { name: 'Resume sale' }).waitFor();
    await screenshot(page, 'operator-desktop');
    await page.setViewportSize(phone);
    await screenshot(page, 'operator-phone');
    assertClean();
    await context.close();
  });

  it('refuses a date in the past, a show before the sale and a sale before the waiting room; shows the API refusing', async () => {
    const { page, context, assertClean } = await openPage(stack);
    await openOperatorPage(page);
    await page.getByLabel('A list of sections').check();
    await page.getByLabel('Title').fill('Two Nights');
    await page.getByLabel('Venue').fill('Riverside Hall');
    const refused = page.getByTestId('form-problems');
    const create = page.getByRole('button', { name: 'Create concert' });

    await page.getByLabel('Date 1 starts').fill(localInput(-2 * day));
    await create.click();
    await refused.getByText('Date 1 is in the past.').waitFor();
    await expect(page.getByLabel('Date 1 starts').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.getByLabel('Date 1 starts').fill(localInput(10 * day));
    await page.getByLabel('Sale opens').fill(localInput(12 * day));
    await page.getByLabel('Waiting room opens').fill(localInput(11 * day));
    await create.click();
    await refused.getByText('Date 1 is before the sale opens.').waitFor();

    await page.getByLabel('Sale opens').fill(localInput(day));
    await page.getByLabel('Waiting room opens').fill(localInput(2 * day));
    await create.click();
    await refused.getByText(/The sale cannot open before the waiting room/).waitFor();
    await expect(page.getByLabel('Sale opens').getAttribute('aria-invalid')).resolves.toBe('true');

    // What only the API knows is refused in words too: a row longer than a row may be.
    await page.getByLabel('Waiting room opens').fill(localInput(day / 2));
    await page.getByLabel('Section 1 seats per row').fill('600');
    await create.click();
    await page.getByTestId('form-refused').waitFor();
    await screenshot(page, 'operator-form-refused-desktop');

    // Put right: two dates, a seated section and a standing area, a price for each grade.
    await page.getByLabel('Section 1 seats per row').fill('20');
    await page.getByRole('button', { name: 'Add a date' }).click();
    await page.getByLabel('R price (won)').fill('120000');
    await page.getByLabel('GA price (won)').fill('60000');
    await create.click();
    await page.getByText('Created “Two Nights”').waitFor();
    const listed = await stack.admin.concert.list.query({ limit: 100 });
    const concert = listed.items.find((c) => c.title === 'Two Nights');
    expect(concert?.performances.length).toBe(2);
    assertClean();
    await context.close();
  });

  it('offers the venue templates with their sections, grades, seat counts and default prices', async () => {
    const { page, context, assertClean } = await openPage(stack);
    await openOperatorPage(page);
    await page.getByLabel('From a template').check();
    await page.getByLabel('Template', { exact: true }).selectOption('stadium');
    await page
      .getByTestId('template-summary')
      .getByText(/sections/)
      .waitFor();
    await page.getByLabel('VIP price (won)').waitFor();
    await screenshot(page, 'operator-form-desktop');
    assertClean();
    await context.close();
  });
});

const day = 24 * 60 * 60 * 1000;

/** A datetime-local value for a moment `ms` from now, in the browser's (and this process's) local time. */
function localInput(ms: number): string {
  const d = new Date(Date.now() + ms - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** Signs in as the demo operator and opens the operator page. */
async function openOperatorPage(page: Page): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('admin-pass-123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Operator', exact: true }).click();
}
