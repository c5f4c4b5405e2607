/**
 * Checkout for one hold: the seats, the total, the hold's countdown, the wallet with a charge form, and pay. Every
 * way a payment can fail gets its own sentence; an expired hold says so the moment the countdown ends.
 */
import { isDomainError, newIdempotencyKey } from '@tix/sdk';
import { useCallback, useRef, useState } from 'react';
import { Countdown } from '../components/countdown';
import { Loading, Notice } from '../components/notice';
import { WalletPanel } from '../components/wallet-panel';
import { cancelReservation, describeOrder, getReservation, orderLines, pay, type Payment } from '../lib/api';
import { savePlace, selectConcertToken, tix } from '../lib/client';
import { describeError, type ErrorInfo } from '../lib/errors';
import { formatDate, formatWon } from '../lib/format';
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

  if (reservation.error != null)
    return <Notice kind="error">{describeError(reservation.error).message}</Notice>;
  const r = reservation.data;
  if (!r) return <Loading what="your hold" />;
  const balance = wallet.data?.balance;
  const seatsHref = r.performanceId
    ? `/concerts/${concertId}/dates/${r.performanceId}`
    : `/concerts/${concertId}`;
  const startsAt = concert.data?.performances.find((p) => p.performanceId === r.performanceId)?.startsAt;
  const isExpired = expired || r.status === 'EXPIRED' || error?.code === 'RESERVATION_EXPIRED';

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const payment = await pay(r.reservationId, payKey.current);
      setPaid(payment);
      wallet.setData(() => ({ balance: payment.balance }));
      // Paying ends the waiting-room token; the place is spent.
      savePlace(concertId, null);
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
      <section className="card narrow">
        <h1>You have tickets!</h1>
        <p className="muted">
          {r.concertTitle} · {formatDate(r.startsAt)}
        </p>
        <Notice kind="success" testId="paid">
          Paid {formatWon(paid?.amount ?? r.totalPrice)} for {describeOrder(r)}.
          {paid && ` Your wallet balance is now ${formatWon(paid.balance)}.`}
        </Notice>
        <Link className="button primary" href="/me">
          See my tickets
        </Link>
      </section>
    );
  }

  return (
    <section>
      <h1>Checkout</h1>
      {concert.data && (
        <p className="muted">
          {concert.data.title} · {concert.data.venue}
          {startsAt && ` · ${formatDate(startsAt)}`}
        </p>
      )}
      <div className="checkout-grid">
        <section className="card" aria-labelledby="order-title">
          <h2 id="order-title">Your places</h2>
          {r.status === 'HELD' && !isExpired && r.expiresAt && (
            <p className="hold-timer">
              Held for you for <Countdown until={r.expiresAt} onEnd={onExpired} testId="hold-countdown" />.
              Pay before it runs out.
            </p>
          )}
          {isExpired && (
            <Notice kind="error" testId="hold-expired">
              Your hold expired and the seats were released for others. Nothing was charged.{' '}
              <Link href={seatsHref}>Choose seats again</Link>
            </Notice>
          )}
          {r.status === 'CANCELLED' && <Notice kind="info">You cancelled this hold.</Notice>}
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
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={submit}
              disabled={busy || isExpired || r.status !== 'HELD'}
            >
              {busy ? 'Paying…' : `Pay ${formatWon(r.totalPrice)}`}
            </button>
            {r.status === 'HELD' && !isExpired && (
              <button type="button" onClick={cancel} disabled={busy}>
                Cancel hold
              </button>
            )}
          </div>
        </section>
        <WalletPanel
          balance={balance}
          need={r.status === 'HELD' && !isExpired ? r.totalPrice : 0}
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
