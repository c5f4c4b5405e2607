/** "Jump to section": every section with its grade, price and free places, for keyboard and screen-reader users. */
import { memo, useMemo } from 'react';
import { formatWon } from '../../lib/format';
import { sectionAvailability, type DecodedAvailability } from '@tix/sdk';
import type { SeatIndex } from './seat-index';

export const SectionPicker = memo(function SectionPicker(props: {
  index: SeatIndex;
  availability: DecodedAvailability;
  value: string | null;
  onPick: (sectionId: string) => void;
}) {
  const { index, availability, value, onPick } = props;
  const counts = useMemo(() => sectionAvailability(index.layout, availability), [index, availability]);
  return (
    <div className="field section-picker">
      <label htmlFor="jump-section">Jump to section</label>
      <select id="jump-section" value={value ?? ''} onChange={(e) => onPick(e.target.value)}>
        {index.layout.sections.map((s) => {
          const price = index.gradeOf.get(s.grade)?.price;
          const free = counts.get(s.sectionId)?.available ?? 0;
          return (
            <option key={s.sectionId} value={s.sectionId}>
              {s.name} · {s.grade}
              {price !== undefined ? ` ${formatWon(price)}` : ''} · {free}
              {s.kind === 'STANDING' ? ' standing places' : ''} free
            </option>
          );
        })}
      </select>
    </div>
  );
});
