/**
 * Ctrl-C that cleans up: a command registers what to undo (leave the waiting room, release a hold) and the first
 * Ctrl-C runs those steps before exiting with 130; a second Ctrl-C exits at once. Prompts in raw mode receive
 * Ctrl-C as a key, not a signal, and call `interrupt()` themselves.
 */
import { ExitCode } from './errors.js';

type Cleanup = () => Promise<void>;

const cleanups: Cleanup[] = [];
let interrupting = false;
let report: () => void = () => undefined;

/** Registers an undo step; call the returned function once the step is no longer needed. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.push(cleanup);
  return () => {
    const i = cleanups.lastIndexOf(cleanup);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Runs the undo steps (newest first, a few seconds at most, so a dead server cannot hang the exit) and exits. */
export async function interrupt(
  say: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<never> {
  if (interrupting) process.exit(ExitCode.INTERRUPTED);
  interrupting = true;
  say('');
  const steps = [...cleanups].reverse();
  const all = (async () => {
    for (const step of steps) await step().catch(() => undefined);
  })();
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  say('Stopped.');
  report();
  process.exit(ExitCode.INTERRUPTED);
}

/** `onStopped` runs after the clean-up, just before the exit (main prints the --json line there). */
export function installInterruptHandler(onStopped: () => void = () => undefined): void {
  report = onStopped;
  process.on('SIGINT', () => void interrupt());
  process.on('SIGTERM', () => void interrupt());
}
