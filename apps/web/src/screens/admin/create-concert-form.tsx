/** Creates a concert with one date and the default VIP/R/S layout; the rest of the settings have server defaults. */
import { useState, type FormEvent } from 'react';
import { Notice } from '../../components/notice';
import { tix } from '../../lib/client';
import { describeError, type ErrorInfo } from '../../lib/errors';

/** A datetime-local value (local time, minutes) for a moment `ms` from now. */
function localInput(ms: number): string {
  const d = new Date(Date.now() + ms - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

const day = 24 * 60 * 60 * 1000;

export function CreateConcertForm({ onCreated }: { onCreated: (concertId: string) => void }) {
  const [form, setForm] = useState({
    title: '',
    venue: '',
    saleOpensAt: localInput(0),
    startsAt: localInput(30 * day),
    seats: '50',
    maxActive: '20',
    admitPerSecond: '2',
    holdSeconds: '300',
  });
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const concert = await tix.admin.createConcert.mutate({
        title: form.title,
        venue: form.venue,
        saleOpensAt: new Date(form.saleOpensAt),
        maxActive: Number(form.maxActive),
        admitPerSecond: Number(form.admitPerSecond),
        holdSeconds: Number(form.holdSeconds),
        performances: [{ startsAt: new Date(form.startsAt), seats: Number(form.seats) }],
      });
      setCreated(concert.title);
      setForm((f) => ({ ...f, title: '', venue: '' }));
      onCreated(concert.concertId);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  const bad = (field: string) =>
    error?.fields.some((f) => f === field || f.startsWith(`performances.0.${field}`)) ?? false;

  const fields: { key: keyof typeof form; label: string; type?: string; numeric?: boolean }[] = [
    { key: 'title', label: 'Title' },
    { key: 'venue', label: 'Venue' },
    { key: 'saleOpensAt', label: 'Sale opens', type: 'datetime-local' },
    { key: 'startsAt', label: 'Performance starts', type: 'datetime-local' },
    { key: 'seats', label: 'Seats', numeric: true },
    { key: 'maxActive', label: 'Capacity (shopping at once)', numeric: true },
    { key: 'admitPerSecond', label: 'Admission rate (per second)', numeric: true },
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
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create concert'}
        </button>
      </form>
      {error && <Notice kind="error">{error.message}</Notice>}
      {created && <Notice kind="success">Created “{created}”; it is now the selected concert.</Notice>}
    </section>
  );
}
