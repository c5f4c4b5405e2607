/**
 * The venue part of the operator form: a template (from admin.layoutTemplates, with its sections, grades and seat
 * counts shown) or a list of sections typed in, and a price for every grade the venue uses.
 */
import type { LayoutTemplateSummary } from '@tix/sdk';
import { formatWon } from '../../lib/format';
import type { SectionRow } from './concert-form-checks';

export type VenueMode = 'template' | 'sections';

export const emptySection = (n: number): SectionRow => ({
  sectionId: String.fromCharCode(65 + (n % 26)),
  name: `Section ${String.fromCharCode(65 + (n % 26))}`,
  kind: 'SEATED',
  grade: 'R',
  rows: '10',
  perRow: '20',
  capacity: '200',
});

export function VenueFields(props: {
  templates: LayoutTemplateSummary[];
  mode: VenueMode;
  template: string;
  sections: SectionRow[];
  prices: Record<string, string>;
  bad: (field: string) => boolean;
  onMode: (mode: VenueMode) => void;
  onTemplate: (template: string) => void;
  onSections: (sections: SectionRow[]) => void;
  onPrice: (grade: string, price: string) => void;
}) {
  const { templates, mode, template, sections, prices, bad, onMode, onTemplate, onSections, onPrice } = props;
  const chosen = templates.find((t) => t.template === template);
  const edit = (i: number, patch: Partial<SectionRow>) =>
    onSections(sections.map((s, k) => (k === i ? { ...s, ...patch } : s)));
  return (
    <fieldset className="venue-fields wide">
      <legend>Layout</legend>
      <div className="radio-row">
        <label>
          <input
            type="radio"
            name="venue-mode"
            checked={mode === 'template'}
            disabled={templates.length === 0}
            onChange={() => onMode('template')}
          />{' '}
          From a template
        </label>
        <label>
          <input
            type="radio"
            name="venue-mode"
            checked={mode === 'sections'}
            onChange={() => onMode('sections')}
          />{' '}
          A list of sections
        </label>
      </div>
      {mode === 'template' && (
        <div className="field">
          <label htmlFor="new-template">Template</label>
          <select id="new-template" value={template} onChange={(e) => onTemplate(e.target.value)}>
            {templates.map((t) => (
              <option key={t.template} value={t.template}>
                {t.name}: {t.seatsTotal.toLocaleString()} seats
                {t.standingTotal > 0 ? ` + ${t.standingTotal.toLocaleString()} standing` : ''}
              </option>
            ))}
          </select>
          {chosen && (
            <p className="muted small" data-testid="template-summary">
              {chosen.sections.length} sections (
              {chosen.sections
                .slice(0, 8)
                .map((s) => `${s.sectionId} ${s.grade}`)
                .join(', ')}
              {chosen.sections.length > 8 ? ', …' : ''}); grades{' '}
              {chosen.grades.map((g) => `${g.grade} ${g.places.toLocaleString()} places`).join(', ')}.
            </p>
          )}
        </div>
      )}
      {mode === 'sections' && (
        <div className="sections-scroll">
          <table className="sections-table">
            <caption className="muted small">Sections, placed on the map in this order</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Grade</th>
                <th scope="col">Rows × seats, or places</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sections.map((s, i) => (
                <tr key={i}>
                  <td>
                    <input
                      aria-label={`Section ${i + 1} code`}
                      value={s.sectionId}
                      aria-invalid={bad(`sections.${i}.sectionId`)}
                      onChange={(e) => edit(i, { sectionId: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`Section ${i + 1} name`}
                      value={s.name}
                      onChange={(e) => edit(i, { name: e.target.value })}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={`Section ${i + 1} kind`}
                      value={s.kind}
                      onChange={(e) => edit(i, { kind: e.target.value as SectionRow['kind'] })}
                    >
                      <option value="SEATED">Seated</option>
                      <option value="STANDING">Standing</option>
                    </select>
                  </td>
                  <td>
                    <input
                      aria-label={`Section ${i + 1} grade`}
                      value={s.grade}
                      aria-invalid={bad(`sections.${i}.grade`)}
                      onChange={(e) => edit(i, { grade: e.target.value })}
                    />
                  </td>
                  <td className="counts">
                    {s.kind === 'SEATED' ? (
                      <>
                        <input
                          aria-label={`Section ${i + 1} rows`}
                          inputMode="numeric"
                          value={s.rows}
                          aria-invalid={bad(`sections.${i}.rows`)}
                          onChange={(e) => edit(i, { rows: e.target.value })}
                        />
                        ×
                        <input
                          aria-label={`Section ${i + 1} seats per row`}
                          inputMode="numeric"
                          value={s.perRow}
                          aria-invalid={bad(`sections.${i}.rows`)}
                          onChange={(e) => edit(i, { perRow: e.target.value })}
                        />
                      </>
                    ) : (
                      <input
                        aria-label={`Section ${i + 1} standing places`}
                        inputMode="numeric"
                        value={s.capacity}
                        aria-invalid={bad(`sections.${i}.capacity`)}
                        onChange={(e) => edit(i, { capacity: e.target.value })}
                      />
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() => onSections(sections.filter((_, k) => k !== i))}
                      disabled={sections.length === 1}
                      aria-label={`Remove section ${i + 1}`}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td colSpan={6}>
                  <button
                    type="button"
                    onClick={() => onSections([...sections, emptySection(sections.length)])}
                  >
                    Add a section
                  </button>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <div className="price-fields">
        {Object.keys(prices).map((grade) => (
          <div key={grade} className="field">
            <label htmlFor={`price-${grade}`}>{grade} price (won)</label>
            <input
              id={`price-${grade}`}
              inputMode="numeric"
              value={prices[grade]}
              aria-invalid={bad(`prices.${grade}`)}
              onChange={(e) => onPrice(grade, e.target.value)}
            />
            {/^\d+$/.test(prices[grade] ?? '') && (
              <span className="muted small">{formatWon(Number(prices[grade]))}</span>
            )}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The grades a list of sections uses, in first-use order. */
export function sectionGrades(sections: SectionRow[]): string[] {
  return [...new Set(sections.map((s) => s.grade.trim()).filter(Boolean))];
}

/**
 * The API's `venue: { sections }` for a typed-in list: boxes placed left to right on a 10-unit seat pitch, wrapping
 * at 1,200 units; rows labelled 1..n and spread by the server over each box.
 */
export function sectionsSpec(sections: SectionRow[]) {
  const pitch = 10;
  const gap = 30;
  let x = gap;
  let y = gap;
  let rowHeight = 0;
  const placed = sections.map((s) => {
    const rows = Number(s.rows);
    const perRow = Number(s.perRow);
    const side = Math.ceil(Math.sqrt(Number(s.capacity))) * pitch;
    const width = s.kind === 'SEATED' ? perRow * pitch : side;
    const height = s.kind === 'SEATED' ? rows * pitch : side;
    if (x + width > 1200 && x > gap) {
      x = gap;
      y += rowHeight + gap;
      rowHeight = 0;
    }
    const box = {
      sectionId: s.sectionId.trim(),
      name: s.name.trim() || s.sectionId,
      grade: s.grade.trim(),
      x,
      y,
      width,
      height,
    };
    x += width + gap;
    rowHeight = Math.max(rowHeight, height);
    return s.kind === 'SEATED'
      ? {
          ...box,
          kind: 'SEATED' as const,
          rows: Array.from({ length: rows }, (_, r) => ({ label: String(r + 1), count: perRow })),
        }
      : { ...box, kind: 'STANDING' as const, capacity: Number(s.capacity) };
  });
  const width = Math.max(...placed.map((s) => s.x + s.width)) + gap;
  const height = y + rowHeight + gap;
  return { width, height, sections: placed };
}
