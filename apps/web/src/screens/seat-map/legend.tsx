/** The map's key: each grade's colour and price, then what the seat states look like (shape and text, not colour alone). */
import { memo } from 'react';
import { formatWon } from '../../lib/format';
import type { GradeInfo } from './seat-index';

export const Legend = memo(function Legend({ grades }: { grades: GradeInfo[] }) {
  return (
    <div className="venue-legend">
      <ul aria-label="Prices by grade">
        {grades.map((g) => (
          <li key={g.grade}>
            <span className="swatch" style={{ background: g.colour }} /> {g.grade}{' '}
            <span className="muted">{formatWon(g.price)}</span>
          </li>
        ))}
      </ul>
      <ul aria-label="Seat states">
        <li>
          <span className="swatch map-seat-chosen" /> Your choice
        </li>
        <li>
          <span className="swatch map-seat-yours" /> Yours (held or paid)
        </li>
        <li>
          <span className="swatch map-seat-taken" /> Taken
        </li>
        <li>
          <span className="swatch map-seat-available map-seat-accessible" /> Wheelchair accessible
        </li>
      </ul>
    </div>
  );
});
