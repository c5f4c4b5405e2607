/**
 * The buyer's live holds for one concert, offered when their place in the waiting room is gone: a hold is kept by
 * the server whatever happened to the queue token, so it can still be paid or released (docs/domain.md, "Recovery").
 */
import { tix } from '../lib/client';
import { formatWon } from '../lib/format';
import { Link } from '../lib/router';
import { useLoad } from '../lib/use-load';
import { Countdown } from './countdown';

export function LiveHolds({ concertId }: { concertId: string }) {
  const holds = useLoad(
    async () =>
      (await tix.reservation.list.query({ status: 'HELD', limit: 20 })).items.filter(
        (r) => r.concertId === concertId,
      ),
    [concertId],
  );
  if (!holds.data || holds.data.length === 0) return null;
  return (
    <div className="notice notice-info" role="status" data-testid="live-holds">
      <strong>Your held seats are still yours.</strong> You can pay for them or let them go:
      <ul>
        {holds.data.map((r) => (
          <li key={r.reservationId}>
            <Link href={`/concerts/${concertId}/checkout/${r.reservationId}`}>
              {r.seats.length === 1 ? '1 seat' : `${r.seats.length} seats`}, {formatWon(r.totalPrice)}
            </Link>{' '}
            (held for <Countdown until={r.expiresAt} onEnd={holds.reload} />)
          </li>
        ))}
      </ul>
    </div>
  );
}
