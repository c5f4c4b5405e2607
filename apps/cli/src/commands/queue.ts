/** queue: wait your turn in a concert's waiting room, or leave it. */
import type { Command } from 'commander';
import { action, positiveInt } from '../action.js';
import { countdownWords, shortId } from '../output.js';
import { joinAndWait } from '../queue-wait.js';
import { resolveConcert } from '../resolve.js';

interface QueueOptions {
  timeout?: number;
  leave?: boolean;
}

export function registerQueue(program: Command): void {
  program
    .command('queue')
    .description("join a concert's waiting room and wait until admitted (Ctrl-C leaves the queue)")
    .argument('<concert>', 'number from `tix concerts`, part of the title, or id')
    .option(
      '-t, --timeout <seconds>',
      'give up (and leave) if not admitted within this time',
      positiveInt('--timeout', 86_400),
    )
    .option('--leave', 'leave the waiting room (gives your place or slot to the next person)')
    .addHelpText(
      'after',
      '\nExamples:\n  tix queue aurora              # live position, ETA and progress until admitted\n  tix queue 3 --timeout 60      # exit code 11 if not admitted within a minute\n  tix queue aurora --leave\n\nOnce admitted, `tix seats`, `tix hold` and `tix pay` use the saved place for this concert.',
    )
    .action(
      action<[string], QueueOptions>(async (ctx, o, ref) => {
        ctx.requireSession();
        const concert = await resolveConcert(ctx, ref);
        if (o.leave) {
          const token = ctx.store.queueToken(concert.concertId);
          if (token) {
            ctx.client.setQueueToken(token);
            await ctx.client.queue.leave.mutate().catch(() => undefined);
            ctx.store.setQueueToken(concert.concertId, null);
          }
          ctx.result({ concertId: concert.concertId, status: 'EXPIRED', left: Boolean(token) }, () =>
            token
              ? `Left the waiting room of ${concert.title}.`
              : `You had no place in the waiting room of ${concert.title}.`,
          );
          return;
        }
        ctx.note(`Joining the waiting room of ${ctx.style.bold(concert.title)}…`);
        const admitted = await joinAndWait(ctx, concert.concertId, { timeoutSeconds: o.timeout });
        ctx.result({ status: 'ACTIVE', ...admitted }, () => {
          const until = admitted.activeUntil
            ? ` Your turn lasts until ${admitted.activeUntil.toLocaleTimeString('en-GB')} while you are active.`
            : '';
          return `${ctx.style.green('✔')} Admitted to ${ctx.style.bold(concert.title)}${admitted.waitedSeconds ? ` after ${countdownWords(admitted.waitedSeconds)}` : ''}.${until}\n  Next: tix seats ${shortId(concert.concertId)} --date <#>, or tix buy ${shortId(concert.concertId)}`;
        });
      }),
    );
}
