/** A standing area is chosen by count, not by seat: how many places, up to what is free and the order's limit. */
import { formatWon } from '../../lib/format';
import type { StandingArea } from '@tix/sdk';

export function StandingPicker(props: {
  area: StandingArea;
  price: number;
  available: number;
  yours: number;
  count: number;
  room: number;
  onCount: (count: number) => void;
}) {
  const { area, price, available, yours, count, room, onCount } = props;
  const most = Math.max(0, Math.min(available, room));
  return (
    <div className="card standing-picker" data-testid="standing-picker">
      <h3>{area.name}</h3>
      <p className="muted">
        Standing, {area.grade} {formatWon(price)} a place · {available} of {area.capacity} places free
        {yours > 0 && ` · you have ${yours}`}
      </p>
      <div className="field">
        <label htmlFor="standing-count">Standing places in {area.name}</label>
        <select id="standing-count" value={count} onChange={(e) => onCount(Number(e.target.value))}>
          {Array.from({ length: Math.max(most, count) + 1 }, (_, n) => (
            <option key={n} value={n}>
              {n === 0 ? 'None' : `${n} place${n > 1 ? 's' : ''}`}
            </option>
          ))}
        </select>
      </div>
      {most === 0 && count === 0 && (
        <p className="muted">{available === 0 ? 'Sold out.' : 'Your order is full.'}</p>
      )}
    </div>
  );
}
