/**
 * Joining a concert's waiting room and waiting for admission, with a live display: position, people ahead, ETA and
 * a progress bar, redrawn in place on a terminal and printed as a line per change otherwise. The token is saved per
 * concert so later commands (`seats`, `hold`, `pay`) send it. Ctrl-C leaves the queue before exiting.
 */
import { joinQueue, QueueExpiredError, waitForAdmission, type QueueView } from '@tix/sdk';
import type { Ctx } from './context.js';
import { CliError, ExitCode } from './errors.js';
import { onInterrupt } from './interrupt.js';
import { clock } from './output.js';

/** What the display needs, from `queue.join` (position may be null) or `queue.status`/`queue.watch`. */
type View = Pick<QueueView, 'status' | 'paused'> & { position?: number | null; etaSeconds?: number | null };

export interface Admission {
  token: string;
  concertId: string;
  activeUntil: Date | null;
  /** Seconds spent waiting (0 when admitted at once). */
  waitedSeconds: number;
  /** The live display was shown (and its last line already says "Admitted"). */
  waited: boolean;
}

const BAR = 24;

export function progressLine(view: View, firstPosition: number, ctx: Ctx, waitedSeconds = 0): string {
  const s = ctx.errStyle;
  if (view.status === 'ACTIVE') {
    return `${s.green('✔')} Admitted after ${clock(waitedSeconds)} ${s.green(`[${'#'.repeat(BAR)}]`)} 100%`;
  }
  const position = view.position ?? firstPosition;
  const done =
    firstPosition > 1 ? Math.min(1, Math.max(0, (firstPosition - position) / (firstPosition - 1))) : 0;
  const filled = Math.round(done * BAR);
  const bar = `[${s.cyan('#'.repeat(filled))}${s.dim('.'.repeat(BAR - filled))}]`;
  const eta = view.paused
    ? s.yellow('admission paused by the organiser')
    : view.etaSeconds != null
      ? `ETA ${clock(view.etaSeconds)}`
      : 'ETA --';
  return `Waiting room: position ${s.bold(String(position))}, ${Math.max(0, position - 1)} ahead, ${eta} ${bar} ${Math.round(done * 100)}%`;
}

/** Writes the view: in place on a terminal, a line per distinct view otherwise, nothing under --json. */
function createDisplay(ctx: Ctx) {
  const live = !ctx.json && Boolean(process.stderr.isTTY);
  let last = '';
  return {
    show(line: string) {
      if (ctx.json || line === last) return;
      last = line;
      process.stderr.write(live ? `\r\x1b[K${line}` : `${line}\n`);
    },
    end() {
      if (live && last) process.stderr.write('\n');
      last = '';
    },
  };
}

export interface WaitOptions {
  /** Give up (and leave) after this many seconds; undefined waits as long as it takes. */
  timeoutSeconds?: number;
}

/**
 * Joins (or rejoins: the server returns the same place) and resolves once ACTIVE. The waiting itself is the SDK's
 * `waitForAdmission` (live `queue.watch`, polling when the stream is down); this adds the display, the saved token,
 * the --timeout and leaving on Ctrl-C.
 */
export async function joinAndWait(
  ctx: Ctx,
  concertId: string,
  options: WaitOptions = {},
): Promise<Admission> {
  const started = Date.now();
  // The saved token first: the server gives back a place it has forgotten (a restart) from the token itself.
  const saved = ctx.store.queueToken(concertId) ?? null;
  ctx.client.setQueueToken(saved);
  const joined = await joinQueue(ctx.client, concertId);
  if (saved && joined.token !== saved) {
    ctx.note('Your earlier place in the waiting room could not be found any more; joined again at the back.');
  }
  ctx.store.setQueueToken(concertId, joined.token);
  const admission = (activeUntil: Date | null | undefined, waited: boolean): Admission => ({
    token: joined.token,
    concertId,
    activeUntil: activeUntil ?? null,
    waitedSeconds: Math.round((Date.now() - started) / 1000),
    waited,
  });
  if (joined.status === 'ACTIVE') return admission(joined.activeUntil, false);

  const display = createDisplay(ctx);
  const firstPosition = joined.position ?? 1;
  display.show(progressLine(joined, firstPosition, ctx));

  const leave = async () => {
    display.end();
    await ctx.client.queue.leave.mutate().catch(() => undefined);
    ctx.store.setQueueToken(concertId, null);
    ctx.note('Left the waiting room.');
  };
  const unregister = onInterrupt(leave);
  const giveUp = new AbortController();
  const timer =
    options.timeoutSeconds === undefined
      ? undefined
      : setTimeout(() => {
          giveUp.abort(
            new CliError(
              `Not admitted within ${options.timeoutSeconds} s; left the waiting room. Run again without --timeout to wait your turn.`,
              ExitCode.NOT_ADMITTED,
              'QUEUE_NOT_ADMITTED',
            ),
          );
        }, options.timeoutSeconds * 1000);

  try {
    const view = await waitForAdmission(ctx.client, {
      signal: giveUp.signal,
      // Polls also count as presence; 3 s keeps the display fresh when the stream is down.
      pollIntervalMs: 3_000,
      onUpdate: (next) => display.show(progressLine(next, firstPosition, ctx, (Date.now() - started) / 1000)),
    });
    display.end();
    return admission(view.activeUntil, true);
  } catch (err) {
    if (err instanceof CliError && err.code === 'QUEUE_NOT_ADMITTED') {
      await leave();
      throw err;
    }
    display.end();
    if (err instanceof QueueExpiredError) {
      ctx.store.setQueueToken(concertId, null);
      throw new CliError(
        'Your place in the waiting room expired (left, or away too long). Join again.',
        ExitCode.NOT_ADMITTED,
        'QUEUE_TOKEN_EXPIRED',
      );
    }
    throw err;
  } finally {
    clearTimeout(timer);
    unregister();
  }
}
