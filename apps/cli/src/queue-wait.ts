/**
 * Joining a concert's waiting room and waiting for admission, with a live display: position, people ahead, the
 * estimate as a range with its age, and a progress bar from the person's own starting place, redrawn in place on a
 * terminal (every second, so the age stays true) and printed as a line per change otherwise. Before the waiting room
 * opens it counts down to the opening and says how early places are ordered, then joins. The token is saved per
 * concert so later commands (`seats`, `hold`, `pay`) send it. Ctrl-C leaves the queue before exiting.
 */
import {
  describeRetry,
  describeWait,
  isDomainError,
  joinQueue,
  QueueExpiredError,
  waitForAdmission,
  type EstimateView,
  type QueueView,
} from '@tix/sdk';
import type { Ctx } from './context.js';
import { CliError, ExitCode } from './errors.js';
import { onInterrupt } from './interrupt.js';
import { countdownWords } from './output.js';
import { beforeOpeningLines } from './wait-wording.js';

/** What the display needs, from `queue.join` (position may be null) or `queue.status`/`queue.watch`. */
type View = Pick<QueueView, 'status' | 'paused'> & { position?: number | null } & EstimateView;

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

export function progressLine(
  view: View,
  firstPosition: number,
  ctx: Ctx,
  waitedSeconds = 0,
  now: number = Date.now(),
): string {
  const s = ctx.errStyle;
  if (view.status === 'ACTIVE') {
    return `${s.green('✔')} Admitted after ${countdownWords(waitedSeconds)} ${s.green(`[${'#'.repeat(BAR)}]`)} 100%`;
  }
  const position = view.position ?? firstPosition;
  const done =
    firstPosition > 1 ? Math.min(1, Math.max(0, (firstPosition - position) / (firstPosition - 1))) : 0;
  const filled = Math.round(done * BAR);
  const bar = `[${s.cyan('#'.repeat(filled))}${s.dim('.'.repeat(BAR - filled))}]`;
  const phrase = describeWait(view, now);
  const eta = view.paused ? s.yellow(phrase) : phrase;
  return `Waiting room: position ${s.bold(String(position))}, ${Math.max(0, position - 1)} ahead, ${eta} ${bar} ${Math.round(done * 100)}%`;
}

/** Writes the view: in place on a terminal, a line per distinct view otherwise, nothing under --json. */
function createDisplay(ctx: Ctx) {
  const live = !ctx.json && Boolean(process.stderr.isTTY);
  let last = '';
  let render: (() => string) | null = null;
  const write = (line: string) => {
    if (ctx.json || line === last) return;
    last = line;
    process.stderr.write(live ? `\r\x1b[K${line}` : `${line}\n`);
  };
  // On a terminal the line is redrawn every second, so "updated 3 s ago" and the countdown stay true.
  const timer = live ? setInterval(() => render && write(render()), 1000) : undefined;
  timer?.unref();
  return {
    live,
    /** Shows a line made from the latest state; on a terminal it is remade every second. */
    show(make: () => string) {
      render = make;
      write(make());
    },
    end() {
      render = null;
      if (live && last) process.stderr.write('\n');
      last = '';
    },
    /** A line of its own above the display (a notice), which is redrawn below it. */
    note(line: string) {
      if (ctx.json) return;
      process.stderr.write(live ? `\r\x1b[K${ctx.errStyle.dim(line)}\n` : `${line}\n`);
      last = '';
      if (live && render) write(render());
    },
    close() {
      clearInterval(timer);
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
  const joined = await joinWhenOpen(ctx, concertId, options.timeoutSeconds);
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
  display.show(() => progressLine(joined, firstPosition, ctx, (Date.now() - started) / 1000));

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
      // A stream refused while the room catches up: the person is told their place is kept; it reopens by itself.
      onRetry: (info) => display.note(describeRetry(info)),
      onUpdate: (next) =>
        display.show(() => progressLine(next, firstPosition, ctx, (Date.now() - started) / 1000)),
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
    display.close();
    unregister();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Joins; before the waiting room opens, counts down to the opening (saying when the sale opens and that early places
 * are drawn at random), then joins. With a timeout that ends before the opening it stops at once instead.
 */
async function joinWhenOpen(ctx: Ctx, concertId: string, timeoutSeconds: number | undefined) {
  const started = Date.now();
  for (;;) {
    try {
      return await joinQueue(ctx.client, concertId);
    } catch (err) {
      if (!isDomainError(err, 'QUEUE_NOT_OPEN')) throw err;
      const { queueOpensAt, saleOpensAt } = await ctx.client.concert.get.query({ concertId });
      const [countdown, draw] = beforeOpeningLines(queueOpensAt, saleOpensAt);
      if (timeoutSeconds !== undefined && queueOpensAt.getTime() > started + timeoutSeconds * 1000) {
        throw new CliError(
          `Not open within ${timeoutSeconds} s. ${countdown}${draw ? ` ${draw}` : ''}`,
          ExitCode.NOT_ADMITTED,
          'QUEUE_NOT_OPEN',
        );
      }
      if (draw) ctx.note(draw);
      const display = createDisplay(ctx);
      try {
        display.show(() => beforeOpeningLines(queueOpensAt, saleOpensAt)[0]!);
        // Off a terminal the countdown is not redrawn: one line, then the wait.
        while (Date.now() < queueOpensAt.getTime()) {
          await sleep(Math.min(1000, Math.max(50, queueOpensAt.getTime() - Date.now())));
        }
      } finally {
        display.end();
        display.close();
      }
    }
  }
}
