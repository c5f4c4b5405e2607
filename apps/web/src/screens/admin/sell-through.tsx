/** Sell-through per date and grade, from admin.stats: sold of all places, held now, as a table with bars. */
import type { Stats } from '../../lib/api';
import { formatDate } from '../../lib/format';

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));

export function SellThrough({ rows }: { rows: Stats['sellThrough'] }) {
  return (
    <section className="card" aria-labelledby="sell-through-title">
      <h2 id="sell-through-title">Sell-through by date and grade</h2>
      <div className="table-scroll">
        <table className="order-table sell-through" data-testid="sell-through">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Grade</th>
              <th scope="col" className="num">
                Sold
              </th>
              <th scope="col" className="num">
                Held now
              </th>
              <th scope="col">Sold of all places</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.performanceId}-${r.grade}`}>
                <td>{formatDate(r.startsAt)}</td>
                <th scope="row">{r.grade}</th>
                <td className="num">
                  {r.sold.toLocaleString()} of {r.total.toLocaleString()}
                </td>
                <td className="num">{r.held.toLocaleString()}</td>
                <td>
                  <meter
                    min={0}
                    max={r.total}
                    value={r.sold}
                    aria-label={`${r.grade} on ${formatDate(r.startsAt)}: ${percent(r.sold, r.total)}% sold`}
                  />{' '}
                  {percent(r.sold, r.total)}%
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
