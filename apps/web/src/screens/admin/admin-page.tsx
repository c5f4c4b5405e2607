/** The operator page: pick a concert to watch and steer its sale, or create a new one. */
import { useState } from 'react';
import { Loading, Notice } from '../../components/notice';
import { tix } from '../../lib/client';
import { describeError } from '../../lib/errors';
import { Link } from '../../lib/router';
import { useLoad } from '../../lib/use-load';
import { ConcertStats } from './concert-stats';
import { CreateConcertForm } from './create-concert-form';

export function AdminPage() {
  const concerts = useLoad(() => tix.concert.list.query({ limit: 100 }), []);
  const [chosen, setChosen] = useState<string | null>(null);
  const items = concerts.data?.items ?? [];
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
                {c.title}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="checkout-grid">
        {concertId ? <ConcertStats key={concertId} concertId={concertId} /> : <p>No concerts yet.</p>}
        <CreateConcertForm
          onCreated={(id) => {
            concerts.reload();
            setChosen(id);
          }}
        />
      </div>
    </section>
  );
}
