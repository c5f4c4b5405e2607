/**
 * Every rate limit and lockout of the product, in one table. Figures are generous for people and tight for scripts:
 * a person signs in a few times a day, joins a waiting room once per concert and holds seats a handful of times,
 * while a script does the same hundreds of times a second. README's configuration section repeats this table.
 *
 * Counters live in Redis when the deployment has one (so they hold across every server) and in process memory in
 * the embedded default. `RATE_LIMITS` (see `parseRateLimits`) overrides rows for one deployment or one test.
 */
export interface RateLimitRule {
  /** How many calls (or, for the failure counters, how many failures) the window allows. */
  points: number;
  /** The window, from the first counted call; the counter starts again when it passes. */
  durationSeconds: number;
}

export const defaultRateLimits = {
  /** Failed sign-ins per account (canonical username). At the limit the account is locked until the window passes,
   * even for the right password; a successful sign-in clears the count. */
  signInFailuresPerAccount: { points: 10, durationSeconds: 15 * 60 },
  /** Failed sign-ins per client address across all accounts (one password tried on many accounts). Generous: many
   * people can share one address behind a venue's or a carrier's NAT. */
  signInFailuresPerAddress: { points: 50, durationSeconds: 15 * 60 },
  /** Sign-in attempts per client address, right or wrong. */
  signInPerAddress: { points: 30, durationSeconds: 60 },
  /** New accounts per client address. */
  signUpPerAddress: { points: 20, durationSeconds: 10 * 60 },
  /** `queue.join` per user: joining again returns the same place, so a person needs few. */
  queueJoinPerUser: { points: 10, durationSeconds: 60 },
  /** `reservation.hold` per user: a person picks seats a few times; a script tries every seat. */
  holdPerUser: { points: 20, durationSeconds: 10 },
  /** `wallet.charge` per user. */
  chargePerUser: { points: 10, durationSeconds: 60 },
  /** `payment.pay` per user (retries of one payment with its idempotency key count too). */
  payPerUser: { points: 10, durationSeconds: 10 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitName = keyof typeof defaultRateLimits;
export type RateLimitTable = Record<RateLimitName, RateLimitRule>;
export const rateLimitNames = Object.keys(defaultRateLimits) as RateLimitName[];

function isRateLimitName(name: string): name is RateLimitName {
  return Object.hasOwn(defaultRateLimits, name);
}

/**
 * Reads overrides written as `name=points/seconds`, comma-separated, e.g. `holdPerUser=5/10,signUpPerAddress=3/60`.
 * Throws an Error naming the first bad entry.
 */
export function parseRateLimits(text: string): Partial<RateLimitTable> {
  const table: Partial<RateLimitTable> = {};
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z]+)=(\d{1,9})\/(\d{1,9})$/.exec(entry);
    if (!match) throw new Error(`"${entry}" is not name=points/seconds`);
    const [, name = '', points, seconds] = match;
    if (!isRateLimitName(name)) throw new Error(`"${name}" is not a limit (${rateLimitNames.join(', ')})`);
    const rule = { points: Number(points), durationSeconds: Number(seconds) };
    if (rule.points < 1 || rule.durationSeconds < 1)
      throw new Error(`"${entry}" needs points and seconds of 1 or more`);
    table[name] = rule;
  }
  return table;
}

/** The inverse of `parseRateLimits`, for handing a table to a server process through its environment. */
export function formatRateLimits(table: Partial<RateLimitTable>): string {
  return Object.entries(table)
    .map(([name, rule]) => `${name}=${rule.points}/${rule.durationSeconds}`)
    .join(',');
}

/** Every limit of the table times `factor`: test servers whose tests are about something else never reach one. */
export function scaledRateLimits(factor: number, table: RateLimitTable = defaultRateLimits): RateLimitTable {
  return Object.fromEntries(
    rateLimitNames.map((name) => [name, { ...table[name], points: table[name].points * factor }]),
  ) as RateLimitTable;
}
