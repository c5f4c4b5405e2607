/**
 * The operator's webhooks (docs/api.md, "Webhooks"): endpoints with their delivery counts, a form to add one (the
 * signing secret is shown once), and the delivery log with failures first to the eye and a replay button.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Loading, Notice } from '../../components/notice';
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  replayDelivery,
  type CreatedWebhook,
  type Delivery,
  type Webhook,
} from '../../lib/api';
import { tix } from '../../lib/client';
import { describeError } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { useInterval, useLoad } from '../../lib/use-load';

// Deliveries move within a second or two of a sale; polling that often costs two small queries.
const POLL_MS = 2000;

type Filter = 'ALL' | 'DEAD' | 'PENDING';

export function WebhooksPage() {
  const concerts = useLoad(() => tix.concert.list.query({ limit: 100 }), []);
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [filter, setFilter] = useState<Filter>('ALL');
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);

  const refresh = useCallback(() => {
    Promise.all([
      listWebhooks(),
      listDeliveries({ limit: 50, ...(filter === 'ALL' ? {} : { status: filter }) }),
    ]).then(
      ([h, d]) => {
        setHooks(h);
        setDeliveries(d);
      },
      (err: unknown) => setMessage({ kind: 'error', text: describeError(err).message }),
    );
  }, [filter]);
  useEffect(refresh, [refresh]);
  useInterval(refresh, POLL_MS);

  const act = async (what: () => Promise<unknown>, done: string) => {
    setMessage(null);
    try {
      await what();
      setMessage({ kind: 'success', text: done });
      refresh();
    } catch (err) {
      setMessage({ kind: 'error', text: describeError(err).message });
    }
  };

  const concertTitle = (id: string | null) =>
    id ? (concerts.data?.items.find((c) => c.concertId === id)?.title ?? id.slice(0, 8)) : 'All concerts';

  return (
    <section>
      <p>
        <Link href="/admin">← Operator</Link>
      </p>
      <h1>Webhooks</h1>
      <p className="muted">
        Each sale event is POSTed as JSON, signed with the endpoint&apos;s secret (header x-tix-signature),
        and retried with backoff until the endpoint answers 2xx.
      </p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {created && (
        <Notice kind="info" testId="webhook-secret">
          Signing secret for {created.url} (shown once): <code>{created.secret}</code>
        </Notice>
      )}
      <CreateWebhookForm
        concerts={concerts.data?.items ?? []}
        onCreated={(hook) => {
          setCreated(hook);
          setMessage({ kind: 'success', text: 'Endpoint added.' });
          refresh();
        }}
        onError={(text) => setMessage({ kind: 'error', text })}
      />
      <section className="card" aria-labelledby="endpoints-title">
        <h2 id="endpoints-title">Endpoints</h2>
        {!hooks && <Loading what="endpoints" />}
        {hooks?.length === 0 && <p>No endpoints yet.</p>}
        {hooks && hooks.length > 0 && (
          <div className="table-scroll">
            <table className="order-table" data-testid="webhook-list">
              <thead>
                <tr>
                  <th>URL</th>
                  <th>Concert</th>
                  <th className="num">Delivered</th>
                  <th className="num">Pending</th>
                  <th className="num">Failed</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {hooks.map((h) => (
                  <tr key={h.webhookId}>
                    <td className="break">{h.url}</td>
                    <td>{concertTitle(h.concertId)}</td>
                    <td className="num">{h.deliveries.delivered}</td>
                    <td className="num">{h.deliveries.pending}</td>
                    <td className="num">{h.deliveries.dead}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Delete ${h.url}`}
                        onClick={() => void act(() => deleteWebhook(h.webhookId), 'Endpoint deleted.')}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">Deliveries</h2>
        <div className="field">
          <label htmlFor="delivery-filter">Show</label>
          <select id="delivery-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            <option value="ALL">All (newest first)</option>
            <option value="DEAD">Failed (dead letters)</option>
            <option value="PENDING">Pending</option>
          </select>
        </div>
        {deliveries.length === 0 ? (
          <p>No deliveries to show.</p>
        ) : (
          <div className="table-scroll">
            <table className="order-table" data-testid="delivery-log">
              <thead>
                <tr>
                  <th>Event</th>
                  <th>Target</th>
                  <th>Status</th>
                  <th className="num">Attempts</th>
                  <th>Last answer</th>
                  <th>When</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.deliveryId}>
                    <td>
                      {d.eventType}
                      <br />
                      <span className="muted">{d.eventId.slice(0, 8)}</span>
                    </td>
                    <td className="break">
                      {d.target === 'broker'
                        ? 'broker'
                        : (hooks?.find((h) => h.webhookId === d.webhookId)?.url ?? '–')}
                    </td>
                    <td>
                      <span className={`badge status-${statusClass(d.status)}`}>{statusLabel(d.status)}</span>
                    </td>
                    <td className="num">{d.attempts}</td>
                    <td>{d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : '–')}</td>
                    <td>{formatDate(d.deliveredAt ?? d.nextAttemptAt ?? d.createdAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => void act(() => replayDelivery(d.deliveryId), 'Queued to send again.')}
                      >
                        Replay
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}

const statusLabel = (s: Delivery['status']) =>
  ({ DELIVERED: 'Delivered', PENDING: 'Pending', DEAD: 'Failed' })[s];
const statusClass = (s: Delivery['status']) => ({ DELIVERED: 'paid', PENDING: 'held', DEAD: 'cancelled' })[s];

function CreateWebhookForm({
  concerts,
  onCreated,
  onError,
}: {
  concerts: { concertId: string; title: string }[];
  onCreated: (hook: CreatedWebhook) => void;
  onError: (text: string) => void;
}) {
  const [url, setUrl] = useState('');
  const [concertId, setConcertId] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onCreated(await createWebhook({ url: url.trim(), ...(concertId ? { concertId } : {}) }));
      setUrl('');
    } catch (err) {
      onError(describeError(err).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card narrow" aria-labelledby="new-webhook-title" onSubmit={(e) => void submit(e)}>
      <h2 id="new-webhook-title">Add an endpoint</h2>
      <div className="field">
        <label htmlFor="webhook-url">Endpoint URL</label>
        <input
          id="webhook-url"
          type="url"
          required
          placeholder="https://example.com/hooks/tix"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="webhook-concert">Events of</label>
        <select id="webhook-concert" value={concertId} onChange={(e) => setConcertId(e.target.value)}>
          <option value="">All concerts</option>
          {concerts.map((c) => (
            <option key={c.concertId} value={c.concertId}>
              {c.title}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={busy}>
        Add endpoint
      </button>
    </form>
  );
}
