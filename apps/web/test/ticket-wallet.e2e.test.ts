/**
 * The ticket page and the wallet page in a real browser (docs/domain.md, "Tickets"): a buyer who paid through the
 * SDK opens the ticket, whose QR carries a code the published key verifies, and sees the charge and the payment
 * in the wallet history reached from the nav.
 */
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createClient } from '@tix/sdk';
import { describe, expect, it } from 'vitest';
import { buyThroughSdk, createConcert } from './support/flows';
import { desktop, openPage, phone, screenshot, uniqueName, useWebStack } from './support/web-stack';

describe('web client: ticket and wallet', { timeout: 90_000 }, () => {
  const web = useWebStack();

  it('shows a signed, scannable ticket and the wallet history', async () => {
    const title = uniqueName('Ticket Night');
    const concertId = await createConcert(web(), title);
    const { buyer, sessionToken, held } = await buyThroughSdk(web(), concertId, [3, 4], 300_000);

    const { page, context, assertClean } = await openPage(web());
    await context.addInitScript((t) => localStorage.setItem('tix.session', t), sessionToken);
    await page.goto('/me');
    // The list names each seat with its grade, and the concert is a link to its page.
    const row = page.getByTestId('reservation').first();
    await row.getByText(/VIP · \S*3, VIP · \S*4/).waitFor();
    await expect(row.getByRole('link', { name: title }).getAttribute('href')).resolves.toBe(
      `/concerts/${concertId}`,
    );
    await row.getByText(/Test Hall/).waitFor();
    await row
      .getByTestId('refund-deadline')
      .getByText(/^Refundable until /)
      .waitFor();
    await screenshot(page, 'my-tickets-paid-desktop');
    await page.getByRole('link', { name: 'Show ticket' }).click();
    await page
      .getByRole('heading', { name: `Ticket ${held.reservationId.slice(0, 8).toUpperCase()}` })
      .waitFor();
    await expect(page.getByTestId('ticket-seats').textContent()).resolves.toMatch(
      /VIP · seat \S*3, VIP · seat \S*4/,
    );
    await page.getByTestId('ticket-qr').locator('svg').waitFor();
    const calendar = page.getByRole('link', { name: 'Add to calendar' });
    await expect(calendar.getAttribute('download')).resolves.toMatch(/\.ics$/);
    // The file itself, downloaded as a buyer would: one event at the show's start (UTC), at its venue.
    const [download] = await Promise.all([page.waitForEvent('download'), calendar.click()]);
    const ics = readFileSync(await download.path(), 'utf8');
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*BEGIN:VEVENT\r\n/);
    expect(ics).toMatch(/\r\nDTSTART:\d{8}T\d{6}Z\r\n/);
    expect(ics).toContain(`\r\nSUMMARY:${title}\r\n`);
    expect(ics).toContain('\r\nLOCATION:Test Hall\r\n');
    // What the QR encodes verifies with nothing but the published key.
    const ticket = await buyer.reservation.ticket.query({ reservationId: held.reservationId });
    const { publicKeyPem } = await createClient({ url: web().url }).reservation.ticketKey.query();
    const [, payload, signature] = ticket.code!.split('.');
    expect(
      verify(
        null,
        Buffer.from(payload!),
        createPublicKey(publicKeyPem),
        Buffer.from(signature!, 'base64url'),
      ),
    ).toBe(true);
    await screenshot(page, 'ticket-desktop');
    await page.setViewportSize(phone);
    await screenshot(page, 'ticket-phone');

    await page.getByRole('link', { name: 'Wallet' }).click();
    const history = page.getByTestId('wallet-history');
    await history.waitFor();
    await expect(history.locator('tbody tr').count()).resolves.toBe(2);
    await expect(history.textContent()).resolves.toMatch(/Paid for tickets−₩300,000.*Added\+₩300,000/s);
    // Nothing is wider than the phone: a wide table scrolls in its own box.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(
      phone.width,
    );
    await screenshot(page, 'wallet-phone');
    await page.setViewportSize(desktop);
    await screenshot(page, 'wallet-desktop');
    assertClean();
    await context.close();
  });
});
