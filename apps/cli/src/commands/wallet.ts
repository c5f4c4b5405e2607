/** wallet, wallet charge, wallet history: the prepaid balance tickets are paid from. */
import { newIdempotencyKey } from '@tix/sdk';
import type { Command } from 'commander';
import { action, positiveInt } from '../action.js';
import type { Ctx } from '../context.js';
import { badInput } from '../errors.js';
import { table, won } from '../output.js';

/** Accepts 50000, 50,000 or 50_000; whole won only (the server checks the limits). */
export function parseAmount(text: string): number {
  const cleaned = text
    .trim()
    .replace(/[,_]/g, '')
    .replace(/\s*won$/i, '');
  if (!/^\d+$/.test(cleaned))
    throw badInput(`"${text}" is not an amount; give whole won, e.g. 50000 or 50,000.`);
  const amount = Number(cleaned);
  if (!Number.isSafeInteger(amount) || amount < 1) throw badInput('The amount must be at least 1 won.');
  return amount;
}

async function showBalance(ctx: Ctx) {
  ctx.requireSession();
  const { balance } = await ctx.client.wallet.balance.query();
  ctx.result({ balance }, () => `Wallet balance: ${ctx.style.bold(won(balance))}`);
}

export function registerWallet(program: Command): void {
  const wallet = program
    .command('wallet')
    .description('show your wallet balance (subcommands: charge, history)')
    .addHelpText(
      'after',
      '\nExamples:\n  tix wallet\n  tix wallet charge 100000\n  tix wallet history --limit 5',
    )
    .action(action(async (ctx) => showBalance(ctx)));

  wallet
    .command('charge')
    .description('add money to your wallet (1 to 10,000,000 won per charge)')
    .argument('<amount>', 'whole won, e.g. 100000 or 100,000')
    .option('--idempotency-key <key>', 'reuse a key when retrying from a script so the charge happens once')
    .addHelpText(
      'after',
      '\nExamples:\n  tix wallet charge 100000\n  tix wallet charge 50,000 --idempotency-key topup-2026-11-24',
    )
    .action(
      action<[string], { idempotencyKey?: string }>(async (ctx, o, text) => {
        ctx.requireSession();
        const amount = parseAmount(text);
        const result = await ctx.client.wallet.charge.mutate({
          amount,
          idempotencyKey: o.idempotencyKey ?? newIdempotencyKey('charge'),
        });
        ctx.result(
          { amount, ...result },
          () =>
            `${ctx.style.green('✔')} Charged ${won(amount)}. Balance: ${ctx.style.bold(won(result.balance))}`,
        );
      }),
    );

  wallet
    .command('history')
    .description('list wallet entries (charges, payments, refunds), newest first')
    .option('-n, --limit <n>', 'how many, 1 to 100', positiveInt('--limit', 100), 20)
    .addHelpText('after', '\nExamples:\n  tix wallet history\n  tix wallet history --limit 5 --json')
    .action(
      action<[], { limit: number }>(async (ctx, o) => {
        ctx.requireSession();
        const limit = o.limit;
        const { items } = await ctx.client.wallet.history.query({ limit });
        ctx.result(items, () =>
          items.length === 0
            ? 'No wallet entries yet. Add money with `tix wallet charge <amount>`.'
            : table(
                ['when', 'kind', 'amount', 'balance'],
                items.map((e) => [
                  e.createdAt.toLocaleString('en-GB'),
                  e.kind.toLowerCase(),
                  (e.kind === 'PAYMENT' ? ctx.style.red : ctx.style.green)(
                    `${e.kind === 'PAYMENT' ? '-' : '+'}${won(Math.abs(e.amount))}`,
                  ),
                  won(e.balanceAfter),
                ]),
                ctx.style,
              ),
        );
      }),
    );
}
