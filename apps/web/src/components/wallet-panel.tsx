/** The wallet balance with a charge form; with `need`, an empty amount charges the shortfall (the hint says so). */
import { newIdempotencyKey } from '@tix/sdk';
import { useState, type FormEvent } from 'react';
import { tix } from '../lib/client';
import { describeError, type ErrorInfo } from '../lib/errors';
import { formatWon } from '../lib/format';
import { Notice } from './notice';

export function WalletPanel({
  balance,
  need = 0,
  onCharged,
  highlight = false,
}: {
  balance: number | undefined;
  need?: number;
  onCharged: (balance: number) => void;
  highlight?: boolean;
}) {
  const shortfall = balance === undefined ? 0 : Math.max(0, need - balance);
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const charge = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const value = amount.trim() === '' ? shortfall : Number(amount.replace(/[,\s]/g, ''));
    try {
      // One key per submit: a retry of the same click after a network failure is not charged twice.
      const result = await tix.wallet.charge.mutate({
        amount: value,
        idempotencyKey: newIdempotencyKey('web-charge'),
      });
      onCharged(result.balance);
      setAmount('');
      setDone(`Added ${formatWon(value)}.`);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={`card wallet${highlight ? ' wallet-highlight' : ''}`} aria-labelledby="wallet-title">
      <h2 id="wallet-title">Wallet</h2>
      <p>
        Balance:{' '}
        <strong data-testid="wallet-balance">{balance === undefined ? '…' : formatWon(balance)}</strong>
      </p>
      {shortfall > 0 && <p className="warning-text">You need {formatWon(shortfall)} more to pay.</p>}
      <form onSubmit={charge} className="inline-form" noValidate>
        <label htmlFor="charge-amount">Charge amount (won)</label>
        <div className="row">
          <input
            id="charge-amount"
            inputMode="numeric"
            // A bare number as a placeholder reads like a value already typed (issue 17); the shortfall goes in
            // the hint below instead, and only a marked example stays in the box.
            placeholder={shortfall > 0 ? undefined : 'e.g. 100,000'}
            aria-describedby={shortfall > 0 ? 'charge-hint' : undefined}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={error?.fields.includes('amount') ?? false}
          />
          <button type="submit" disabled={busy || (amount.trim() === '' && shortfall === 0)}>
            {busy
              ? 'Charging…'
              : amount.trim() === '' && shortfall > 0
                ? `Charge ${formatWon(shortfall)}`
                : 'Charge'}
          </button>
        </div>
        {shortfall > 0 && (
          <p id="charge-hint" className="muted" data-testid="charge-hint">
            Leave it empty to add exactly the {formatWon(shortfall)} you need.
          </p>
        )}
      </form>
      {error && <Notice kind="error">{error.message}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}
    </section>
  );
}
