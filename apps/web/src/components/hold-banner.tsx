/**
 * An open hold, visible everywhere: the app shell's banner names the held places with a live countdown and a link
 * to the hold's checkout (on every screen but that checkout, which shows its own sticky line, HoldLine). Both say,
 * politely and once each, when 2 minutes and 30 seconds are left.
 */
import { useCallback, useEffect } from 'react';
import { describeOrder, type Reservation } from '../lib/api';
import { capitalise } from '../lib/format';
import { checkoutPath, clearHolds, refreshHolds, useOpenHolds } from '../lib/open-holds';
import { Link, usePath } from '../lib/router';
import { useSession } from '../lib/session';
import { Countdown } from './countdown';

export function HoldBanner() {
  const { me } = useSession();
  const path = usePath();
  const holds = useOpenHolds();
  // Every screen change reads them again: a hold, a payment or a cancel always ends on another screen.
  useEffect(() => {
    if (me) void refreshHolds();
    else clearHolds();
  }, [me, path]);
  const shown = holds.filter((r) => checkoutPath(r) !== path);
  if (!me || shown.length === 0) return null;
  return (
    <section className="hold-banner" aria-label="Your held seats" data-testid="hold-banner">
      {shown.map((r) => (
        <HoldLine key={r.reservationId} reservation={r} onEnd={() => void refreshHolds()} />
      ))}
    </section>
  );
}

/** One hold: what is held, for which concert, the time left, and (away from its checkout) the way there. */
export function HoldLine({
  reservation: r,
  onEnd,
  atCheckout = false,
}: {
  reservation: Reservation;
  onEnd: () => void;
  atCheckout?: boolean;
}) {
  const what = describeOrder(r);
  const announce = useCallback((left: string) => `${left} left to pay for ${what}.`, [what]);
  if (!r.expiresAt) return null;
  return (
    <p
      className={atCheckout ? 'hold-line sticky' : 'hold-line'}
      data-testid={atCheckout ? 'hold-line' : 'banner-hold'}
    >
      <span>
        <strong>{capitalise(what)}</strong>{' '}
        {atCheckout ? 'held for you' : `held for you at ${r.concertTitle}`}:{' '}
        <Countdown
          until={r.expiresAt}
          onEnd={onEnd}
          testId={atCheckout ? 'hold-countdown' : 'banner-countdown'}
          announce={announce}
        />{' '}
        left to pay.
      </span>
      {!atCheckout && (
        <Link className="button primary" href={checkoutPath(r)}>
          Go to checkout
        </Link>
      )}
    </p>
  );
}
