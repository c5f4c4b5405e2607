/** The live numbers of a sale (admin.stats, polled by the dashboard): counts, rates per minute, time to clear. */
import type { Stats } from '../../lib/api';
import { formatWon } from '../../lib/format';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** How long until everyone waiting now is let in, as an operator would say it. */
export function clearWording(seconds: number | null): string {
  if (seconds === null) return 'Not while paused';
  if (seconds === 0) return 'Now: nobody waits';
  if (seconds < 60) return 'Under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `About ${minutes} min`;
  return `About ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function LiveNumbers({ stats }: { stats: Stats | null }) {
  const numbers: [string, string | undefined][] = [
    ['Waiting', stats?.waiting.toLocaleString()],
    ['Shopping now', stats?.active.toLocaleString()],
    ['Let in per minute', stats ? `${stats.admittedLastMinute.toLocaleString()}/min` : undefined],
    ['Queue clears in', stats ? clearWording(stats.estimatedClearSeconds) : undefined],
    ['Seats held', stats?.heldSeats.toLocaleString()],
    ['Seats sold', stats?.soldSeats.toLocaleString()],
    ['Revenue', stats ? formatWon(stats.revenue) : undefined],
  ];
  return (
    <>
      <dl className="stats" data-testid="admin-stats">
        {numbers.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value ?? '…'}</dd>
          </div>
        ))}
      </dl>
      <p className="muted" data-testid="stats-updated">
        {stats ? `Last updated ${clock.format(stats.asOf)}` : 'Loading the numbers…'}
      </p>
    </>
  );
}
