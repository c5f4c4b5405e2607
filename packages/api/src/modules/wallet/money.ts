/**
 * Money is whole won. It is bigint in the database; in the API it is a number, which is exact here because every
 * amount is bounded far below 2^53 by the limits below.
 */
export const MIN_CHARGE = 1;
export const MAX_CHARGE = 10_000_000;
export const MAX_BALANCE = 100_000_000;

/** A database bigint as an API number; throws if it could lose precision (it never should within the limits). */
export function toWon(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Error(`amount ${value} is outside the safe range`);
  }
  return Number(value);
}

export function fitsBalanceLimit(balance: number, amount: number): boolean {
  return balance + amount <= MAX_BALANCE;
}
