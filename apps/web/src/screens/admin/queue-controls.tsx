/**
 * The waiting room's controls (admin.configureQueue): capacity, the admission rate per minute, and pausing, which
 * asks first. The API counts admission per second, so the rate is set in steps of 60 per minute.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { RouterOutputs } from '@tix/sdk';
import { Notice } from '../../components/notice';
import { configureQueue } from '../../lib/api';
import { ConfirmDialog } from './confirm-dialog';
import { formRefusal } from './form-errors';

type Concert = RouterOutputs['concert']['get'];

const whole = (v: string) => /^\d+$/.test(v.trim());

export function QueueControls({ concert, onChanged }: { concert: Concert; onChanged: () => void }) {
  const { settings } = concert;
  const [capacity, setCapacity] = useState(String(settings.maxActive));
  const [perMinute, setPerMinute] = useState(String(settings.admitPerSecond * 60));
  useEffect(() => {
    setCapacity(String(settings.maxActive));
    setPerMinute(String(settings.admitPerSecond * 60));
  }, [settings.maxActive, settings.admitPerSecond]);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const cancelled = concert.cancelledAt !== null;

  const save = async (change: { maxActive?: number; admitPerSecond?: number; paused?: boolean }) => {
    setBusy(true);
    setMessage(null);
    try {
      await configureQueue({ concertId: concert.concertId, ...change });
      onChanged();
      const text =
        'paused' in change
          ? change.paused
            ? 'Sale paused.'
            : 'Sale resumed.'
          : 'Waiting room settings saved.';
      setMessage({ kind: 'success', text });
    } catch (err) {
      setMessage({ kind: 'error', text: formRefusal(err).message });
    } finally {
      setBusy(false);
    }
  };

  const problems = [
    ...(!whole(capacity) || Number(capacity) < 1 || Number(capacity) > 100_000
      ? ['Capacity: a whole number of people from 1 to 100,000.']
      : []),
    ...(!whole(perMinute) || Number(perMinute) < 60 || Number(perMinute) % 60 !== 0
      ? ['Admission rate: people per minute in steps of 60 (60, 120, 180…).']
      : []),
  ];
  const changed =
    capacity.trim() !== String(settings.maxActive) ||
    perMinute.trim() !== String(settings.admitPerSecond * 60);
  const [tried, setTried] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problems.length > 0) return;
    void save({ maxActive: Number(capacity), admitPerSecond: Number(perMinute) / 60 });
  };

  return (
    <section className="card" aria-labelledby="room-title">
      <h2 id="room-title">Waiting room</h2>
      <form onSubmit={submit} className="grid-form" noValidate>
        <div className="field">
          <label htmlFor="cfg-max">Capacity (max shopping at once)</label>
          <input
            id="cfg-max"
            inputMode="numeric"
            value={capacity}
            aria-describedby="cfg-max-hint"
            aria-invalid={tried && problems.some((p) => p.startsWith('Capacity'))}
            onChange={(e) => setCapacity(e.target.value)}
          />
          <p id="cfg-max-hint" className="hint">
            Saved: {settings.maxActive.toLocaleString()}. Everyone else waits in line.
          </p>
        </div>
        <div className="field">
          <label htmlFor="cfg-rate">Admission rate (people per minute)</label>
          <input
            id="cfg-rate"
            type="number"
            inputMode="numeric"
            min={60}
            step={60}
            value={perMinute}
            aria-describedby="cfg-rate-hint"
            aria-invalid={tried && problems.some((p) => p.startsWith('Admission'))}
            onChange={(e) => setPerMinute(e.target.value)}
          />
          <p id="cfg-rate-hint" className="hint">
            Saved: {(settings.admitPerSecond * 60).toLocaleString()} per minute. Set in steps of 60: the room
            lets people in every second.
          </p>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !changed || cancelled}>
            Save
          </button>
          {settings.paused ? (
            <button type="button" onClick={() => void save({ paused: false })} disabled={busy || cancelled}>
              Resume sale
            </button>
          ) : (
            <button type="button" onClick={() => setAsking(true)} disabled={busy || cancelled}>
              Pause sale
            </button>
          )}
        </div>
      </form>
      {tried && problems.length > 0 && <Notice kind="error">{problems.join(' ')}</Notice>}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <ConfirmDialog
        open={asking}
        title={`Pause the sale of “${concert.title}”?`}
        confirmLabel="Pause the sale"
        onClose={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          void save({ paused: true });
        }}
      >
        <p>
          While the sale is paused, nobody more is let in from the waiting room. People waiting keep their
          places and newcomers can still join the line; people already shopping can finish buying. You can
          resume at any time.
        </p>
      </ConfirmDialog>
    </section>
  );
}
