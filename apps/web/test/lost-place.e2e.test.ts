/**
 * A place the server cannot find (docs/domain.md, "Recovery"): the concert page says at once that the place is
 * gone and offers to join again, and the buyer's live hold is offered for payment, which succeeds without a token.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createConcert, joinAndEnter, openSeatMap, seat } from './support/flows';
import { openPage, screenshot, signUp, startWebStack, uniqueName, type WebStack } from './support/web-stack';

describe('web client: a lost place in line', { timeout: 90_000 }, () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('shows the place is gone at once, offers to join again, and lets the live hold be paid', async () => {
    const concertId = await createConcert(stack, 'Lost Place Night');
    const { page, context, assertClean } = await openPage(stack);
    await signUp(page, uniqueName('lost'));
    await joinAndEnter(page, concertId);
    await openSeatMap(page);
    await seat(page, 3).click();
    await page.getByRole('button', { name: 'Hold 1 seat' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();

    // The stored token becomes one the server cannot know (well-formed, unsigned): a place lost for good.
    await page.evaluate((id) => {
      localStorage.setItem(
        `tix.queue.${id}`,
        JSON.stringify({ token: `${id}.${'A'.repeat(43)}`, firstPosition: 1 }),
      );
    }, concertId);
    await page.goto(`/concerts/${concertId}`);
    // No fallback poll is needed: the live stream ends with a final error (5 s, far below the 20 s poll).
    await page.getByTestId('place-lost').waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Join the waiting room' }).waitFor();
    await page.getByTestId('live-holds').waitFor();
    await screenshot(page, 'place-lost-desktop');

    await page.getByTestId('live-holds').getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    const pay = page.getByRole('button', { name: /^Pay / });
    const total = ((await pay.textContent()) ?? '').replace('Pay ', '');
    await page.getByRole('button', { name: `Charge ${total}` }).click();
    await page.getByTestId('wallet-balance').getByText(total).waitFor();
    await pay.click();
    await page.getByTestId('paid').waitFor();
    await screenshot(page, 'place-lost-paid-desktop');
    assertClean();
    await context.close();
  });
});
