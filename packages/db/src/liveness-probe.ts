/**
 * Is PostgreSQL answering at all? A `SELECT 1` every `intervalMs` on a connection of its own (never one of the
 * pool's), each bounded by `timeoutMs`, connecting included. It tells a *silent* PostgreSQL (a black-holed network,
 * a frozen host: the probe gets nothing back) from a *busy* one (the probe answers, however slow the real work is):
 *
 * - `SELECT 1` takes no lock, reads no table and waits behind no transaction, so a healthy PostgreSQL answers it in
 *   milliseconds even while hundreds of holds queue on one seat's row lock or a report scans for seconds. Its own
 *   connection means it never waits for a pool slot either. So the statement and query timeouts can stay long
 *   enough for legitimately slow work, and the probe alone bounds how long a call waits on a silent PostgreSQL:
 *   about `intervalMs + timeoutMs` (250 + 1000 ms by default, within the 2 s target with room for a loaded machine).
 * - Only no answer within `timeoutMs` counts as silent. An error (refused, reset, too many connections) is not
 *   silence: the pool sees those errors itself, at once, and the breaker counts them.
 * - The deadline is judged after the event loop has read its sockets (a `setImmediate` after the timer), so a
 *   server whose own event loop stalled past the deadline does not take a reply waiting in its socket for silence.
 */
import pg from 'pg';

export interface LivenessSettings {
  intervalMs: number;
  timeoutMs: number;
}

export interface LivenessListener {
  /** No answer within the bound: PostgreSQL is silent (said again on every probe while it stays so). */
  silent(): void;
  /** The probe was answered. */
  answered(): void;
}

export interface LivenessProbe {
  stop(): Promise<void>;
}

type Verdict = 'answered' | 'failed' | 'silent';

export function startLivenessProbe(
  connectionString: string,
  settings: LivenessSettings,
  listener: LivenessListener,
): LivenessProbe {
  let client: pg.Client | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Closes the probe's connection at once, even one that gets no answer (`end()` alone waits for the server). */
  const drop = async () => {
    const old = client;
    client = null;
    if (!old) return;
    const ended = old.end().catch(() => {});
    (old as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    await ended;
  };

  const ask = async (): Promise<void> => {
    if (!client) {
      const fresh = new pg.Client({
        connectionString,
        connectionTimeoutMillis: settings.timeoutMs,
        keepAlive: true,
      });
      fresh.on('error', () => {});
      client = fresh;
      await fresh.connect();
    }
    await client.query('SELECT 1');
  };

  const probeOnce = async (): Promise<Verdict> => {
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<Verdict>((resolve) => {
      deadline = setTimeout(() => setImmediate(() => resolve('silent')), settings.timeoutMs);
      deadline.unref();
    });
    try {
      return await Promise.race([
        ask().then(
          (): Verdict => 'answered',
          (): Verdict => 'failed',
        ),
        late,
      ]);
    } finally {
      clearTimeout(deadline);
    }
  };

  const tick = async () => {
    const verdict = await probeOnce();
    if (stopped) return;
    if (verdict !== 'answered') void drop();
    if (verdict === 'silent') listener.silent();
    if (verdict === 'answered') listener.answered();
    timer = setTimeout(() => void tick(), settings.intervalMs);
    timer.unref();
  };
  timer = setTimeout(() => void tick(), settings.intervalMs);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await drop();
    },
  };
}
