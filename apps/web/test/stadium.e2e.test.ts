/**
 * A 50,000-seat stadium against a real server: seats bought with the keyboard alone, a standing place, your own
 * places marked, and the map's timings through the whole stack (navigation to usable, a click, a live change from
 * another buyer), logged and written to test-artifacts/web/stadium-figures.json, never asserted against a clock.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createClient } from '@tix/sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { createConcert, joinAndEnter, openSeatMap, seat } from './support/flows';
import {
  artifactsDir,
  desktop,
  openPage,
  phone,
  signUp,
  startWebStack,
  uniqueName,
  type WebStack,
} from './support/web-stack';

/** Whether the element the selector names has the keyboard focus. */
function isFocused(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => el === document.activeElement);
}

describe('web client: a 50,000-seat stadium', { timeout: 120_000 }, () => {
  let stack: WebStack;
  let concertId: string;
  let performanceId: string;
  const figures: Record<string, number> = {};
  beforeAll(async () => {
    stack = await startWebStack({ production: true });
    concertId = await createConcert(stack, 'Stadium Night', { template: 'stadium' });
    const concert = await stack.admin.concert.get.query({ concertId });
    performanceId = concert.performances[0]!.performanceId;
    // The layout's cost on the server, cold then warm, apart from the page.
    for (const round of ['cold', 'warm']) {
      const t0 = performance.now();
      await stack.admin.concert.layout.query({ performanceId });
      figures[`layoutCall_${round}_ms`] = Math.round(performance.now() - t0);
    }
  }, 180_000);
  /** A new buyer, let in, on the stadium's map. */
  async function buyerOnMap(name: string) {
    const watched = await openPage(stack);
    await signUp(watched.page, uniqueName(name));
    await joinAndEnter(watched.page, concertId);
    await openMeasured(watched.page, name);
    return watched;
  }
  /**
   * Opens the map from the admitted concert page and records the time from the click on "Choose seats" to the
   * section's seat buttons, with the API calls on the way (the first opening also builds the server's caches).
   */
  async function openMeasured(page: Page, run: string) {
    await page.evaluate(() => performance.mark('to-map'));
    await openSeatMap(page, 60_000);
    const calls = await page.evaluate(() => {
      const start = performance.getEntriesByName('to-map')[0]?.startTime ?? 0;
      const found: Record<string, number> = { navigationToUsableMs: performance.now() - start };
      for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
        if (e.startTime < start || !e.name.includes('/trpc/')) continue;
        const name = decodeURIComponent(new URL(e.name).pathname.split('/trpc/')[1] ?? '');
        found[`${name} ms`] = e.responseEnd - e.startTime;
        found[`${name} bytes`] = e.encodedBodySize;
      }
      return found;
    });
    for (const [key, value] of Object.entries(calls)) figures[`${run}: ${key}`] = Math.round(value);
  }
  afterAll(async () => {
    writeFileSync(path.join(artifactsDir, 'stadium-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log('stadium figures', figures);
    await stack?.close();
  });

  it('buys two seats with the keyboard only, and shows them as yours afterwards', async () => {
    const { page, context, assertClean } = await openPage(stack);
    await signUp(page, uniqueName('keys'));
    await joinAndEnter(page, concertId);
    await openMeasured(page, 'first');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifactsDir, 'stadium-map-desktop.png') });
    await page.setViewportSize(phone);
    // The viewport, not the full page: a full-page capture draws the sticky order bar over the middle of the page.
    await page.screenshot({ path: path.join(artifactsDir, 'stadium-map-phone.png') });
    await page.setViewportSize(desktop);

    // Keyboard only from here: the jump list, into the section's seats, along the row, choose, hold.
    await page.getByLabel('Jump to section').focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.section-heading', { hasText: 'Section 102' }).waitFor();
    await page.locator('.map-seat[tabindex="0"]').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    const chosen = page.locator('.map-seat[data-status="chosen"]');
    await expect.poll(() => chosen.count()).toBe(2);
    const labels = await chosen.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.label));
    // One click's cost through the real app: the commit and the next frame.
    figures.clickToNextFrameMs = await page.evaluate(async () => {
      const free = document.querySelector<HTMLButtonElement>('.map-seat[data-status="available"]')!;
      const t0 = performance.now();
      free.click();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const ms = performance.now() - t0;
      free.click();
      return ms;
    });
    await expect.poll(() => chosen.count()).toBe(2);
    await page.getByRole('button', { name: 'Hold 2 seats' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    for (const label of labels) await page.getByRole('cell', { name: label! }).waitFor();

    // Back on the map the held seats are marked as yours.
    await page.goBack();
    await page.getByTestId('yours').waitFor();
    await page.getByLabel('Jump to section').selectOption('102');
    for (const label of labels)
      await page.locator(`.map-seat[data-label="${label}"][data-status="yours"]`).waitFor();
    // The overview and the section with the two held seats marked as yours, at both widths (apps/web/README.md).
    await page.screenshot({ path: path.join(artifactsDir, 'stadium-map-yours-desktop.png') });
    await page.setViewportSize(phone);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(artifactsDir, 'stadium-map-yours-phone.png') });
    await page.setViewportSize(desktop);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page
      .locator('.section-view')
      .screenshot({ path: path.join(artifactsDir, 'stadium-section-zoomed-desktop.png') });
    await page.setViewportSize(phone);
    await page.locator(`.map-seat[data-label="${labels[0]!}"]`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifactsDir, 'stadium-section-zoomed-phone.png') });
    await page.setViewportSize(desktop);
    assertClean();
    await context.close();
  });

  it('holds two standing places with the keyboard only', async () => {
    const { page, context, assertClean } = await buyerOnMap('stand');
    // Keys only: type-ahead in the jump list picks "Field A", the count is chosen with the arrows, Tab reaches the
    // hold button and Enter holds (a standing area is sold by count, docs/domain.md).
    await page.getByLabel('Jump to section').focus();
    await page.keyboard.type('Field A');
    await page.getByTestId('standing-picker').waitFor();
    await expect.poll(() => page.getByLabel('Jump to section').inputValue()).toBe('FIELD-A');
    await page.keyboard.press('Tab');
    for (let i = 0; i < 20 && !(await isFocused(page, '#standing-count')); i++)
      await page.keyboard.press('Tab');
    expect(await isFocused(page, '#standing-count')).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('#standing-count').inputValue()).toBe('2');
    const hold = page.getByRole('button', { name: 'Hold 2 places' });
    for (let i = 0; i < 20 && !(await hold.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    expect(await hold.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await page.getByRole('cell', { name: /standing × 2/ }).waitFor();
    assertClean();
    await context.close();
  });

  it('shows another buyer taking a seat within a second', async () => {
    const { page, context, assertClean } = await buyerOnMap('watch');
    const target = page.locator('.map-seat[data-status="available"]').nth(5);
    const seatNo = Number(await target.getAttribute('data-seat'));
    const other = createClient({ url: stack.url });
    const { sessionToken } = await other.auth.signUp.mutate({
      username: uniqueName('other'),
      password: 'other-pass-1',
    });
    other.setSessionToken(sessionToken);
    other.setQueueToken((await other.queue.join.mutate({ concertId })).token);
    await expect
      .poll(async () => (await other.queue.status.query()).status, { timeout: 30_000 })
      .toBe('ACTIVE');
    for (const round of ['first', 'second']) {
      const t = performance.now();
      await other.concert.seats.query({ performanceId });
      figures[`seatsCall_${round}_ms`] = Math.round(performance.now() - t);
    }
    const t0 = Date.now();
    await other.reservation.hold.mutate({ performanceId, seatNos: [seatNo] });
    const held = Date.now();
    await seat(page, seatNo, 'taken').waitFor();
    figures.liveChangeFromHoldCallMs = Date.now() - t0;
    figures.liveChangeAfterHoldAnsweredMs = Date.now() - held;
    assertClean();
    await context.close();
  });
});
