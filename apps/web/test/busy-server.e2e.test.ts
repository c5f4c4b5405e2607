/**
 * The web client against a server that sheds load: the server's in-flight limit is 2, and one signed-in request
 * whose body never finishes keeps it at 1, where browsing is refused with OVERLOADED. The page says the sale is
 * busy while the SDK waits to retry, and shows the concerts once the server recovers.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openPage, screenshot, startWebStack, type WebStack } from './support/web-stack';

describe('web client on a busy server', { timeout: 90_000 }, () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack({ serverEnv: { SHED_MAX_IN_FLIGHT: '2', SHED_RETRY_AFTER_SECONDS: '1' } });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('says the sale is busy, then shows the concerts once the server recovers', async () => {
    const stalled = request(`${stack.url}/trpc/wallet.charge`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': '1000',
        authorization: `Bearer ${stack.admin.credentials.sessionToken}`,
      },
    });
    stalled.on('error', () => {});
    stalled.write('{"json":');

    const { page, context } = await openPage(stack);
    await page.goto('/');
    const notice = page.getByTestId('busy-notice');
    await notice.getByText(/The sale is very busy; trying again in \d+ s…/).waitFor();
    await screenshot(page, 'busy-notice');
    stalled.destroy();
    await page.getByRole('heading', { name: 'Aurora Live in Seoul' }).waitFor();
    await notice.waitFor({ state: 'detached' });
    await context.close();
  });
});
