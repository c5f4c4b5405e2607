/** Every concert with its dates and how many seats are left, newest sale first. */
import type { RouterOutputs } from '@tix/sdk';
import { Loading, Notice } from '../components/notice';
import { tix } from '../lib/client';
import { describeError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { Link } from '../lib/router';
import { useLoad } from '../lib/use-load';

type Concert = RouterOutputs['concert']['list']['items'][number];
type Dates = RouterOutputs['concert']['dates'];

async function loadCatalog() {
  const { items } = await tix.concert.list.query({ limit: 50 });
  // One batched request for every concert's availability (the client batches concurrent calls).
  const dates = await Promise.all(items.map((c) => tix.concert.dates.query({ concertId: c.concertId })));
  return items.map((concert, i) => ({ concert, dates: dates[i] ?? [] }));
}

export function ConcertList() {
  const catalog = useLoad(loadCatalog, []);
  return (
    <section>
      <h1>Concerts</h1>
      <p className="lead">
        Fair tickets: join a concert&apos;s waiting room, get in when it&apos;s your turn, hold your seats and
        pay from your wallet.
      </p>
      {catalog.loading && !catalog.data && <Loading what="concerts" />}
      {catalog.error != null && <Notice kind="error">{describeError(catalog.error).message}</Notice>}
      {catalog.data?.length === 0 && <p>No concerts yet.</p>}
      <ul className="concert-grid">
        {catalog.data?.map(({ concert, dates }) => (
          <ConcertCard key={concert.concertId} concert={concert} dates={dates} />
        ))}
      </ul>
    </section>
  );
}

function ConcertCard({ concert, dates }: { concert: Concert; dates: Dates }) {
  const onSale = concert.saleOpensAt.getTime() <= Date.now();
  const left = dates.reduce((n, d) => n + d.seatsAvailable, 0);
  const total = dates.reduce((n, d) => n + d.seatsTotal, 0);
  return (
    <li className="card concert-card">
      <h2>
        <Link href={`/concerts/${concert.concertId}`}>{concert.title}</Link>
      </h2>
      <p className="muted">{concert.venue}</p>
      <p>
        {onSale ? (
          <span className="badge badge-open">On sale</span>
        ) : (
          <span className="badge badge-soon">Sale opens {formatDate(concert.saleOpensAt)}</span>
        )}{' '}
        <span className={left === 0 ? 'availability sold-out' : 'availability'}>
          {left === 0 ? 'Sold out' : `${left} of ${total} seats left`}
        </span>
      </p>
      <ul className="date-list">
        {dates.map((d) => (
          <li key={d.performanceId}>
            <span>{formatDate(d.startsAt)}</span>
            <span className="muted">{d.seatsAvailable === 0 ? 'sold out' : `${d.seatsAvailable} left`}</span>
          </li>
        ))}
      </ul>
      <Link
        className="button primary"
        href={`/concerts/${concert.concertId}`}
        aria-label={`Get tickets for ${concert.title}`}
      >
        Get tickets
      </Link>
    </li>
  );
}
