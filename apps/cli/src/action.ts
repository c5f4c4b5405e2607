/**
 * Glue between commander and the commands: builds the context from the global flags and hands it over, so each
 * command is a plain async function of (ctx, args, options). Failures propagate to main, which prints them once.
 */
import type { Command } from 'commander';
import { createCtx, type Ctx, type GlobalOptions } from './context.js';
import { badInput } from './errors.js';

/** The context of the run being executed, for main's error printing (JSON or not, which server). */
export let currentCtx: Ctx | null = null;

// Commander passes the declared arguments, then the options object, then the Command itself.
export function action<A extends unknown[], O>(run: (ctx: Ctx, options: O, ...args: A) => Promise<void>) {
  return async (...raw: unknown[]) => {
    const command = raw.at(-1) as Command;
    const options = command.optsWithGlobals<GlobalOptions & O>();
    const ctx = createCtx(options);
    currentCtx = ctx;
    await run(ctx, options, ...(raw.slice(0, -2) as A));
  };
}

/** Parses a positive whole number flag such as --best 2; the message names the flag. */
export function positiveInt(flag: string, max = 100_000) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > max) {
      throw badInput(
        `${flag} must be a whole number from 1 to ${max.toLocaleString('en-US')} (got "${value}").`,
      );
    }
    return Number(value);
  };
}

/** Parses seat numbers: "12,13", "12 13" or a range "12-14". */
export function seatList(values: string[]): number[] {
  const seats: number[] = [];
  for (const part of values
    .join(',')
    .split(/[\s,]+/)
    .filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (from > to || to - from > 50) throw badInput(`"${part}" is not a sensible seat range.`);
      for (let n = from; n <= to; n++) seats.push(n);
    } else if (/^\d+$/.test(part) && Number(part) >= 1) {
      seats.push(Number(part));
    } else {
      throw badInput(`"${part}" is not a seat number. Give numbers from the seat map, e.g. 12,13.`);
    }
  }
  if (seats.length === 0) throw badInput('Give at least one seat number, e.g. 12,13.');
  if (new Set(seats).size !== seats.length) throw badInput('Each seat may be given once.');
  return seats;
}
