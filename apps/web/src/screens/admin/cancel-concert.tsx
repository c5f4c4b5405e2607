/** Cancelling a concert (admin.cancelConcert), after a dialog that says what it does and that it is final. */
import { useState } from 'react';
import type { RouterOutputs } from '@tix/sdk';
import { Notice } from '../../components/notice';
import type { Stats } from '../../lib/api';
import { tix } from '../../lib/client';
import { formatWon } from '../../lib/format';
import { ConfirmDialog } from './confirm-dialog';
import { formRefusal } from './form-errors';

type Outcome = RouterOutputs['admin']['cancelConcert'];
const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export function CancelConcert({
  concert,
  stats,
  onCancelled,
}: {
  concert: { concertId: string; title: string; cancelledAt: Date | null };
  stats: Stats | null;
  onCancelled: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  const cancel = async () => {
    setAsking(false);
    setBusy(true);
    setError(null);
    try {
      setOutcome(await tix.admin.cancelConcert.mutate({ concertId: concert.concertId }));
      onCancelled();
    } catch (err) {
      setError(formRefusal(err).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {!concert.cancelledAt && (
        <button type="button" className="danger" onClick={() => setAsking(true)} disabled={busy}>
          {busy ? 'Cancelling…' : 'Cancel concert…'}
        </button>
      )}
      {outcome && (
        <Notice kind="success" testId="cancel-outcome">
          “{concert.title}” is cancelled. Released {plural(outcome.releasedHolds, 'hold', 'holds')}; refunded{' '}
          {plural(outcome.refundedReservations, 'paid reservation', 'paid reservations')} (
          {formatWon(outcome.refundedAmount)}) to the buyers’ wallets.
        </Notice>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      <ConfirmDialog
        open={asking}
        danger
        title={`Cancel “${concert.title}”?`}
        confirmLabel="Cancel the concert"
        onClose={() => setAsking(false)}
        onConfirm={() => void cancel()}
      >
        <p>This cannot be undone.</p>
        <ul>
          <li>Nobody can join its waiting room, hold seats or pay any more; it shows as cancelled.</li>
          <li>
            Seats held right now{stats ? ` (${stats.heldSeats.toLocaleString()})` : ''} are released at once.
          </li>
          <li>
            Every paid reservation is refunded in full to its buyer’s wallet
            {stats ? ` (${plural(stats.soldSeats, 'seat', 'seats')} sold, ${formatWon(stats.revenue)})` : ''}.
          </li>
        </ul>
      </ConfirmDialog>
    </>
  );
}
