/**
 * The sale over the last minutes (admin.saleTimeline, sampled every 10 s on the server): waiting, let in per
 * minute, shopping, sold and revenue as small charts, and the same numbers as a table for anyone who cannot see
 * the charts.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RouterOutputs } from '@tix/sdk';
import { Notice } from '../../components/notice';
import { tix } from '../../lib/client';
import { formatWon } from '../../lib/format';
import { useInterval } from '../../lib/use-load';
import { formRefusal } from './form-errors';
import { LineChart } from './line-chart';

type Timeline = RouterOutputs['admin']['saleTimeline'];
type Sample = Timeline['samples'][number];

const windows = [15, 30, 60, 180] as const;
const count = (n: number) => n.toLocaleString();
const series: { id: string; title: string; value: (s: Sample) => number; format: (n: number) => string }[] = [
  { id: 'waiting', title: 'Waiting', value: (s) => s.waiting, format: count },
  {
    id: 'admitted',
    title: 'Let in per minute',
    value: (s) => s.admittedPerMinute,
    format: (n) => `${count(n)}/min`,
  },
  { id: 'active', title: 'Shopping now', value: (s) => s.active, format: count },
  { id: 'sold', title: 'Seats sold', value: (s) => s.soldSeats, format: count },
  { id: 'revenue', title: 'Revenue', value: (s) => s.revenue, format: formatWon },
];
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function SaleCharts({ concertId }: { concertId: string }) {
  const [minutes, setMinutes] = useState<(typeof windows)[number]>(30);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    tix.admin.saleTimeline.query({ concertId, minutes }).then(
      (t) => {
        setTimeline(t);
        setError(null);
      },
      (err: unknown) => setError(formRefusal(err).message),
    );
  }, [concertId, minutes]);
  useEffect(refresh, [refresh]);
  // The server samples every 10 s; asking more often would only repeat the same rows.
  useInterval(refresh, 10_000);
  const samples = timeline?.samples ?? [];

  return (
    <section className="card" aria-labelledby="charts-title">
      <div className="reservation-head">
        <h2 id="charts-title">Over time</h2>
        <div className="field inline-field">
          <label htmlFor="chart-window">Show the last</label>
          <select
            id="chart-window"
            value={minutes}
            onChange={(e) => setMinutes(Number(e.target.value) as (typeof windows)[number])}
          >
            {windows.map((m) => (
              <option key={m} value={m}>
                {m < 60 ? `${m} minutes` : `${m / 60} hour${m > 60 ? 's' : ''}`}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {timeline && samples.length === 0 && (
        <p className="muted">
          No samples yet. The sale is sampled every 10 seconds while its waiting room is open.
        </p>
      )}
      {samples.length > 0 && (
        <>
          <div className="charts">
            {series.map((s) => (
              <LineChart
                key={s.id}
                id={s.id}
                title={s.title}
                format={s.format}
                points={samples.map((p) => ({ at: p.at, value: s.value(p) }))}
              />
            ))}
          </div>
          <details className="chart-table">
            <summary>The numbers as a table ({samples.length} samples, every 10 seconds)</summary>
            <div className="table-scroll">
              <table className="order-table">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    {series.map((s) => (
                      <th key={s.id} scope="col" className="num">
                        {s.title}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {[...samples].reverse().map((p) => (
                    <tr key={p.at.getTime()}>
                      <th scope="row">{time.format(p.at)}</th>
                      {series.map((s) => (
                        <td key={s.id} className="num">
                          {s.format(s.value(p))}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
