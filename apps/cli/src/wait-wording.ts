/** What the CLI says before a waiting room opens (the estimate's wording is the SDK's `describeWait`). */
import { countdownWords, when } from './output.js';

/** Before the waiting room opens: when it and the sale open, counting down, and the rule for early places. */
export function beforeOpeningLines(
  queueOpensAt: Date,
  saleOpensAt: Date,
  now: number = Date.now(),
): string[] {
  const inSeconds = (queueOpensAt.getTime() - now) / 1000;
  const lines = [`The waiting room opens in ${countdownWords(inSeconds)} (${when(queueOpensAt)}).`];
  if (saleOpensAt.getTime() > queueOpensAt.getTime()) {
    lines.push(
      `The sale opens ${when(saleOpensAt)}. Everyone who joins before then is placed in a random draw when it opens; after that, first come, first served.`,
    );
  }
  return lines;
}
