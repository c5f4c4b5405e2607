import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditInvariants, cleanAudit, createTestApp, makeUser, type TestApp } from '../../support/index.js';

describe('wallet under concurrency (PostgreSQL, separate connections)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterEach(async () => {
    expect(await auditInvariants(app.deps.db)).toEqual(cleanAudit);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('100 concurrent charges of 1,000 add exactly 100,000 with 100 ledger entries', async () => {
    const user = await makeUser(app.deps);
    const caller = app.caller({ sessionToken: user.sessionToken });
    await Promise.all(Array.from({ length: 100 }, () => caller.wallet.charge({ amount: 1000 })));
    expect(await caller.wallet.balance()).toEqual({ balance: 100_000 });
    const entries = await app.deps.db
      .selectFrom('wallet_ledger')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(Number(entries.n)).toBe(100);
  });

  it('the same idempotency key sent 20 times at once makes one entry and returns one result', async () => {
    const user = await makeUser(app.deps);
    const caller = app.caller({ sessionToken: user.sessionToken });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        caller.wallet.charge({ amount: 5000, idempotencyKey: 'charge-key-0001' }),
      ),
    );
    expect(new Set(results.map((r) => r.entryId)).size).toBe(1);
    expect(results.every((r) => r.balance === 5000)).toBe(true);
    const history = await caller.wallet.history();
    expect(history.items).toHaveLength(1);
  });

  it('the same key with a different amount is refused and changes nothing', async () => {
    const user = await makeUser(app.deps);
    const caller = app.caller({ sessionToken: user.sessionToken });
    await caller.wallet.charge({ amount: 5000, idempotencyKey: 'charge-key-0002' });
    await expect(
      caller.wallet.charge({ amount: 6000, idempotencyKey: 'charge-key-0002' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
    expect(await caller.wallet.balance()).toEqual({ balance: 5000 });
  });

  it('a charge past the 100,000,000 balance limit is refused with no ledger entry', async () => {
    const user = await makeUser(app.deps);
    const caller = app.caller({ sessionToken: user.sessionToken });
    for (let i = 0; i < 10; i++) await caller.wallet.charge({ amount: 10_000_000 });
    await expect(caller.wallet.charge({ amount: 1 })).rejects.toMatchObject({
      cause: { code: 'BALANCE_LIMIT_EXCEEDED' },
    });
    expect((await caller.wallet.history({ limit: 100 })).items).toHaveLength(10);
  });

  it('more refused charges at once than the pool has connections all answer, none waiting on a second one', async () => {
    const user = await makeUser(app.deps);
    const caller = app.caller({ sessionToken: user.sessionToken });
    for (let i = 0; i < 10; i++) await caller.wallet.charge({ amount: 10_000_000 });
    // The test pool has 20 connections: each refused charge holds one for its transaction while it explains why.
    const refused = await Promise.allSettled(
      Array.from({ length: 30 }, () => caller.wallet.charge({ amount: 1 })),
    );
    const codes = refused.map((r) =>
      r.status === 'rejected' ? (r.reason as { cause?: { code?: string } }).cause?.code : 'charged',
    );
    expect(new Set(codes)).toEqual(new Set(['BALANCE_LIMIT_EXCEEDED']));
    expect(await caller.wallet.balance()).toEqual({ balance: 100_000_000 });
  });
});
