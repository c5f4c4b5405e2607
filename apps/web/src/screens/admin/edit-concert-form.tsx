/**
 * Edits a concert (admin.updateConcert): names, texts, search fields and order settings at any time; the opening
 * times and show dates only until the sale opens (docs/domain.md, "Editing a concert"). Only changed fields are
 * sent, so a field nobody touched can never be refused.
 */
import { useState, type FormEvent } from 'react';
import type { RouterInputs, RouterOutputs } from '@tix/sdk';
import { Notice } from '../../components/notice';
import { tix } from '../../lib/client';
import { formatDate } from '../../lib/format';
import { CatalogFields, performerList, type CatalogValues, type Category } from './catalog-fields';
import { formRefusal } from './form-errors';

type Concert = RouterOutputs['concert']['get'];
type Update = RouterInputs['admin']['updateConcert'];

/** A datetime-local value (local time, minutes) for a moment. */
export function toLocalInput(at: Date): string {
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function initial(c: Concert) {
  return {
    title: c.title,
    venue: c.venue,
    description: c.description,
    holdSeconds: String(c.settings.holdSeconds),
    maxSeatsPerOrder: String(c.settings.maxSeatsPerOrder),
    queueOpensAt: toLocalInput(c.queueOpensAt),
    saleOpensAt: toLocalInput(c.saleOpensAt),
    dates: c.performances.map((p) => toLocalInput(p.startsAt)),
  };
}

function catalogOf(c: Concert): CatalogValues {
  return { performers: c.performers.join(', '), city: c.city, category: c.category as Category };
}

const texts = [
  { key: 'title', label: 'Title' },
  { key: 'venue', label: 'Venue' },
  { key: 'holdSeconds', label: 'Hold time (seconds)', numeric: true },
  { key: 'maxSeatsPerOrder', label: 'Places per order', numeric: true },
] as const;

export function EditConcertForm({
  concert,
  onSaved,
  onClose,
}: {
  concert: Concert;
  onSaved: () => void;
  onClose: () => void;
}) {
  const start = initial(concert);
  const [form, setForm] = useState(start);
  const [catalog, setCatalog] = useState(catalogOf(concert));
  const [refusal, setRefusal] = useState<{ message: string; fields: string[] } | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const onSale = Date.now() >= concert.saleOpensAt.getTime();
  const bad = (field: string) =>
    refusal?.fields.some((f) => f === field || f.startsWith(`${field}.`)) ?? false;

  const changes = (): Omit<Update, 'concertId'> => {
    const out: Omit<Update, 'concertId'> = {};
    if (form.title !== start.title) out.title = form.title;
    if (form.venue !== start.venue) out.venue = form.venue;
    if (form.description !== start.description) out.description = form.description;
    if (form.holdSeconds !== start.holdSeconds) out.holdSeconds = Number(form.holdSeconds);
    if (form.maxSeatsPerOrder !== start.maxSeatsPerOrder)
      out.maxSeatsPerOrder = Number(form.maxSeatsPerOrder);
    const before = catalogOf(concert);
    if (catalog.performers !== before.performers) out.performers = performerList(catalog.performers);
    if (catalog.city !== before.city) out.city = catalog.city;
    if (catalog.category !== before.category) out.category = catalog.category;
    if (form.queueOpensAt !== start.queueOpensAt) out.queueOpensAt = new Date(form.queueOpensAt);
    if (form.saleOpensAt !== start.saleOpensAt) out.saleOpensAt = new Date(form.saleOpensAt);
    const moved = concert.performances
      .map((p, i) => ({ performanceId: p.performanceId, value: form.dates[i]!, was: start.dates[i]! }))
      .filter((d) => d.value !== d.was)
      .map((d) => ({ performanceId: d.performanceId, startsAt: new Date(d.value) }));
    if (moved.length > 0) out.performances = moved;
    return out;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setRefusal(null);
    const change = changes();
    if (Object.keys(change).length === 0) {
      setRefusal({ message: 'Nothing has changed yet.', fields: [] });
      return;
    }
    setBusy(true);
    try {
      await tix.admin.updateConcert.mutate({ concertId: concert.concertId, ...change });
      setSaved(true);
      onSaved();
    } catch (err) {
      setRefusal(formRefusal(err));
    } finally {
      setBusy(false);
    }
  };

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  return (
    <section className="card" aria-labelledby="edit-concert-heading">
      <h2 id="edit-concert-heading">Edit “{concert.title}”</h2>
      <form onSubmit={submit} className="grid-form" noValidate>
        {texts.map((f) => (
          <div key={f.key} className="field">
            <label htmlFor={`edit-${f.key}`}>{f.label}</label>
            <input
              id={`edit-${f.key}`}
              inputMode={'numeric' in f ? 'numeric' : undefined}
              value={form[f.key]}
              aria-invalid={bad(f.key)}
              onChange={set(f.key)}
            />
          </div>
        ))}
        <CatalogFields prefix="edit" values={catalog} bad={bad} onChange={setCatalog} />
        <div className="field wide">
          <label htmlFor="edit-description">Description</label>
          <textarea
            id="edit-description"
            rows={3}
            value={form.description}
            aria-invalid={bad('description')}
            onChange={set('description')}
          />
        </div>
        <fieldset className="wide dates-fields" disabled={onSale}>
          <legend>Opening times and dates</legend>
          {onSale && (
            <p className="hint" id="edit-dates-hint">
              The sale opened on {formatDate(concert.saleOpensAt)}: these are fixed now, because tickets may
              be sold for them.
            </p>
          )}
          <div className="field">
            <label htmlFor="edit-queueOpensAt">Waiting room opens</label>
            <input
              id="edit-queueOpensAt"
              type="datetime-local"
              value={form.queueOpensAt}
              aria-invalid={bad('queueOpensAt')}
              onChange={set('queueOpensAt')}
            />
          </div>
          <div className="field">
            <label htmlFor="edit-saleOpensAt">Sale opens</label>
            <input
              id="edit-saleOpensAt"
              type="datetime-local"
              value={form.saleOpensAt}
              aria-invalid={bad('saleOpensAt')}
              onChange={set('saleOpensAt')}
            />
          </div>
          {form.dates.map((d, i) => (
            <div key={concert.performances[i]!.performanceId} className="field">
              <label htmlFor={`edit-date-${i}`}>Date {i + 1} starts</label>
              <input
                id={`edit-date-${i}`}
                type="datetime-local"
                value={d}
                aria-invalid={refusal?.fields.some((f) => f.startsWith('performances')) ?? false}
                onChange={(e) =>
                  setForm((f) => ({ ...f, dates: f.dates.map((v, k) => (k === i ? e.target.value : v)) }))
                }
              />
            </div>
          ))}
        </fieldset>
        <div className="actions wide">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save changes'}
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
      {refusal && (
        <Notice kind="error" testId="edit-refused">
          {refusal.message}
        </Notice>
      )}
      {saved && <Notice kind="success">Saved. Buyers see the changes at once.</Notice>}
    </section>
  );
}
