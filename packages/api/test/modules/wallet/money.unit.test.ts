import { describe, expect, it } from 'vitest';
import { fitsBalanceLimit, MAX_BALANCE, toWon } from '../../../src/modules/wallet/money.js';
import { ZChargeInput } from '../../../src/modules/wallet/wallet.schema.js';

describe('money rules', () => {
  it.each([
    [1, true],
    [10_000_000, true],
    [0, false],
    [-1, false],
    [1.5, false],
    [10_000_001, false],
    ['1000', false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('a charge of %s is valid: %s', (amount, valid) => {
    const result = ZChargeInput.safeParse({ amount });
    expect(result.success).toBe(valid);
    if (!result.success) expect(result.error.issues[0]?.path).toEqual(['amount']);
  });

  it('keeps a balance at or under 100,000,000', () => {
    expect(fitsBalanceLimit(MAX_BALANCE - 10, 10)).toBe(true);
    expect(fitsBalanceLimit(MAX_BALANCE - 10, 11)).toBe(false);
  });

  it('converts database bigints exactly and refuses unsafe ones', () => {
    expect(toWon(100_000_000n)).toBe(100_000_000);
    expect(() => toWon(2n ** 60n)).toThrow();
  });
});
