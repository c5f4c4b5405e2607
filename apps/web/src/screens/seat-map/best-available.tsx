/** "Best available": the server picks seats next to each other in one row, by grade or section, accessible on request. */
import { useState } from 'react';
import type { SeatIndex } from './seat-index';

export interface BestRequest {
  count: number;
  grade?: string;
  sectionId?: string;
  accessible?: boolean;
}

export function BestAvailable(props: {
  index: SeatIndex;
  max: number;
  busy: boolean;
  onHold: (best: BestRequest) => void;
}) {
  const { index, max, busy, onHold } = props;
  const [count, setCount] = useState(Math.min(2, max));
  const [grade, setGrade] = useState('');
  const [sectionId, setSectionId] = useState('');
  const [accessible, setAccessible] = useState(false);
  const submit = () =>
    onHold({
      count,
      ...(grade ? { grade } : {}),
      ...(sectionId ? { sectionId } : {}),
      ...(accessible ? { accessible } : {}),
    });
  return (
    <fieldset className="best-pick">
      <legend>Best available</legend>
      <label htmlFor="best-count">Seats</label>
      <select id="best-count" value={count} onChange={(e) => setCount(Number(e.target.value))}>
        {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <label htmlFor="best-grade">Grade</label>
      <select id="best-grade" value={grade} onChange={(e) => setGrade(e.target.value)}>
        <option value="">Any grade</option>
        {index.grades.map((g) => (
          <option key={g.grade} value={g.grade}>
            {g.grade}
          </option>
        ))}
      </select>
      <label htmlFor="best-section">Section</label>
      <select id="best-section" value={sectionId} onChange={(e) => setSectionId(e.target.value)}>
        <option value="">Any section</option>
        {index.seated.map((s) => (
          <option key={s.sectionId} value={s.sectionId}>
            {s.name}
          </option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" checked={accessible} onChange={(e) => setAccessible(e.target.checked)} />{' '}
        Wheelchair accessible
      </label>
      <button type="button" onClick={submit} disabled={busy}>
        Hold best available
      </button>
    </fieldset>
  );
}
