/**
 * Buying in a real browser against a real server: the whole purchase, two buyers racing for one seat, the waiting
 * room letting a buyer in while the page is open, a hold running out on screen, and a place in line lost for good
 * (docs/domain.md, "Recovery": the page says so at once, and the live hold is still paid).
 */
import { createClient } from '@tix/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConcert, joinAndEnter, openSeatMap, seat } from './support/flows';
import {
  openPage,
  phone,
  desktop,
  screenshot,
  signUp,
  startWebStack,
  uniqueName,
  type WebStack,
} from './support/web-stack';

describe('web client: buying', { timeout: 90_000 }, () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('buys two seats end to end: join, seat map, hold, top up, pay, then refund', async () => {
    await createConcert(stack, 'Purchase Night');
    const { page, context, assertClean } = await openPage(stack);
    // A newcomer's path: the list, the concert, sign up when asked, and straight back to the concert.
    await page.goto('/');
    await page.getByRole('link', { name: 'Get tickets for Purchase Night' }).click();
    // The concert page's own link (it brings the buyer back here), not the header's, which may render first.
    await page
      .locator('.card', { hasText: 'Sign in to join the waiting room' })
      .getByRole('link', { name: 'Sign in' })
      .click();
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Username').fill(uniqueName('buyer'));
    await page.getByLabel('Password', { exact: true }).fill('buyer-pass-1');
    await page.getByLabel('Confirm password').fill('buyer-pass-1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Purchase Night', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Join the waiting room' }).click();
    await page.getByTestId('admitted').waitFor({ timeout: 30_000 });
    await screenshot(page, 'concert-admitted-desktop');

    await openSeatMap(page);
    await seat(page, 1).click();
    // Seats are real buttons: keyboard users choose them with Space.
    await seat(page, 8).focus();
    await page.keyboard.press('Space');
    await expect(seat(page, 1).getAttribute('aria-pressed')).resolves.toBe('true');
    await screenshot(page, 'seat-map-small-desktop');
    await page.setViewportSize(phone);
    await screenshot(page, 'seat-map-small-phone');
    await page.setViewportSize(desktop);
    await page.getByRole('button', { name: 'Hold 2 seats' }).click();

    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await page.getByTestId('hold-countdown').waitFor();
    await page.getByTestId('order-total').getByText('₩260,000').waitFor();
    await page.getByRole('button', { name: 'Pay ₩260,000' }).click();
    await page
      .getByTestId('pay-error')
      .getByText(/balance is too low/)
      .waitFor();
    // An empty amount charges exactly the shortfall, as the hint says; the box holds no number that looks typed.
    await page
      .getByTestId('charge-hint')
      .getByText('Leave it empty to add exactly the ₩260,000 you need.')
      .waitFor();
    await expect(page.getByLabel('Charge amount (won)').getAttribute('placeholder')).resolves.toBeNull();
    await screenshot(page, 'checkout-balance-too-low-desktop');
    await page.getByRole('button', { name: 'Charge ₩260,000' }).click();
    await page.getByTestId('wallet-balance').getByText('₩260,000').waitFor();
    await page.getByRole('button', { name: 'Pay ₩260,000' }).click();
    await page
      .getByTestId('paid')
      .getByText(/Paid ₩260,000 for seats A-1-1, A-1-8/)
      .waitFor();
    await screenshot(page, 'paid-desktop');

    await page.getByRole('link', { name: 'See my tickets' }).click();
    const ticket = page.getByTestId('reservation').first();
    await ticket.getByTestId('reservation-status').getByText('Paid').waitFor();
    await screenshot(page, 'my-tickets-desktop');
    await ticket.getByRole('button', { name: 'Cancel and refund' }).click();
    await ticket.getByRole('button', { name: 'Yes, cancel and refund' }).click();
    await ticket.getByTestId('reservation-status').getByText('Refunded').waitFor();
    await page.getByTestId('wallet-balance').getByText('₩260,000').waitFor();
    await page.setViewportSize(phone);
    await screenshot(page, 'my-tickets-phone');
    assertClean();
    await context.close();
  });

  it('two buyers race for one seat: the loser sees it taken live, then loses a head-on race with a clear message', async () => {
    const concertId = await createConcert(stack, 'Race Night');
    const a = await openPage(stack);
    const b = await openPage(stack);
    await Promise.all([signUp(a.page, uniqueName('racer_a')), signUp(b.page, uniqueName('racer_b'))]);
    await Promise.all([joinAndEnter(a.page, concertId), joinAndEnter(b.page, concertId)]);
    await Promise.all([openSeatMap(a.page), openSeatMap(b.page)]);

    // B is still choosing when A holds: B's map turns the seat to held without a reload and says so.
    await seat(b.page, 3).click();
    await seat(a.page, 3).click();
    await a.page.getByRole('button', { name: 'Hold 1 seat' }).click();
    await a.page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await seat(b.page, 3, 'taken').waitFor();
    await b.page.getByTestId('seat-taken').getByText('A-1-3 was just taken by someone else').waitFor();
    await expect(b.page.getByRole('button', { name: 'Hold', exact: true }).isDisabled()).resolves.toBe(true);
    await screenshot(b.page, 'seat-taken-live-desktop');

    // A gives the seat back; B sees it free again, and both go for seat 3 at once.
    await a.page.getByRole('button', { name: 'Cancel hold' }).click();
    await a.page.getByRole('button', { name: 'Yes, cancel the hold' }).click();
    await seat(a.page, 3, 'available').waitFor();
    await seat(b.page, 3, 'available').waitFor();
    await Promise.all([seat(a.page, 3).click(), seat(b.page, 3).click()]);
    // Both buttons are found first, then clicked together. A loser whose map already shows the seat held has a
    // disabled button by then, and the click does nothing: the live update is its answer.
    const holdButtons = await Promise.all(
      [a.page, b.page].map((p) => p.getByRole('button', { name: 'Hold 1 seat' }).elementHandle()),
    );
    await Promise.all(holdButtons.map((button) => button.dispatchEvent('click')));
    const outcome = async (p: typeof a.page) => {
      const won = p.getByRole('heading', { name: 'Checkout' });
      const lost = p.getByTestId('hold-error').or(p.getByTestId('seat-taken'));
      await won.or(lost).first().waitFor();
      return (await won.isVisible()) ? 'won' : 'lost';
    };
    const results = await Promise.all([outcome(a.page), outcome(b.page)]);
    expect([...results].sort()).toEqual(['lost', 'won']);
    const loser = results[0] === 'lost' ? a.page : b.page;
    await expect(
      loser.getByRole('alert').or(loser.getByTestId('seat-taken')).first().textContent(),
    ).resolves.toMatch(/taken by someone else|Someone else just took/);
    await seat(loser, 3, 'taken').waitFor();
    a.assertClean();
    b.assertClean();
    await Promise.all([a.context.close(), b.context.close()]);
  });

  it('lets a waiting buyer in while the page is open, and keeps the place across a reload', async () => {
    const concertId = await createConcert(stack, 'Tiny Room', { maxActive: 1, admitPerSecond: 1 });
    // Two others come first: one takes the only slot, the other waits ahead of our buyer.
    const buyer = async () => {
      const client = createClient({ url: stack.url });
      const { sessionToken } = await client.auth.signUp.mutate({
        username: uniqueName('ahead'),
        password: 'ahead-pass-1',
      });
      client.setSessionToken(sessionToken);
      client.setQueueToken((await client.queue.join.mutate({ concertId })).token);
      return client;
    };
    const first = await buyer();
    await expect
      .poll(async () => (await first.queue.status.query()).status, { timeout: 20_000 })
      .toBe('ACTIVE');
    const second = await buyer();

    const { page, context, assertClean } = await openPage(stack);
    await signUp(page, uniqueName('waiter'));
    await page.goto(`/concerts/${concertId}`);
    await page.getByRole('button', { name: 'Join the waiting room' }).click();
    await page.getByTestId('waiting-room').waitFor();
    await expect(page.getByTestId('queue-position').textContent()).resolves.toBe('2');
    await expect(page.getByTestId('queue-ahead').textContent()).resolves.toBe('1');
    // The estimate is a range with its age; the bar starts from the buyer's own place; the tab says "Waiting".
    await expect(page.getByTestId('queue-eta').textContent()).resolves.toMatch(
      /^(about [\d–]+ (s|min)|any moment now)$/,
    );
    await page
      .getByTestId('queue-eta-age')
      .getByText(/updated/)
      .waitFor();
    await expect(page.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('0');
    await expect(page.title()).resolves.toBe('Waiting · Tiny Room');
    await screenshot(page, 'waiting-room-desktop');
    await page.setViewportSize(phone);
    await screenshot(page, 'waiting-room-phone');
    await page.setViewportSize(desktop);

    await page.reload();
    await page.getByTestId('waiting-room').waitFor();
    await expect(page.getByTestId('queue-position').textContent()).resolves.toBe('2');

    // The operator pauses: the page says so at once and keeps the place; resuming lets the line move again.
    await stack.admin.admin.configureQueue.mutate({ concertId, paused: true });
    await page.getByTestId('queue-paused').waitFor();
    await screenshot(page, 'waiting-room-paused-desktop');
    await stack.admin.admin.configureQueue.mutate({ concertId, paused: false });
    await page.getByTestId('queue-paused').waitFor({ state: 'detached' });

    // The first buyer finishes: the second is let in and our buyer moves up, live.
    await first.queue.leave.mutate();
    await page.locator('[data-testid="queue-position"]', { hasText: /^1$/ }).waitFor({ timeout: 30_000 });
    // Only what changed is announced.
    await page
      .getByTestId('queue-announcement')
      .getByText(/You are now number 1 in line\./)
      .waitFor();
    await expect(page.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('50');
    await second.queue.leave.mutate();
    await page.getByTestId('admitted').waitFor({ timeout: 30_000 });
    await expect(page.title()).resolves.toBe('✔ Your turn · Tiny Room');
    await page
      .getByRole('link', { name: /Choose seats for/ })
      .first()
      .waitFor();
    assertClean();
    await context.close();
  });

  it('shows the hold running out and the seats released', async () => {
    const concertId = await createConcert(stack, 'Short Hold', { holdSeconds: 10 });
    const { page, context, assertClean } = await openPage(stack);
    await signUp(page, uniqueName('slow'));
    await joinAndEnter(page, concertId);
    await openSeatMap(page);
    // Best available is the server's pick, held at once.
    await page.locator('#best-count').selectOption('1');
    await page.getByRole('button', { name: 'Hold best available' }).click();
    await page.getByTestId('hold-countdown').waitFor();
    await screenshot(page, 'checkout-desktop');
    await page.getByTestId('hold-expired').waitFor({ timeout: 25_000 });
    // No Pay button that cannot work: the way back instead.
    await expect(page.getByRole('button', { name: /^Pay/ }).count()).resolves.toBe(0);
    await screenshot(page, 'hold-expired-desktop');
    await page.getByRole('link', { name: 'Choose seats again' }).click();
    await page.locator('.map-seat[data-status="available"]').first().waitFor();
    assertClean();
    await context.close();
  });

  it('counts down to the waiting room opening, explains the draw, then lets the buyer join', async () => {
    const { page, context, assertClean } = await openPage(stack);
    await signUp(page, uniqueName('early'));
    // Made after signing up, so a slow machine still reaches the page before the opening.
    const { concertId } = await stack.admin.admin.createConcert.mutate({
      title: 'Opening Soon',
      venue: 'Test Hall',
      queueOpensAt: new Date(Date.now() + 8_000),
      saleOpensAt: new Date(Date.now() + 3600_000),
      performances: [{ startsAt: new Date(Date.now() + 20 * 24 * 3600_000), seats: 20 }],
    });
    await page.goto(`/concerts/${concertId}`);
    await page.getByTestId('room-countdown').waitFor();
    await page.getByText(/placed in a random draw when it opens/).waitFor();
    await expect(
      page.getByRole('button', { name: 'The waiting room is not open yet' }).isDisabled(),
    ).resolves.toBe(true);
    await screenshot(page, 'concert-before-opening-desktop');
    // At the opening the countdown gives way to the sale's, and the button to Join.
    await page.getByRole('button', { name: 'Join the waiting room' }).click({ timeout: 40_000 });
    await page.getByTestId('waiting-room').waitFor();
    await page.getByTestId('sale-countdown').waitFor();
    await expect(page.getByTestId('queue-eta').textContent()).resolves.toMatch(/^about \d+–\d+ min$/);
    await screenshot(page, 'waiting-room-pre-sale-desktop');
    assertClean();
    await context.close();
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
