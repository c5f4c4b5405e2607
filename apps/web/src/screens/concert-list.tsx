/** Every concert (or those matching a search) with its dates and how many seats are left, in sale order. */
import type { RouterOutputs } from '@tix/sdk';
import { ConcertSearchBox, useSearchQuery } from '../components/concert-search-box';
import { Loading, Notice } from '../components/notice';
import { ScreenHeading, screenTitle } from '../components/screen-heading';
import { tix } from '../lib/client';
import { describeError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { Link } from '../lib/router';
import { useLoad } from '../lib/use-load';

type Concert = RouterOutputs['concert']['list']['items'][number];
type Dates = RouterOutputs['concert']['dates'];

/** The catalog, or the search results for `query` (best match first) when there is one. */
async function loadCatalog(query: string) {
  const { items } = query
    ? await tix.concert.search.query({ query, limit: 50 })
    : await tix.concert.list.query({ limit: 50 });
  // One batched request for every concert's availability (the client batches concurrent calls).
  const dates = await Promise.all(items.map((c) => tix.concert.dates.query({ concertId: c.concertId })));
  return items.map((concert, i) => ({ concert, dates: dates[i] ?? [] }));
}

/** A query with no letter or digit in it ("!!") is no search at all: the whole list shows. */
function searchable(query: string): string {
  return /[\p{L}\p{N}]/u.test(query) ? query : '';
}

function searchStatus(query: string, count: number | undefined): string {
  if (!query || count === undefined) return '';
  if (count === 0) return `No concerts match “${query}”.`;
  return `${count} ${count === 1 ? 'concert matches' : 'concerts match'} “${query}”.`;
}

export function ConcertList() {
  const search = useSearchQuery();
  const query = searchable(search.query);
  const catalog = useLoad(() => loadCatalog(query), [query]);
  return (
    <section>
      <ScreenHeading title={screenTitle(query ? `Concerts matching “${query}”` : 'Concerts')}>
        Concerts
      </ScreenHeading>
      <p className="lead">
        Fair tickets: join a concert&apos;s waiting room, get in when it&apos;s your turn, hold your seats and
        pay from your wallet.
      </p>
      <ConcertSearchBox
        text={search.text}
        onText={search.setText}
        status={searchStatus(query, catalog.loading ? undefined : catalog.data?.length)}
      />
      {catalog.loading && !catalog.data && <Loading what="concerts" />}
      {catalog.error != null && <Notice kind="error">{describeError(catalog.error).message}</Notice>}
      {!query && catalog.data?.length === 0 && <p>No concerts yet.</p>}
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
      {concert.performers.length > 0 && <p className="performers">{concert.performers.join(' · ')}</p>}
      <p className="muted">{[concert.venue, concert.city].filter(Boolean).join(', ')}</p>
      <p>
        {concert.cancelledAt ? (
          <span className="badge status-cancelled">Cancelled</span>
        ) : onSale ? (
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
