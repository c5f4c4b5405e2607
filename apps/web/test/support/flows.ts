/** Steps the buying tests share: a concert made for the test, and getting through its waiting room in the UI. */
import { waitUntil } from '@tix/api/testing';
import { createClient } from '@tix/sdk';
import type { Page } from 'playwright-core';
import { uniqueName, type WebStack } from './web-stack';

const day = 24 * 60 * 60 * 1000;

export async function createConcert(
  stack: WebStack,
  title: string,
  settings: {
    maxActive?: number;
    admitPerSecond?: number;
    holdSeconds?: number;
    seats?: number;
    template?: 'small-hall' | 'arena' | 'stadium';
  } = {},
): Promise<string> {
  const startsAt = new Date(Date.now() + 20 * day);
  const concert = await stack.admin.admin.createConcert.mutate({
    title,
    venue: 'Test Hall',
    saleOpensAt: new Date(Date.now() - 60_000),
    maxActive: settings.maxActive ?? 50,
    admitPerSecond: settings.admitPerSecond ?? 20,
    ...(settings.holdSeconds ? { holdSeconds: settings.holdSeconds } : {}),
    performances: [
      settings.template
        ? { startsAt, venue: { template: settings.template } }
        : { startsAt, seats: settings.seats ?? 20 },
    ],
  });
  return concert.concertId;
}

/** Opens the concert, joins its waiting room and waits to be let in (admission runs every second or so). */
export async function joinAndEnter(page: Page, concertId: string): Promise<void> {
  await page.goto(`/concerts/${concertId}`);
  await page.getByRole('button', { name: 'Join the waiting room' }).click();
  await page.getByTestId('admitted').waitFor({ timeout: 30_000 });
}

/**
 * From an admitted concert page, opens the first date's seat map. `timeout`: a stadium's first opening also builds
 * the server's caches, which on a loaded machine takes longer than a step's default.
 */
export async function openSeatMap(page: Page, timeout?: number): Promise<void> {
  await page
    .getByRole('link', { name: /Choose seats for/ })
    .first()
    .click();
  await page
    .locator('.map-seat')
    .first()
    .waitFor(timeout ? { timeout } : {});
}

/** A seat button of the zoomed section; `status` (available, taken, chosen, yours) narrows it to that state. */
export function seat(page: Page, seatNo: number, status?: string) {
  return page.locator(`.map-seat[data-seat="${seatNo}"]${status ? `[data-status="${status}"]` : ''}`);
}

/** A buyer through the SDK: sign up, charge, wait to be let in, hold `seatNos` on the first date, pay. */
export async function buyThroughSdk(stack: WebStack, concertId: string, seatNos = [1], funds = 500_000) {
  const buyer = createClient({ url: stack.url });
  const { sessionToken } = await buyer.auth.signUp.mutate({
    username: uniqueName('buyer'),
    password: 'buyer-pass-1',
  });
  buyer.setSessionToken(sessionToken);
  await buyer.wallet.charge.mutate({ amount: funds });
  const { token } = await buyer.queue.join.mutate({ concertId });
  buyer.setQueueToken(token);
  await waitUntil('admitted', async () => (await buyer.queue.status.query()).status === 'ACTIVE');
  const concert = await buyer.concert.get.query({ concertId });
  const held = await buyer.reservation.hold.mutate({
    performanceId: concert.performances[0]!.performanceId,
    seatNos,
  });
  const payment = await buyer.payment.pay.mutate({
    reservationId: held.reservationId,
    idempotencyKey: uniqueName('web-pay'),
  });
  return { buyer, sessionToken, held, payment };
}
