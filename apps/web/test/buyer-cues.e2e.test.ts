/**
 * The buyer's cues in a real browser (apps/web/README.md, "Screens"): an open hold named on every screen with its
 * countdown and a link to its checkout, a second Hold pointing there, the sticky time left at checkout on a phone,
 * the spoken warnings at 2 minutes and 30 seconds, an expired checkout offering the way back, "Cancel hold" asking
 * first, a tab title per screen, focus on each new screen's heading, plain words for bad URLs and refused input, and
 * the password toggle and confirmation. axe-core checks checkout, the ticket page and the wallet page.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { createConcert, joinAndEnter, openSeatMap, seat } from './support/flows';
import { artifactsDir, desktop, openPage, phone, signUp, uniqueName, useWebStack } from './support/web-stack';

/** A screenshot into test-artifacts/web (the ones in apps/web/docs/screenshots are copied from there by hand). */
async function docShot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage });
}

/** The focused element as "TAG text", to check focus landed on a screen's heading. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName} ${el.textContent?.trim() ?? ''}` : '';
  });

const reservationOf = (url: string) => /\/checkout\/([0-9a-f-]{36})/.exec(url)?.[1];

describe('web client: buyer cues', { timeout: 120_000 }, () => {
  const web = useWebStack();

  it('shows an open hold everywhere, points a second Hold to it, asks before cancelling, and pays', async () => {
    const title = uniqueName('Cue Night');
    const concertId = await createConcert(web(), title);
    const { page, context, assertClean } = await openPage(web());
    await signUp(page, uniqueName('cue'));
    // Signing in goes home: a navigation, so the new screen's heading has focus and the tab its own title.
    await expect.poll(() => focused(page)).toBe('H1 Concerts');
    await expect(page.title()).resolves.toBe('Concerts · tix');

    await joinAndEnter(page, concertId);
    await expect.poll(() => focused(page)).toMatch(/^H2 (It's your turn!|You are in the waiting room)$/);
    await expect(page.title()).resolves.toBe(`✔ Your turn · ${title}`);
    await openSeatMap(page);
    await expect.poll(() => focused(page)).toBe(`H1 ${title}`);
    await expect(page.title()).resolves.toBe(`Seats — ${title} · tix`);

    await seat(page, 2).click();
    await page.getByRole('button', { name: 'Hold 1 seat' }).click();
    await page.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
    const held = reservationOf(page.url())!;
    await expect.poll(() => focused(page)).toBe('H1 Checkout');
    await expect(page.title()).resolves.toBe(`Checkout — ${title} · tix`);
    // At its own checkout the hold is the sticky line, not the banner.
    await page.getByTestId('hold-line').getByText('Seat A-1-2 held for you').waitFor();
    await expect.poll(() => page.getByTestId('hold-banner').count()).toBe(0);

    // Everywhere else the banner names it, counts down and links to its checkout.
    await page.getByRole('link', { name: 'Concerts' }).click();
    const banner = page.getByTestId('hold-banner');
    await banner.getByText(`Seat A-1-2 held for you at ${title}`).waitFor();
    await expect(banner.getByTestId('banner-countdown').textContent()).resolves.toMatch(/^\d:\d\d$/);
    await page.getByRole('link', { name: `Get tickets for ${title}` }).click();
    await page.getByTestId('admitted').waitFor();
    await openSeatMap(page);
    await banner.waitFor();
    await docShot(page, 'seat-map-hold-banner-desktop', false);
    await page.setViewportSize(phone);
    await docShot(page, 'seat-map-hold-banner-phone', false);
    await page.setViewportSize(desktop);

    // A second Hold on the same date is refused with the way to the open hold's checkout, not "My tickets".
    await seat(page, 5).click();
    await page.getByRole('button', { name: 'Hold 1 seat' }).click();
    await page
      .getByTestId('hold-error')
      .getByText(/already hold seats for this date/)
      .waitFor();
    await page.getByRole('link', { name: "Go to your held seats' checkout" }).click();
    await page.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
    expect(reservationOf(page.url())).toBe(held);
    await expect(axeViolations(page)).resolves.toEqual([]);

    // On a phone the time left stays in view when the buyer scrolls down to the wallet (a short phone, so the
    // page is longer than the screen).
    await page.setViewportSize({ width: phone.width, height: 560 });
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect
      .poll(async () => (await page.getByTestId('hold-line').boundingBox())?.y ?? -1)
      .toBeLessThan(2);
    await page.getByRole('heading', { name: 'Wallet' }).waitFor();
    await docShot(page, 'checkout-sticky-countdown-phone', false);
    await page.setViewportSize(desktop);

    // "Cancel hold" asks first; "Keep my seats" keeps them, "Yes" lets them go.
    await page.getByRole('button', { name: 'Cancel hold' }).click();
    const confirm = page.getByTestId('confirm');
    await confirm.getByText('Let seat A-1-2 go? They go back on sale at once.').waitFor();
    await expect.poll(() => focused(page)).toBe('BUTTON Keep my seats');
    await page.getByRole('button', { name: 'Keep my seats' }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    await page.getByTestId('hold-countdown').waitFor();
    await page.getByRole('button', { name: 'Cancel hold' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the hold' }).click();
    await seat(page, 2, 'available').waitFor();
    await expect.poll(() => banner.count()).toBe(0);

    // Hold again and pay: the paid screen takes focus, then the ticket and the wallet pages pass axe.
    await seat(page, 2).click();
    await page.getByRole('button', { name: 'Hold 1 seat' }).click();
    await page.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
    await page.getByRole('button', { name: /^Charge ₩/ }).click();
    await page.getByRole('button', { name: /^Pay ₩/ }).click();
    await page.getByTestId('paid').waitFor();
    await expect.poll(() => focused(page)).toBe('H1 You have tickets!');
    await page.getByRole('link', { name: 'Show my ticket' }).click();
    await page.getByTestId('ticket-qr').locator('svg').waitFor();
    await expect.poll(() => focused(page)).toMatch(/^H1 Ticket [0-9A-F]{8}$/);
    await expect(page.title()).resolves.toMatch(new RegExp(`^Ticket [0-9A-F]{8} — ${title} · tix$`));
    await expect(axeViolations(page)).resolves.toEqual([]);
    await page.getByRole('link', { name: 'Wallet' }).click();
    await page.getByTestId('wallet-history').waitFor();
    await expect(page.title()).resolves.toBe('Wallet · tix');
    await expect.poll(() => focused(page)).toBe('H1 Wallet');
    await expect(axeViolations(page)).resolves.toEqual([]);
    assertClean();
    await context.close();
  });

  it('warns at 2 minutes and 30 seconds left, once each, then shows the hold expired with the way back', async () => {
    const title = uniqueName('Clock Night');
    const concertId = await createConcert(web(), title, { holdSeconds: 180 });
    const { page, context, assertClean } = await openPage(web());
    // The page's clock runs on its own but can be moved forward, so minutes pass in a moment.
    await context.clock.install();
    await signUp(page, uniqueName('clock'));
    await joinAndEnter(page, concertId);
    await openSeatMap(page);
    await seat(page, 4).click();
    await page.getByRole('button', { name: 'Hold 1 seat' }).click();
    const warning = page.getByTestId('hold-countdown-warning');
    await warning.waitFor({ state: 'attached' });
    await expect(warning.getAttribute('aria-live')).resolves.toBe('polite');
    await expect(warning.textContent()).resolves.toBe('');

    const now = await page.evaluate(() => Date.now());
    await page.clock.setSystemTime(now + 70_000);
    await expect.poll(() => warning.textContent()).toBe('2 minutes left to pay for seat A-1-4.');
    await page.clock.setSystemTime(now + 80_000);
    await expect(warning.textContent()).resolves.toBe('2 minutes left to pay for seat A-1-4.');
    await page.clock.setSystemTime(now + 155_000);
    await expect.poll(() => warning.textContent()).toBe('30 seconds left to pay for seat A-1-4.');

    await page.clock.setSystemTime(now + 185_000);
    const expired = page.getByTestId('hold-expired');
    await expired.getByRole('heading', { name: 'This hold has expired' }).waitFor();
    await expect(page.getByRole('button', { name: /^Pay/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Cancel hold' }).count()).resolves.toBe(0);
    await expect(page.title()).resolves.toBe(`Hold expired — ${title} · tix`);
    await docShot(page, 'checkout-expired-desktop');
    await page.setViewportSize(phone);
    await docShot(page, 'checkout-expired-phone');
    await page.setViewportSize(desktop);
    await expired.getByRole('link', { name: 'Choose seats again' }).click();
    await page.locator('.map-seat').first().waitFor();
    assertClean();
    await context.close();
  });

  it('answers bad URLs and refused input in plain words, and has a password toggle and confirmation', async () => {
    const { page, context, assertClean } = await openPage(web());
    const validatorWords = /uuid|ConcertId|Invalid input|expected|received/i;
    for (const [url, thing] of [
      ['/concerts/not-an-id', 'concert'],
      [`/concerts/${randomUUID()}`, 'concert'],
      ['/no/such/page', 'page'],
    ] as const) {
      await page.goto(url);
      await page.getByRole('heading', { name: `We couldn't find that ${thing}`, level: 1 }).waitFor();
      await expect(page.locator('main').textContent()).resolves.not.toMatch(validatorWords);
      await expect(page.title()).resolves.toBe(`No such ${thing} · tix`);
      if (url === '/concerts/not-an-id') await docShot(page, 'not-found-desktop');
    }
    await page.getByRole('link', { name: 'See all concerts' }).click();
    await expect.poll(() => focused(page)).toBe('H1 Concerts');

    // Sign in: the toggle shows what was typed and says so (aria-pressed).
    await page.getByRole('link', { name: 'Sign in' }).click();
    await expect.poll(() => focused(page)).toBe('H1 Sign in');
    await expect(page.title()).resolves.toBe('Sign in · tix');
    const password = page.getByLabel('Password', { exact: true });
    const toggle = page.getByRole('button', { name: 'Show password' });
    await password.fill('secret-pass-1');
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(password.getAttribute('type')).resolves.toBe('password');
    await toggle.click();
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(password.getAttribute('type')).resolves.toBe('text');

    // Create an account: two passwords that differ are refused before anything is sent.
    await page.getByRole('button', { name: 'Create an account' }).click();
    await expect(page.title()).resolves.toBe('Create an account · tix');
    const username = uniqueName('careful');
    await page.getByLabel('Username').fill(username);
    await password.fill('buyer-pass-1');
    await page.getByLabel('Confirm password').fill('buyer-pass-2');
    await expect(page.getByLabel('Confirm password').getAttribute('type')).resolves.toBe('text');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').getByText('The two passwords do not match.').waitFor();
    await expect(page.getByLabel('Confirm password').getAttribute('aria-invalid')).resolves.toBe('true');
    await docShot(page, 'sign-up-mismatch-desktop');
    await page.setViewportSize(phone);
    await docShot(page, 'sign-up-mismatch-phone');
    await page.setViewportSize(desktop);

    // A password the server refuses is named in a sentence, not in the validator's words.
    await toggle.click();
    await password.fill('short');
    await page.getByLabel('Confirm password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    const refusal = page.getByRole('alert');
    await refusal.getByText('Choose a password of at least 8 characters.').waitFor();
    await expect(refusal.textContent()).resolves.not.toMatch(/Password:|Too small/);

    await password.fill('buyer-pass-1');
    await page.getByLabel('Confirm password').fill('buyer-pass-1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: /Sign out/ }).waitFor();
    // Unknown or malformed reservations, signed in: "We couldn't find that reservation" with a way home.
    for (const url of [`/concerts/${randomUUID()}/checkout/${randomUUID()}`, '/tickets/not-an-id']) {
      await page.goto(url);
      await page.getByRole('heading', { name: "We couldn't find that reservation", level: 1 }).waitFor();
      await page.getByRole('link', { name: 'My tickets' }).first().waitFor();
      await expect(page.locator('main').textContent()).resolves.not.toMatch(validatorWords);
    }
    assertClean();
    await context.close();
  });
});
