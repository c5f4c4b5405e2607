/** Live numbers for one concert (admin.stats, polled) and the sale's controls (admin.configureQueue). */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Notice } from '../../components/notice';
import { concertStats, configureQueue, type Stats } from '../../lib/api';
import { tix } from '../../lib/client';
import { describeError, type ErrorInfo } from '../../lib/errors';
import { formatWon } from '../../lib/format';
import { Link } from '../../lib/router';
import { useInterval, useLoad } from '../../lib/use-load';

// Operators watch a busy sale: two seconds is live enough and costs one cheap query.
const POLL_MS = 2000;

export function ConcertStats({ concertId }: { concertId: string }) {
  const concert = useLoad(() => tix.concert.get.query({ concertId }), [concertId]);
  const [stats, setStats] = useState<Stats | null>(null);
  const [statsError, setStatsError] = useState<ErrorInfo | null>(null);
  const refresh = useCallback(() => {
    concertStats(concertId).then(
      (s) => {
        setStats(s);
        setStatsError(null);
      },
      (err: unknown) => setStatsError(describeError(err)),
    );
  }, [concertId]);
  // The first numbers at once, then every POLL_MS.
  useEffect(refresh, [refresh]);
  useInterval(refresh, POLL_MS);

  const settings = concert.data?.settings;
  const [maxActive, setMaxActive] = useState('');
  const [rate, setRate] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (change: { maxActive?: number; admitPerSecond?: number; paused?: boolean }) => {
    setBusy(true);
    setMessage(null);
    try {
      await configureQueue({ concertId, ...change });
      concert.reload();
      // The placeholders show the saved values once the concert reloads; empty fields mean "unchanged".
      if (!('paused' in change)) {
        setMaxActive('');
        setRate('');
      }
      setMessage({
        kind: 'success',
        text: 'paused' in change ? (change.paused ? 'Sale paused.' : 'Sale resumed.') : 'Saved.',
      });
    } catch (err) {
      setMessage({ kind: 'error', text: describeError(err).message });
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save({
      ...(maxActive.trim() ? { maxActive: Number(maxActive) } : {}),
      ...(rate.trim() ? { admitPerSecond: Number(rate) } : {}),
    });
  };

  const numbers: [string, string | number | undefined][] = [
    ['Waiting', stats?.waiting],
    ['Shopping now', stats?.active],
    ['Let in last minute', stats?.admittedLastMinute],
    ['Seats held', stats?.heldSeats],
    ['Seats sold', stats?.soldSeats],
    ['Revenue', stats ? formatWon(stats.revenue) : undefined],
  ];

  return (
    <section className="card" aria-labelledby="stats-title">
      <h2 id="stats-title">
        Live sale {settings?.paused && <span className="badge badge-soon">Paused</span>}
      </h2>
      {statsError && <Notice kind="error">{statsError.message}</Notice>}
      <dl className="stats" data-testid="admin-stats">
        {numbers.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value ?? '…'}</dd>
          </div>
        ))}
      </dl>
      <p>
        <Link href={`/concerts/${concertId}`}>Open the buyer&apos;s page</Link>
      </p>
      <h3>Waiting room</h3>
      <p className="muted">
        Capacity {settings?.maxActive ?? '…'} shopping at once; lets in {settings?.admitPerSecond ?? '…'} per
        second.
      </p>
      <form onSubmit={submit} className="grid-form" noValidate>
        <label htmlFor="cfg-max">Capacity (max shopping at once)</label>
        <input
          id="cfg-max"
          inputMode="numeric"
          value={maxActive}
          placeholder={String(settings?.maxActive ?? '')}
          onChange={(e) => setMaxActive(e.target.value)}
        />
        <label htmlFor="cfg-rate">Admission rate (per second)</label>
        <input
          id="cfg-rate"
          inputMode="numeric"
          value={rate}
          placeholder={String(settings?.admitPerSecond ?? '')}
          onChange={(e) => setRate(e.target.value)}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || (!maxActive.trim() && !rate.trim())}>
            Save
          </button>
          <button
            type="button"
            onClick={() => save({ paused: !settings?.paused })}
            disabled={busy || !settings}
          >
            {settings?.paused ? 'Resume sale' : 'Pause sale'}
          </button>
        </div>
      </form>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
    </section>
  );
}
