/**
 * Creates a concert: several dates, a venue from a template or a list of sections, a price per grade, when the
 * waiting room and the sale open, and places per order. It refuses a date in the past, a date before the sale and a
 * sale before the waiting room itself (concert-form-checks.ts), and shows the API's refusals on the same fields.
 */
import type { LayoutTemplateSummary } from '@tix/sdk';
import { useEffect, useState, type FormEvent } from 'react';
import { Notice } from '../../components/notice';
import { tix } from '../../lib/client';
import { useLoad } from '../../lib/use-load';
import { CatalogFields, performerList, type CatalogValues } from './catalog-fields';
import { checkConcertForm, formField, type FieldProblem, type SectionRow } from './concert-form-checks';
import { formRefusal } from './form-errors';
import { emptySection, sectionGrades, sectionsSpec, VenueFields, type VenueMode } from './venue-fields';

/** A datetime-local value (local time, minutes) for a moment `ms` from now. */
function localInput(ms: number): string {
  const d = new Date(Date.now() + ms - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

const day = 24 * 60 * 60 * 1000;
const defaultSections = [emptySection(0), { ...emptySection(1), kind: 'STANDING' as const, grade: 'GA' }];

export function CreateConcertForm({
  onCreated,
}: {
  onCreated: (concert: { concertId: string; title: string }) => void;
}) {
  const templates = useLoad(() => tix.admin.layoutTemplates.query(), []);
  const list: LayoutTemplateSummary[] = templates.data ?? [];
  const [form, setForm] = useState({
    title: '',
    venue: '',
    queueOpensAt: localInput(0),
    saleOpensAt: localInput(0),
    maxSeatsPerOrder: '4',
    maxActive: '20',
    admitPerMinute: '120',
    holdSeconds: '300',
  });
  const [catalog, setCatalog] = useState<CatalogValues>({ performers: '', city: '', category: 'other' });
  const [dates, setDates] = useState([localInput(30 * day)]);
  const [mode, setMode] = useState<VenueMode>('template');
  const [template, setTemplate] = useState('small-hall');
  const [sections, setSections] = useState<SectionRow[]>(defaultSections);
  const [prices, setPrices] = useState<Record<string, string>>({});
  // Without templates (an older server) the typed list of sections is the only way.
  const noTemplates = templates.error != null;
  useEffect(() => {
    if (noTemplates) setMode('sections');
  }, [noTemplates]);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [apiError, setApiError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The price inputs follow the venue's grades, keeping what was typed and a template's default for the rest.
  const grades =
    mode === 'template'
      ? (list.find((t) => t.template === template)?.grades ?? []).map((g) => g.grade)
      : sectionGrades(sections);
  const gradeKey = grades.join('\u0000');
  useEffect(() => {
    const defaults = new Map(
      list.find((t) => t.template === template)?.grades.map((g) => [g.grade, g.price]),
    );
    setPrices((prev) => {
      const next: Record<string, string> = {};
      // A template brings its own prices; a typed list of sections keeps what was typed.
      for (const g of gradeKey.split('\u0000').filter(Boolean)) {
        const fromTemplate = mode === 'template' ? defaults.get(g) : undefined;
        next[g] = fromTemplate !== undefined ? String(fromTemplate) : (prev[g] ?? '50000');
      }
      return next;
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the grades and the template decide; list is their source
  }, [gradeKey, template, mode, list.length]);

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const bad = (field: string) => problems.some((p) => p.field === field);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    setApiError(null);
    const found = checkConcertForm(
      { ...form, dates, prices, sections: mode === 'sections' ? sections : null },
      Date.now(),
    );
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const venue = mode === 'template' ? { template } : sectionsSpec(sections);
      const concert = await tix.admin.createConcert.mutate({
        title: form.title,
        venue: form.venue,
        performers: performerList(catalog.performers),
        ...(catalog.city.trim() ? { city: catalog.city.trim() } : {}),
        category: catalog.category,
        queueOpensAt: new Date(form.queueOpensAt),
        saleOpensAt: new Date(form.saleOpensAt),
        maxSeatsPerOrder: Number(form.maxSeatsPerOrder),
        maxActive: Number(form.maxActive),
        admitPerSecond: Number(form.admitPerMinute) / 60,
        holdSeconds: Number(form.holdSeconds),
        performances: dates.map((d) => ({
          startsAt: new Date(d),
          venue,
          prices: Object.fromEntries(Object.entries(prices).map(([g, p]) => [g, Number(p)])),
        })),
      });
      setCreated(concert.title);
      setForm((f) => ({ ...f, title: '', venue: '' }));
      setCatalog({ performers: '', city: '', category: 'other' });
      onCreated(concert);
    } catch (err) {
      const refusal = formRefusal(err);
      setApiError(refusal.message);
      setProblems(refusal.fields.map((field) => ({ field: formField(field), message: refusal.message })));
    } finally {
      setBusy(false);
    }
  };

  const fields: { key: keyof typeof form; label: string; type?: string; numeric?: boolean; api?: string }[] =
    [
      { key: 'title', label: 'Title' },
      { key: 'venue', label: 'Venue' },
      { key: 'queueOpensAt', label: 'Waiting room opens', type: 'datetime-local' },
      { key: 'saleOpensAt', label: 'Sale opens', type: 'datetime-local' },
      { key: 'maxSeatsPerOrder', label: 'Places per order', numeric: true },
      { key: 'maxActive', label: 'Capacity (shopping at once)', numeric: true },
      { key: 'admitPerMinute', label: 'Admission rate (people per minute)', numeric: true },
      { key: 'holdSeconds', label: 'Hold time (seconds)', numeric: true },
    ];

  return (
    <section className="card" aria-labelledby="create-title">
      <h2 id="create-title">Create a concert</h2>
      <form onSubmit={submit} className="grid-form" noValidate>
        {fields.map((f) => (
          <div key={f.key} className="field">
            <label htmlFor={`new-${f.key}`}>{f.label}</label>
            <input
              id={`new-${f.key}`}
              type={f.type ?? 'text'}
              inputMode={f.numeric ? 'numeric' : undefined}
              value={form[f.key]}
              onChange={set(f.key)}
              aria-invalid={bad(f.key)}
              required
            />
          </div>
        ))}
        <CatalogFields prefix="new" values={catalog} bad={bad} onChange={setCatalog} />
        <fieldset className="wide dates-fields">
          <legend>Dates</legend>
          {dates.map((d, i) => (
            <div key={i} className="field date-row">
              <label htmlFor={`new-date-${i}`}>Date {i + 1} starts</label>
              <input
                id={`new-date-${i}`}
                type="datetime-local"
                value={d}
                aria-invalid={bad(`performances.${i}.startsAt`)}
                onChange={(e) => setDates(dates.map((v, k) => (k === i ? e.target.value : v)))}
              />
              {dates.length > 1 && (
                <button
                  type="button"
                  onClick={() => setDates(dates.filter((_, k) => k !== i))}
                  aria-label={`Remove date ${i + 1}`}
                >
                  Remove
                </button>
              )}
            </div>
          ))}
          <button
            type="button"
            onClick={() => setDates([...dates, nextDate(dates.at(-1) ?? localInput(30 * day))])}
          >
            Add a date
          </button>
        </fieldset>
        <VenueFields
          templates={list}
          mode={mode}
          template={template}
          sections={sections}
          prices={prices}
          bad={bad}
          onMode={setMode}
          onTemplate={setTemplate}
          onSections={setSections}
          onPrice={(grade, price) => setPrices((p) => ({ ...p, [grade]: price }))}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create concert'}
        </button>
      </form>
      {problems.length > 0 && !apiError && (
        <Notice kind="error" testId="form-problems">
          {problems.length === 1
            ? problems[0]!.message
            : `Please fix: ${problems.map((p) => p.message).join(' ')}`}
        </Notice>
      )}
      {apiError && (
        <Notice kind="error" testId="form-refused">
          {apiError}
        </Notice>
      )}
      {created && <Notice kind="success">Created “{created}”; it is now the selected concert.</Notice>}
    </section>
  );
}

/** The day after `value`, same time, for "Add a date". */
function nextDate(value: string): string {
  const d = new Date(value);
  d.setDate(d.getDate() + 1);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
