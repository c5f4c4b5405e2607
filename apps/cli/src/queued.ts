/**
 * Calls that need the concert's ACTIVE waiting-room token (seats, hold, pay): send the token saved by `tix queue`
 * or `tix buy`, and when the server says the place is missing, waiting or gone, name the concert in the advice.
 */
import type { DomainCode } from '@tix/sdk';
import type { Ctx } from './context.js';
import { toCliError, type CliErrorCode } from './errors.js';
import { shortId } from './output.js';

const queueCodes: ReadonlySet<CliErrorCode> = new Set<DomainCode>([
  'QUEUE_TOKEN_MISSING',
  'QUEUE_TOKEN_INVALID',
  'QUEUE_NOT_ADMITTED',
  'QUEUE_TOKEN_EXPIRED',
  'QUEUE_WRONG_CONCERT',
]);

export async function withQueueToken<T>(ctx: Ctx, concertId: string, call: () => Promise<T>): Promise<T> {
  ctx.client.setQueueToken(ctx.store.queueToken(concertId) ?? null);
  try {
    return await call();
  } catch (err) {
    const cliError = toCliError(err, ctx.server);
    if (queueCodes.has(cliError.code)) {
      // A dead token is useless to keep; `tix queue` will fetch a new one.
      if (cliError.code !== 'QUEUE_NOT_ADMITTED') ctx.store.setQueueToken(concertId, null);
      cliError.message = cliError.message.replace('<concert>', shortId(concertId));
    }
    throw cliError;
  }
}
