/** Seats as buttons, one block per grade (price in the heading); status is shown by colour, pattern and text. */
import type { Seat } from '../lib/api';
import { formatWon } from '../lib/format';

const statusText = { AVAILABLE: 'available', TAKEN: 'taken by someone', MINE: 'yours' } as const;

export function SeatGrid({
  seats,
  selected,
  max,
  onToggle,
}: {
  seats: Seat[];
  selected: number[];
  max: number;
  onToggle: (seat: Seat) => void;
}) {
  const grades: { grade: string; price: number; seats: Seat[] }[] = [];
  for (const seat of seats) {
    const last = grades.at(-1);
    if (last && last.grade === seat.grade && last.price === seat.price) last.seats.push(seat);
    else grades.push({ grade: seat.grade, price: seat.price, seats: [seat] });
  }
  const full = selected.length >= max;
  return (
    <div className="seat-map">
      <div className="stage" aria-hidden="true">
        STAGE
      </div>
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="swatch seat-available" /> Available
        </li>
        <li>
          <span className="swatch seat-selected" /> Your choice
        </li>
        <li>
          <span className="swatch seat-mine" /> Yours
        </li>
        <li>
          <span className="swatch seat-taken" /> Taken
        </li>
      </ul>
      {grades.map((g) => {
        const free = g.seats.filter((s) => s.status === 'AVAILABLE').length;
        return (
          <section
            key={`${g.grade}-${g.seats[0]?.seatNo}`}
            className="grade-block"
            aria-label={`${g.grade} seats`}
          >
            <h2 className="grade-title">
              {g.grade} <span className="price">{formatWon(g.price)}</span>{' '}
              <span className="muted small">{free} available</span>
            </h2>
            <div className="seats">
              {g.seats.map((s) => {
                const mine = selected.includes(s.seatNo);
                const cls = mine ? 'seat-selected' : `seat-${s.status.toLowerCase()}`;
                return (
                  <button
                    key={s.seatNo}
                    type="button"
                    className={`seat ${cls}`}
                    aria-pressed={mine}
                    aria-label={`Seat ${s.seatNo}, ${g.grade}, ${formatWon(s.price)}, ${mine ? 'chosen' : statusText[s.status]}`}
                    data-seat={s.seatNo}
                    data-status={s.status}
                    disabled={s.status !== 'AVAILABLE' || (full && !mine)}
                    onClick={() => onToggle(s)}
                  >
                    {s.seatNo}
                  </button>
                );
              })}
            </div>
          </section>
        );
      })}
    </div>
  );
}
