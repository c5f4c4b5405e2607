/**
 * Issue 16's targets: what the transactional outbox adds to a purchase's latency, and how far the relay lags behind
 * the sale. Rounds alternate, on the same servers and database: "with" (every event written in its transaction, a
 * webhook endpoint on 127.0.0.1 receiving the concert's events through the relay) and "without" (a PostgreSQL rule
 * turns every insert into outbox_events into nothing, so the code runs unchanged but writes no event, and there is
 * nothing to relay). Each round is a fresh concert: `outbox-buyers` buyers each hold one seat and pay, with
 * `outbox-concurrency` purchases in flight. Relay lag is delivered_at − the event's commit-time for every webhook
 * delivery of the "with" rounds.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { seedBuyers } from '../env/seed.js';
import { admitAll } from '../load/queue-flow.js';
import { runLoad, sleep } from '../load/run.js';
import { percentile, round, type Measurement } from '../load/stats.js';
import { num, type BenchContext, type Scenario, type ScenarioResult } from './types.js';

type Mode = 'with' | 'without';

async function startReceiver() {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bench-hook`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function purchaseRound(ctx: BenchContext, mode: Mode, round: number, hookUrl: string) {
  const buyers = num(ctx, 'outbox-buyers');
  const concert = await ctx.admin.createConcert({
    title: `Outbox ${mode} ${round}`,
    seats: buyers,
    maxActive: buyers,
    admitPerSecond: 10_000,
  });
  const webhook =
    mode === 'with'
      ? await ctx.admin.client.admin.createWebhook.mutate({ url: hookUrl, concertId: concert.concertId })
      : null;
  const people = await seedBuyers(ctx.backends.db, buyers, {
    secret: ctx.sessionSecret,
    balance: 1_000_000,
    label: `ob${mode[1]}${round}_`,
  });
  const tokens = await admitAll(ctx.product, people, concert.concertId);
  if (mode === 'without') {
    await sql`CREATE RULE bench_outbox_off AS ON INSERT TO outbox_events DO INSTEAD NOTHING`.execute(
      ctx.backends.db,
    );
  }
  let m: Measurement;
  try {
    m = await runLoad({
      label: `purchase (hold + pay), outbox ${mode}, round ${round}`,
      role: mode === 'with' ? 'product' : 'baseline',
      concurrency: num(ctx, 'outbox-concurrency'),
      requests: buyers,
      op: async (_w, k) => {
        const target = ctx.product.pick(k);
        const creds = { session: people[k]!.session, queue: tokens[k] };
        const started = performance.now();
        const held = await target.mutate<{ reservationId: string }>(
          'reservation.hold',
          { performanceId: concert.performanceIds[0]!, seatNos: [k + 1] },
          creds,
        );
        if (!held.data)
          return { code: `hold:${held.code}`, ms: performance.now() - started, status: held.status };
        const paid = await target.mutate(
          'payment.pay',
          { reservationId: held.data.reservationId, idempotencyKey: randomUUID() },
          creds,
          { decode: false },
        );
        return { code: paid.code, ms: performance.now() - started, status: paid.status };
      },
    });
  } finally {
    if (mode === 'without') await sql`DROP RULE bench_outbox_off ON outbox_events`.execute(ctx.backends.db);
  }
  return { m, webhookId: webhook?.webhookId ?? null };
}

async function lagOf(ctx: BenchContext, webhookIds: string[]) {
  // Wait (bounded) until the relay has delivered everything of these rounds.
  for (let i = 0; i < 600; i++) {
    const { rows } = await sql<{ left: string }>`
      SELECT count(*) AS left FROM event_deliveries WHERE webhook_id = ANY(${webhookIds}::uuid[]) AND status <> 'DELIVERED'
    `.execute(ctx.backends.db);
    if (Number(rows[0]!.left) === 0) break;
    await sleep(100);
  }
  const { rows } = await sql<{ ms: number }>`
    SELECT extract(epoch FROM d.delivered_at - e.created_at) * 1000 AS ms
    FROM event_deliveries d JOIN outbox_events e ON e.seq = d.event_seq
    WHERE d.webhook_id = ANY(${webhookIds}::uuid[]) AND d.status = 'DELIVERED'
    ORDER BY 1
  `.execute(ctx.backends.db);
  const sorted = rows.map((r) => Number(r.ms));
  return {
    deliveries: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

const pooled = (ms: Measurement[]) => {
  const requests = ms.reduce((s, m) => s + m.requests, 0);
  const durationMs = ms.reduce((s, m) => s + m.durationMs, 0);
  return {
    p50: round(ms.reduce((s, m) => s + m.latencyMs.p50, 0) / ms.length),
    p99: round(ms.reduce((s, m) => s + m.latencyMs.p99, 0) / ms.length),
    rps: round((requests / durationMs) * 1000),
  };
};

export const outbox: Scenario = {
  name: 'outbox',
  title: 'Sale events: the outbox’s cost to a purchase and the relay’s lag',
  flags: {
    'outbox-buyers': [300, 'purchases per round (one seat each)'],
    'outbox-rounds': [3, 'rounds of each mode, interleaved'],
    'outbox-concurrency': [24, 'purchases in flight'],
  },
  async run(ctx): Promise<ScenarioResult> {
    const rounds = num(ctx, 'outbox-rounds');
    const receiver = await startReceiver();
    const results: Record<Mode, Measurement[]> = { with: [], without: [] };
    const hooks: string[] = [];
    try {
      for (let r = 1; r <= rounds; r++) {
        // Alternate which mode goes first, so drift over the run (caches, autovacuum) falls on both alike.
        const order: Mode[] = r % 2 === 1 ? ['without', 'with'] : ['with', 'without'];
        for (const mode of order) {
          ctx.log(`outbox: round ${r}, ${mode} the outbox`);
          const { m, webhookId } = await purchaseRound(ctx, mode, r, receiver.url);
          results[mode].push(m);
          if (webhookId) hooks.push(webhookId);
        }
      }
      const lag = await lagOf(ctx, hooks);
      const withOutbox = pooled(results.with);
      const without = pooled(results.without);
      const added = round((withOutbox.p99 / without.p99 - 1) * 100, 1);
      return {
        name: this.name,
        title: this.title,
        params: {
          buyers: num(ctx, 'outbox-buyers'),
          rounds,
          concurrency: num(ctx, 'outbox-concurrency'),
          servers: ctx.serverCount,
        },
        measurements: [...results.with, ...results.without],
        facts: {
          'purchase p99, with the outbox (ms, mean of rounds)': withOutbox.p99,
          'purchase p99, without (ms, mean of rounds)': without.p99,
          'purchase p50 with / without (ms)': `${withOutbox.p50} / ${without.p50}`,
          'purchases/s with / without': `${withOutbox.rps} / ${without.rps}`,
          'p99 added by the outbox (%)': added,
          'webhook deliveries measured': lag.deliveries,
          'relay lag p50 / p99 / max (ms)': `${lag.p50} / ${lag.p99} / ${lag.max}`,
          'webhook POSTs received': receiver.received(),
        },
        targets: [
          {
            name: 'Outbox cost to purchase latency p99',
            goal: '≤ +10 %',
            actual: `${added >= 0 ? '+' : ''}${added} %`,
            met: added <= 10,
          },
          {
            name: 'Relay lag at the sale’s purchase rate',
            goal: '< 2 s (p99)',
            actual: `${lag.p99} ms p99 at ${withOutbox.rps} purchases/s`,
            met: lag.p99 < 2000,
          },
        ],
        tables: [],
        notes: [
          'Without the outbox, a PostgreSQL rule drops every insert into outbox_events: the same code and SQL round trips, no event row, nothing for the relay to send.',
          'Lag is from the event’s transaction start (its created_at) to the relay marking the webhook delivery done; the relay runs every second on every server.',
        ],
      };
    } finally {
      await receiver.close();
    }
  },
};
