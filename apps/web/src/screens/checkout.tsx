/**
 * Checkout for one hold: the places, the total, the hold's countdown (a sticky line, so it stays in view on a phone),
 * the wallet with a charge form, and pay. Every way a payment can fail gets its own sentence; a hold that ran out
 * says so, with the way back to the seat map, instead of offering a Pay button that cannot work.
 */
import { isDomainError, newIdempotencyKey } from '@tix/sdk';
import { useCallback, useRef, useState } from 'react';
import { ConfirmButton } from '../components/confirm-button';
import { HoldLine } from '../components/hold-banner';
import { Loading, Notice } from '../components/notice';
import { ScreenError } from '../components/screen-error';
import { ScreenHeading, screenTitle } from '../components/screen-heading';
import { WalletPanel } from '../components/wallet-panel';
import { cancelReservation, describeOrder, getReservation, orderLines, pay, type Payment } from '../lib/api';
import { savePlace, selectConcertToken, tix } from '../lib/client';
import { describeError, type ErrorInfo } from '../lib/errors';
import { formatDate, formatWon } from '../lib/format';
import { refreshHolds } from '../lib/open-holds';
import { Link, navigate } from '../lib/router';
import { useLoad } from '../lib/use-load';

export function Checkout({ concertId, reservationId }: { concertId: string; reservationId: string }) {
  selectConcertToken(concertId);
  const reservation = useLoad(() => getReservation(reservationId), [reservationId]);
  const wallet = useLoad(() => tix.wallet.balance.query(), []);
  const concert = useLoad(() => tix.concert.get.query({ concertId }), [concertId]);
  const [expired, setExpired] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [paid, setPaid] = useState<Payment | null>(null);
  const [busy, setBusy] = useState(false);
  // Kept across retries after a network failure so the server replays rather than charges twice.
  const payKey = useRef(newIdempotencyKey('web-pay'));
  const onExpired = useCallback(() => setExpired(true), []);

  if (reservation.error != null) return <ScreenError error={reservation.error} />;
  const r = reservation.data;
  if (!r) return <Loading what="your hold" />;
  const balance = wallet.data?.balance;
  const seatsHref = r.performanceId
    ? `/concerts/${concertId}/dates/${r.performanceId}`
    : `/concerts/${concertId}`;
  const startsAt = concert.data?.performances.find((p) => p.performanceId === r.performanceId)?.startsAt;
  const isExpired = expired || r.status === 'EXPIRED' || error?.code === 'RESERVATION_EXPIRED';
  const open = r.status === 'HELD' && !isExpired;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const payment = await pay(r.reservationId, payKey.current);
      setPaid(payment);
      wallet.setData(() => ({ balance: payment.balance }));
      // Paying ends the waiting-room token; the place is spent.
      savePlace(concertId, null);
      void refreshHolds();
    } catch (err) {
      setError(describeError(err));
      if (!isDomainError(err)) return setBusy(false);
      payKey.current = newIdempotencyKey('web-pay');
      if (isDomainError(err, 'ALREADY_PAID')) reservation.reload();
    }
    setBusy(false);
  };

  const cancel = async () => {
    setBusy(true);
    try {
      await cancelReservation(r.reservationId);
      navigate(seatsHref);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  if (paid || r.status === 'PAID') {
    return (
      // Its own key: a new screen, whose heading mounts (and takes focus) rather than reusing the checkout's.
      <section key="paid" className="card narrow">
        <ScreenHeading title={screenTitle('Paid', r.concertTitle)} focus={paid !== null}>
          You have tickets!
        </ScreenHeading>
        <p className="muted">
          {r.concertTitle} · {formatDate(r.startsAt)}
        </p>
        <Notice kind="success" testId="paid">
          Paid {formatWon(paid?.amount ?? r.totalPrice)} for {describeOrder(r)}.
          {paid && ` Your wallet balance is now ${formatWon(paid.balance)}.`}
        </Notice>
        <Link className="button primary" href={`/tickets/${r.reservationId}`}>
          Show my ticket
        </Link>{' '}
        <Link className="button" href="/me">
          See my tickets
        </Link>
      </section>
    );
  }

  return (
    <section>
      <ScreenHeading title={screenTitle(isExpired ? 'Hold expired' : 'Checkout', r.concertTitle)}>
        Checkout
      </ScreenHeading>
      <p className="muted">
        {r.concertTitle}
        {concert.data && ` · ${concert.data.venue}`}
        {startsAt && ` · ${formatDate(startsAt)}`}
      </p>
      {open && <HoldLine reservation={r} onEnd={onExpired} atCheckout />}
      {isExpired && (
        <div className="notice notice-error" role="alert" data-testid="hold-expired">
          <h2>This hold has expired</h2>
          <p>The seats were released for others. Nothing was charged.</p>
          <Link className="button primary" href={seatsHref}>
            Choose seats again
          </Link>
        </div>
      )}
      {r.status === 'CANCELLED' && (
        <Notice kind="info">
          You cancelled this hold. <Link href={seatsHref}>Choose seats again</Link>
        </Notice>
      )}
      <div className="checkout-grid">
        <section className="card" aria-labelledby="order-title">
          <h2 id="order-title">{open ? 'Your places' : 'The places you held'}</h2>
          <table className="order-table">
            <thead>
              <tr>
                <th scope="col">Place</th>
                <th scope="col">Grade</th>
                <th scope="col" className="num">
                  Price
                </th>
              </tr>
            </thead>
            <tbody>
              {orderLines(r).map((line) => (
                <tr key={line.key}>
                  <td>
                    {line.what}
                    {line.count > 1 && ` × ${line.count}`}
                  </td>
                  <td>{line.grade}</td>
                  <td className="num">{formatWon(line.price * line.count)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td className="num" data-testid="order-total">
                  {formatWon(r.totalPrice)}
                </td>
              </tr>
            </tfoot>
          </table>
          {error && error.code !== 'RESERVATION_EXPIRED' && (
            <Notice kind="error" testId="pay-error">
              {error.message}
            </Notice>
          )}
          {open && (
            <div className="actions">
              <button type="button" className="primary" onClick={submit} disabled={busy}>
                {busy ? 'Paying…' : `Pay ${formatWon(r.totalPrice)}`}
              </button>
              <ConfirmButton
                label="Cancel hold"
                question={`Let ${describeOrder(r)} go? They go back on sale at once.`}
                confirmLabel="Yes, cancel the hold"
                keepLabel="Keep my seats"
                busy={busy}
                onConfirm={() => void cancel()}
              />
            </div>
          )}
        </section>
        <WalletPanel
          balance={balance}
          need={open ? r.totalPrice : 0}
          highlight={error?.code === 'INSUFFICIENT_BALANCE'}
          onCharged={(b) => {
            wallet.setData(() => ({ balance: b }));
            if (error?.code === 'INSUFFICIENT_BALANCE') setError(null);
          }}
        />
      </div>
    </section>
  );
}
