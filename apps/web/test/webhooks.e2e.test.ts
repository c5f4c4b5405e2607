/**
 * The operator's webhooks page in a real browser, on the embedded default: register an endpoint, buy a ticket, and
 * watch the signed deliveries of that purchase arrive in the delivery log; then delete the endpoint.
 */
import {
  startWebhookReceiver,
  verifyWebhookSignature,
  waitUntil,
  type WebhookReceiver,
} from '@tix/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyThroughSdk, createConcert } from './support/flows';
import { openPage, phone, screenshot, startWebStack, uniqueName, type WebStack } from './support/web-stack';

describe('web client: webhooks page', { timeout: 90_000 }, () => {
  let stack: WebStack;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver({ failFirst: 1 });
    // The receiver is on loopback, which only WEBHOOK_ALLOW_PRIVATE lets a webhook reach.
    stack = await startWebStack({
      serverEnv: { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '200' },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
  });

  it('registers an endpoint, shows the signed deliveries of a purchase, and deletes it', async () => {
    const title = uniqueName('Webhook Show');
    const concertId = await createConcert(stack, title);
    const { page, context, assertClean } = await openPage(stack);
    await page.goto('/signin');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('admin-pass-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Operator' }).click();
    await page.getByRole('link', { name: 'Webhooks and deliveries' }).click();
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();

    // A private target is refused with the field named.
    await page.getByLabel('Endpoint URL').fill('ftp://example.com/hook');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page
      .getByRole('alert')
      .getByText(/http or https only/)
      .waitFor();

    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByLabel('Events of').selectOption({ label: title });
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('webhook-secret').locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.getByTestId('webhook-list').getByText(receiver.url).waitFor();

    const { payment: paid } = await buyThroughSdk(stack, concertId);
    await page.getByTestId('delivery-log').getByText('payment.completed').waitFor({ timeout: 30_000 });
    // The concert's queue.admitted arrives too; the purchase is its reservation's two events.
    const sale = () => receiver.accepted().filter((d) => d.event.data.reservationId === paid.reservationId);
    await waitUntil('both deliveries of the purchase accepted', () => sale().length === 2);
    await page.getByTestId('delivery-log').getByText('Delivered').nth(1).waitFor({ timeout: 30_000 });
    const [held, completed] = sale();
    expect([held!.event.type, completed!.event.type]).toEqual(['reservation.held', 'payment.completed']);
    expect(completed!.event.data).toMatchObject({ paymentId: paid.paymentId, amount: paid.amount });
    for (const d of receiver.accepted()) {
      const now = Math.floor(Date.now() / 1000);
      expect(verifyWebhookSignature(secret, d.body, String(d.headers['x-tix-signature']), now)).toBe(true);
    }
    await screenshot(page, 'webhooks-desktop');
    await page.setViewportSize(phone);
    await screenshot(page, 'webhooks-phone');

    await page.getByRole('button', { name: `Delete ${receiver.url}` }).click();
    await page.getByText('Endpoint deleted.').waitFor();
    await page.getByText('No endpoints yet.').waitFor();
    assertClean();
    await context.close();
  });
});
