/**
 * The operator's concert view in a real browser (issue 17, "Operators"): charts over time with their table and
 * summaries, rates per minute, the time to clear the queue and "last updated", sell-through per date and grade,
 * pausing only after a confirmation, editing a concert (with refusals in plain words) and cancelling it, which
 * refunds the buyer and shows the concert as cancelled. Also the create form's performers, city and category.
 */
import { waitUntil } from '@tix/api/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { buyThroughSdk, createConcert } from './support/flows';
import path from 'node:path';
import {
  artifactsDir,
  openPage,
  phone,
  screenshot,
  startWebStack,
  uniqueName,
  type WebStack,
} from './support/web-stack';

describe('web client: the operator concert view', { timeout: 180_000 }, () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
    // Building the web client and starting a server takes minutes on a machine busy with other suites.
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('charts the sale over time, rates per minute, sell-through, and pauses only after asking', async () => {
    const title = `Chart Night ${uniqueName('c')}`;
    const concertId = await createConcert(stack, title, { maxActive: 5, admitPerSecond: 2, seats: 20 });
    await buyThroughSdk(stack, concertId, [1, 2]);
    // A minute of history, as the server's sampler would have written it for the two VIP seats bought above (the
    // line shrinking, sales rising to what the sampler's own live row then finds), then that live row.
    const now = Date.now();
    const sold = [0, 0, 1, 1, 2, 2];
    await stack.server.deps.db
      .insertInto('sale_samples')
      .values(
        [60, 80, 110, 90, 60, 30].map((admitted, i) => ({
          concert_id: concertId,
          sampled_at: new Date(Math.floor(now / 10_000) * 10_000 - (6 - i) * 10_000),
          waiting: 40 - i * 7,
          active: 5,
          admitted_last_minute: admitted,
          held_seats: i < 4 ? 1 : 0,
          sold_seats: sold[i]!,
          revenue: sold[i]! * 150_000,
        })),
      )
      .execute();
    await waitUntil(
      'the sampler writes a live sample',
      async () => (await stack.admin.admin.saleTimeline.query({ concertId, minutes: 5 })).samples.length > 6,
      60_000,
    );

    const { page, context, assertClean } = await openPage(stack);
    await openOperatorPage(page, concertId);
    for (const chart of ['waiting', 'admitted', 'active', 'sold', 'revenue']) {
      await page.getByTestId(`chart-${chart}`).locator('polyline').waitFor();
    }
    await page
      .getByTestId('chart-admitted')
      .getByText(/highest 110\/min/)
      .waitFor();
    await page.getByText(/The numbers as a table/).click();
    await page.getByRole('columnheader', { name: 'Let in per minute' }).waitFor();
    await page.getByRole('cell', { name: '110/min' }).waitFor();

    const stats = page.getByTestId('admin-stats');
    await stats.getByText('Let in per minute').waitFor();
    await stats.getByText('Queue clears in').waitFor();
    await page
      .getByTestId('stats-updated')
      .getByText(/^Last updated \d/)
      .waitFor();
    await page.getByTestId('sell-through').getByText('2 of').waitFor();

    // The rate is per minute, in steps of 60; the saved value is a hint, not a placeholder.
    const room = page.getByRole('region', { name: 'Waiting room' });
    const rate = room.getByLabel('Admission rate (people per minute)');
    await expect(rate.inputValue()).resolves.toBe('120');
    await expect(rate.getAttribute('placeholder')).resolves.toBeNull();
    await page.getByText('Saved: 120 per minute').waitFor();
    await rate.fill('90');
    await room.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/people per minute in steps of 60/).waitFor();
    await rate.fill('180');
    await room.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved: 180 per minute').waitFor();
    expect((await stack.admin.concert.get.query({ concertId })).settings.admitPerSecond).toBe(3);

    // Pause asks first, naming the concert and what pausing does; "keep" changes nothing.
    await page.getByRole('button', { name: 'Pause sale' }).click();
    const dialog = page.getByRole('dialog', { name: `Pause the sale of “${title}”?` });
    await dialog.getByText(/nobody more is let in from the waiting room/).waitFor();
    await dialog.getByRole('button', { name: 'Keep it as it is' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await stack.admin.concert.get.query({ concertId })).settings.paused).toBe(false);
    await page.getByRole('button', { name: 'Pause sale' }).click();
    await dialog.getByText(/nobody more is let in/).waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'operator-pause-dialog-desktop.png') });
    await dialog.getByRole('button', { name: 'Pause the sale' }).click();
    await page.getByRole('button', { name: 'Resume sale' }).waitFor();
    await page.getByText('Paused', { exact: true }).first().waitFor();
    expect((await stack.admin.concert.get.query({ concertId })).settings.paused).toBe(true);

    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'operator-dashboard-desktop');
    await regionShot(page, 'Live sale', 'operator-live-desktop');
    await regionShot(page, 'Over time', 'operator-charts-desktop');
    await page.setViewportSize(phone);
    await screenshot(page, 'operator-dashboard-phone');
    await regionShot(page, 'Live sale', 'operator-live-phone');
    await regionShot(page, 'Over time', 'operator-charts-phone');
    assertClean();
    await context.close();
  });

  it('edits a concert with plain-word refusals, then cancels it: refunded, shown as cancelled, no joining', async () => {
    const title = `Edit Night ${uniqueName('e')}`;
    const concertId = await createConcert(stack, title, { seats: 20 });
    const { buyer } = await buyThroughSdk(stack, concertId, [3], 400_000);
    expect(await buyer.wallet.balance.query()).toMatchObject({ balance: 250_000 });

    const { page, context, assertClean } = await openPage(stack);
    await openOperatorPage(page, concertId);
    await page.getByRole('button', { name: 'Edit concert' }).click();
    const form = page.getByRole('region', { name: `Edit “${title}”` });
    // The sale is open: its dates are fixed, and the form says why.
    await form.getByText(/these are fixed now, because tickets may be sold/).waitFor();
    await expect(form.getByLabel('Sale opens').isDisabled()).resolves.toBe(true);

    await form.getByLabel('Hold time (seconds)').fill('5');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form
      .getByTestId('edit-refused')
      .getByText('Hold time: a whole number of seconds from 10 to 3,600.')
      .waitFor();
    await expect(form.getByTestId('edit-refused').textContent()).resolves.not.toMatch(
      /Invalid input|holdSeconds/,
    );
    await form.getByLabel('Hold time (seconds)').fill('300');

    const renamed = `${title} (Encore)`;
    await form.getByLabel('Title', { exact: true }).fill(renamed);
    await form.getByLabel('Performers').fill('Aurora, The Night Band');
    await form.getByLabel('City', { exact: true }).fill('Busan');
    await form.getByLabel('Category').selectOption('rock');
    await form.getByLabel('Description').fill('Doors open at six.');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved. Buyers see the changes at once.').waitFor();
    await screenshot(page, 'operator-edit-desktop');
    await regionShot(page, 'Edit “', 'operator-edit-form-desktop');
    await page.setViewportSize(phone);
    await screenshot(page, 'operator-edit-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await stack.admin.concert.get.query({ concertId })).toMatchObject({
      title: renamed,
      performers: ['Aurora', 'The Night Band'],
      city: 'Busan',
      category: 'rock',
      description: 'Doors open at six.',
    });
    await page.getByRole('option', { name: renamed }).waitFor({ state: 'attached' });

    // Cancel asks first and says what it does; then it reports what it did.
    await page.getByRole('button', { name: 'Cancel concert…' }).click();
    const dialog = page.getByRole('dialog', { name: `Cancel “${renamed}”?` });
    await dialog.getByText('This cannot be undone.').waitFor();
    await dialog.getByText(/refunded in full to its buyer’s wallet/).waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'operator-cancel-dialog-desktop.png') });
    await dialog.getByRole('button', { name: 'Cancel the concert' }).click();
    await page
      .getByTestId('cancel-outcome')
      .getByText(/Released 0 holds; refunded 1 paid reservation \(₩150,000\)/)
      .waitFor();
    await page.getByRole('option', { name: `${renamed} (cancelled)` }).waitFor({ state: 'attached' });
    await page.getByText('Cancelled', { exact: true }).first().waitFor();
    await regionShot(page, 'Live sale', 'operator-cancelled-desktop');
    expect(await buyer.wallet.balance.query()).toMatchObject({ balance: 400_000 });

    // The buyer's side: the list says cancelled, the page says why, and Join is off.
    await page.goto(`/concerts/${concertId}`);
    await page.getByTestId('concert-cancelled').waitFor();
    await expect(page.getByRole('button', { name: 'Join the waiting room' }).isDisabled()).resolves.toBe(
      true,
    );
    await page.goto('/');
    await page
      .getByRole('listitem')
      .filter({ hasText: renamed })
      .getByText('Cancelled', { exact: true })
      .waitFor();
    assertClean();
    await context.close();
  });

  it('creates a concert with performers, city and category', async () => {
    const { page, context, assertClean } = await openPage(stack);
    await openOperatorPage(page);
    const title = `Search Fields ${uniqueName('s')}`;
    await page.getByLabel('Title', { exact: true }).first().fill(title);
    await page.getByLabel('Venue', { exact: true }).first().fill('Harbour Hall');
    await page.getByLabel('Performers').fill('Lumen, Parade');
    await page.getByLabel('City', { exact: true }).fill('Incheon');
    await page.getByLabel('Category').selectOption('jazz');
    await page.getByRole('button', { name: 'Create concert' }).click();
    await page.getByText(`Created “${title}”`).waitFor();
    const listed = (await stack.admin.concert.list.query({ limit: 100 })).items.find(
      (c) => c.title === title,
    );
    expect(listed).toMatchObject({ performers: ['Lumen', 'Parade'], city: 'Incheon', category: 'jazz' });
    assertClean();
    await context.close();
  });
});

/** Signs in as the demo operator, opens the operator page and, when given, picks the concert. */
async function openOperatorPage(page: Page, concertId?: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('admin-pass-123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Operator', exact: true }).click();
  await page.getByTestId('admin-stats').waitFor();
  if (concertId) await page.getByLabel('Concert', { exact: true }).selectOption(concertId);
}

/** One region of the page (by its accessible name) into test-artifacts/web. */
async function regionShot(page: Page, name: string, file: string): Promise<void> {
  await page.getByRole('region', { name }).screenshot({ path: path.join(artifactsDir, `${file}.png`) });
}
