/** The sticky bar under the map: what is chosen (by label), the total, and the one button that holds it all. */
import { Notice } from '../../components/notice';
import type { ErrorInfo } from '../../lib/errors';
import { formatWon } from '../../lib/format';
import { Link } from '../../lib/router';

export function OrderBar(props: {
  seats: { seatNo: number; label: string; price: number }[];
  standing: { name: string; count: number; price: number } | null;
  max: number;
  busy: boolean;
  error: ErrorInfo | null;
  /** Where the hold already open for this date is paid, after a second Hold was refused. */
  pendingHref: string | null;
  onHold: () => void;
}) {
  const { seats, standing, max, busy, error, pendingHref, onHold } = props;
  const places = seats.length + (standing?.count ?? 0);
  const total = seats.reduce((n, s) => n + s.price, 0) + (standing ? standing.count * standing.price : 0);
  // "Hold 2 seats" when only seats are chosen; "places" once standing is in the order.
  const noun = standing ? 'place' : 'seat';
  const parts = [
    ...(seats.length > 0
      ? [`Seat${seats.length > 1 ? 's' : ''} ${seats.map((s) => s.label).join(', ')}`]
      : []),
    ...(standing ? [`${standing.count} standing in ${standing.name}`] : []),
  ];
  return (
    <div className="card order-bar" aria-live="polite" data-testid="order-bar">
      <div>
        <strong>{parts.length === 0 ? `Choose up to ${max} places` : parts.join(' · ')}</strong>
        <div className="muted">
          {places} of {max} · Total {formatWon(total)}
        </div>
      </div>
      {error && (
        <Notice kind="error" testId="hold-error">
          {error.message}
        </Notice>
      )}
      {error?.code === 'HOLD_ALREADY_PENDING' && pendingHref && (
        <Link className="button primary" href={pendingHref}>
          Go to your held seats&apos; checkout
        </Link>
      )}
      <button type="button" className="primary" onClick={onHold} disabled={busy || places === 0}>
        {busy ? 'Holding…' : places === 0 ? 'Hold' : `Hold ${places} ${noun}${places === 1 ? '' : 's'}`}
      </button>
    </div>
  );
}
