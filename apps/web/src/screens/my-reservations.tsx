/** The buyer's reservations, newest first, with cancel (a hold) and refund (a paid order), beside the wallet. */
import { useState } from 'react';
import { ConfirmButton } from '../components/confirm-button';
import { Loading, Notice } from '../components/notice';
import { ScreenHeading, screenTitle } from '../components/screen-heading';
import { WalletPanel } from '../components/wallet-panel';
import { cancelReservation, describeOrder, listReservations, orderLines, type Reservation } from '../lib/api';
import { tix } from '../lib/client';
import { describeError, type ErrorInfo } from '../lib/errors';
import { formatDate, formatWon } from '../lib/format';
import { refreshHolds } from '../lib/open-holds';
import { Link } from '../lib/router';
import { useLoad } from '../lib/use-load';

const statusLabel: Record<Reservation['status'], string> = {
  HELD: 'Held, awaiting payment',
  PAID: 'Paid',
  EXPIRED: 'Expired',
  CANCELLED: 'Cancelled',
  REFUNDED: 'Refunded',
};

export function MyReservations() {
  const list = useLoad(listReservations, []);
  const wallet = useLoad(() => tix.wallet.balance.query(), []);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const cancel = async (r: Reservation) => {
    const refund = r.status === 'PAID';
    setBusyId(r.reservationId);
    setMessage(null);
    try {
      const updated = await cancelReservation(r.reservationId);
      list.setData((prev) =>
        prev?.map((x) => (x.reservationId === r.reservationId ? { ...x, ...updated } : x)),
      );
      if (refund) wallet.reload();
      else void refreshHolds();
      setMessage({
        kind: 'success',
        text: refund
          ? `Refunded ${formatWon(r.totalPrice)} to your wallet.`
          : 'Hold cancelled; the seats are free again.',
      });
    } catch (err) {
      const info: ErrorInfo = describeError(err);
      setMessage({ kind: 'error', text: info.message });
    } finally {
      setBusyId(null);
    }
  };

  return (
    <section>
      <ScreenHeading title={screenTitle('My tickets')}>My tickets</ScreenHeading>
      <div className="checkout-grid">
        <div>
          {message && (
            <Notice kind={message.kind} testId="reservation-message">
              {message.text}
            </Notice>
          )}
          {list.error != null && <Notice kind="error">{describeError(list.error).message}</Notice>}
          {list.loading && !list.data && <Loading what="your tickets" />}
          {list.data?.length === 0 && (
            <p>
              No reservations yet. <Link href="/">Find a concert</Link>
            </p>
          )}
          <ul className="reservation-list">
            {list.data?.map((r) => (
              <li key={r.reservationId} className="card reservation" data-testid="reservation">
                <div className="reservation-head">
                  <strong>
                    {r.concertId ? (
                      <Link href={`/concerts/${r.concertId}`}>{r.concertTitle ?? 'Concert'}</Link>
                    ) : (
                      (r.concertTitle ?? 'Reservation')
                    )}
                  </strong>
                  <span className={`badge status-${r.status.toLowerCase()}`} data-testid="reservation-status">
                    {statusLabel[r.status]}
                  </span>
                </div>
                {r.startsAt && (
                  <div className="muted">
                    {formatDate(r.startsAt)}
                    {r.venue ? ` · ${r.venue}` : ''}
                  </div>
                )}
                {r.status === 'PAID' && r.refundDeadline && (
                  <div className="muted" data-testid="refund-deadline">
                    {new Date(r.refundDeadline).getTime() > Date.now()
                      ? `Refundable until ${formatDate(r.refundDeadline)}`
                      : `Refunds closed on ${formatDate(r.refundDeadline)}`}
                  </div>
                )}
                <div>
                  {gradedOrder(r)} · {formatWon(r.totalPrice)}
                </div>
                <div className="actions">
                  {r.status === 'PAID' && (
                    <Link className="button primary" href={`/tickets/${r.reservationId}`}>
                      Show ticket
                    </Link>
                  )}
                  {r.status === 'HELD' && r.concertId && (
                    <Link
                      className="button primary"
                      href={`/concerts/${r.concertId}/checkout/${r.reservationId}`}
                    >
                      Pay now
                    </Link>
                  )}
                  {r.status === 'PAID' && (
                    <ConfirmButton
                      label="Cancel and refund"
                      question={`Cancel these tickets and refund ${formatWon(r.totalPrice)} to your wallet?`}
                      confirmLabel="Yes, cancel and refund"
                      keepLabel="Keep my tickets"
                      busy={busyId === r.reservationId}
                      onConfirm={() => void cancel(r)}
                    />
                  )}
                  {r.status === 'HELD' && (
                    <ConfirmButton
                      label="Cancel hold"
                      question={`Let ${describeOrder(r)} go? They go back on sale at once.`}
                      confirmLabel="Yes, cancel the hold"
                      keepLabel="Keep my seats"
                      busy={busyId === r.reservationId}
                      onConfirm={() => void cancel(r)}
                    />
                  )}
                </div>
              </li>
            ))}
          </ul>
        </div>
        <WalletPanel
          balance={wallet.data?.balance}
          onCharged={(b) => wallet.setData(() => ({ balance: b }))}
        />
      </div>
    </section>
  );
}

/** Each place with its grade, as the ticket shows it: "VIP · A-1-2, VIP · A-1-3, 2 × Field A, standing". */
function gradedOrder(r: Reservation): string {
  return orderLines(r)
    .map((l) => (l.key.startsWith('seat-') ? `${l.grade} · ${l.what}` : `${l.count} × ${l.what}`))
    .join(', ');
}
