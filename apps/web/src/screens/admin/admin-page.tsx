/** The operator page: pick a concert to watch and steer its sale, or create a new one. */
import { useState } from 'react';
import { Loading, Notice } from '../../components/notice';
import { tix } from '../../lib/client';
import { describeError } from '../../lib/errors';
import { Link } from '../../lib/router';
import { useLoad } from '../../lib/use-load';
import { ConcertDashboard } from './concert-dashboard';
import { CreateConcertForm } from './create-concert-form';
import '../../styles/admin.css';

export function AdminPage() {
  const concerts = useLoad(() => tix.concert.list.query({ limit: 100 }), []);
  const [chosen, setChosen] = useState<string | null>(null);
  // A concert just created is listed at once, before the list's reload brings it.
  const [created, setCreated] = useState<{ concertId: string; title: string; cancelledAt: null } | null>(
    null,
  );
  const listed = concerts.data?.items ?? [];
  const items =
    created && !listed.some((c) => c.concertId === created.concertId) ? [...listed, created] : listed;
  const concertId = chosen ?? items[0]?.concertId ?? null;

  return (
    <section>
      <h1>Operator</h1>
      <nav aria-label="Operator" className="actions">
        <Link href="/admin/webhooks">Webhooks and deliveries</Link>
      </nav>
      {concerts.error != null && <Notice kind="error">{describeError(concerts.error).message}</Notice>}
      {concerts.loading && !concerts.data && <Loading what="concerts" />}
      {items.length > 0 && (
        <div className="field">
          <label htmlFor="admin-concert">Concert</label>
          <select id="admin-concert" value={concertId ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {items.map((c) => (
              <option key={c.concertId} value={c.concertId}>
                {c.cancelledAt ? `${c.title} (cancelled)` : c.title}
              </option>
            ))}
          </select>
        </div>
      )}
      {concertId ? (
        <ConcertDashboard key={concertId} concertId={concertId} onChanged={concerts.reload} />
      ) : (
        <p>No concerts yet.</p>
      )}
      <CreateConcertForm
        onCreated={(concert) => {
          setCreated({ concertId: concert.concertId, title: concert.title, cancelledAt: null });
          concerts.reload();
          setChosen(concert.concertId);
        }}
      />
    </section>
  );
}
