/**
 * One concert as its operator watches the sale: live numbers (admin.stats, every 2 s), the sale over time,
 * sell-through by date and grade, the waiting room's controls, and editing or cancelling the concert.
 */
import { useCallback, useEffect, useState } from 'react';
import { Notice } from '../../components/notice';
import { concertStats, type Stats } from '../../lib/api';
import { tix } from '../../lib/client';
import { describeError } from '../../lib/errors';
import { Link } from '../../lib/router';
import { useInterval, useLoad } from '../../lib/use-load';
import { CancelConcert } from './cancel-concert';
import { EditConcertForm } from './edit-concert-form';
import { LiveNumbers } from './live-numbers';
import { QueueControls } from './queue-controls';
import { SaleCharts } from './sale-charts';
import { SellThrough } from './sell-through';

// Operators watch a busy sale: two seconds is live enough and costs one cheap query.
const POLL_MS = 2000;

export function ConcertDashboard({ concertId, onChanged }: { concertId: string; onChanged: () => void }) {
  const concert = useLoad(() => tix.concert.get.query({ concertId }), [concertId]);
  const [stats, setStats] = useState<Stats | null>(null);
  const [statsError, setStatsError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const refresh = useCallback(() => {
    concertStats(concertId).then(
      (s) => {
        setStats(s);
        setStatsError(null);
      },
      (err: unknown) => setStatsError(describeError(err).message),
    );
  }, [concertId]);
  useEffect(refresh, [refresh]);
  useInterval(refresh, POLL_MS);
  const c = concert.data;
  const changed = () => {
    concert.reload();
    refresh();
    onChanged();
  };

  return (
    <>
      <section className="card" aria-labelledby="stats-title">
        <div className="reservation-head">
          <h2 id="stats-title">
            Live sale{' '}
            {c?.settings.paused && !c.cancelledAt && <span className="badge badge-soon">Paused</span>}
            {c?.cancelledAt && <span className="badge status-cancelled">Cancelled</span>}
          </h2>
          <div className="actions">
            <Link href={`/concerts/${concertId}`}>Open the buyer&apos;s page</Link>
            {c && !c.cancelledAt && (
              <button type="button" onClick={() => setEditing(true)} aria-expanded={editing}>
                Edit concert
              </button>
            )}
            {c && <CancelConcert concert={c} stats={stats} onCancelled={changed} />}
          </div>
        </div>
        {concert.error != null && <Notice kind="error">{describeError(concert.error).message}</Notice>}
        {statsError && <Notice kind="error">{statsError}</Notice>}
        <LiveNumbers stats={stats} />
      </section>
      {editing && c && !c.cancelledAt && (
        <EditConcertForm concert={c} onSaved={changed} onClose={() => setEditing(false)} />
      )}
      <SaleCharts concertId={concertId} />
      <div className="checkout-grid">
        {stats ? <SellThrough rows={stats.sellThrough} /> : <div />}
        {c && <QueueControls concert={c} onChanged={changed} />}
      </div>
    </>
  );
}
