/** The Markdown report: machine, summary of targets, key figures with ratios, then each scenario with its charts. */
import type { Machine } from '../env/machine.js';
import path from 'node:path';
import type { Measurement } from '../load/stats.js';
import type { ProfileSummary } from './profile-summary.js';
import { profiledRunsSection, type findProfiledRuns } from './profile-links.js';
import type { ScenarioResult } from '../scenarios/types.js';
import { bars, latencyBars, sparkline } from './charts.js';
import { markdownTable, type Cell } from './tables.js';

export interface RunReport {
  startedAt: string;
  finishedAt: string;
  command: string;
  servers: number;
  machine: Machine;
  scenarios: ScenarioResult[];
  /** Scenarios that failed to run, with the error. */
  failures: { name: string; error: string }[];
  /** With --cpu-prof: where the product servers spent their busy time over the whole run. */
  profile?: (ProfileSummary & { dir: string; flameGraph: string }) | undefined;
  /** Earlier profiled runs committed under results/profile-<scenario>/. */
  profiledRuns?: ReturnType<typeof findProfiledRuns>;
}

function profileSection(report: RunReport, assets: string): string[] {
  const p = report.profile;
  if (!p) return [];
  return [
    '## CPU profile of the product servers (--cpu-prof)',
    '',
    `Busy time ${p.totalMs} ms over all server processes and all scenarios of this run, start-up left out; profiles in \`${path.relative(process.cwd(), p.dir)}\` (open them in Chrome DevTools or speedscope for flame graphs).`,
    '',
    `Flame graph (icicle: callers above callees; hover a frame for its share): [${p.flameGraph}](${assets}${p.flameGraph})`,
    '',
    `![flame graph](${assets}${p.flameGraph})`,
    '',
    "Busy time by the package responsible (Node's own frames, such as socket writes, count for the nearest package above them):",
    '```',
    bars(p.byPackage.map((x) => ({ label: x.name, value: x.pct, suffix: '%' }))),
    '```',
    '',
    markdownTable(
      ['function (self time)', '%'],
      p.byFunction.map((f) => [f.name, f.pct]),
    ),
    '',
  ];
}

export function targetRows(report: RunReport): Cell[][] {
  return report.scenarios.flatMap((s) =>
    s.targets.map((t) => [
      s.name,
      t.name,
      t.goal,
      t.actual,
      t.met === null ? 'ℹ️ reported' : t.met ? '✅ met' : '❌ missed',
      t.note ?? '',
    ]),
  );
}

function baselineOf(m: Measurement, all: Measurement[]): Measurement | undefined {
  return m.baseline ? all.find((b) => b.label === m.baseline) : undefined;
}

export function figureRows(report: RunReport): Cell[][] {
  return report.scenarios.flatMap((s) =>
    s.measurements.map((m) => {
      const b = baselineOf(m, s.measurements);
      const errors = Object.entries(m.codes)
        .filter(([k]) => k !== 'OK')
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return [
        s.name,
        m.label,
        m.role,
        m.requests,
        m.rps,
        m.perCpuSecond ?? '',
        m.latencyMs.p50,
        m.latencyMs.p95,
        m.latencyMs.p99,
        m.latencyMs.max,
        b && b.rps > 0 ? `${(m.rps / b.rps).toFixed(2)}×` : '',
        b?.perCpuSecond && m.perCpuSecond ? `${(m.perCpuSecond / b.perCpuSecond).toFixed(2)}×` : '',
        m.serverErrors,
        errors.length > 80 ? `${errors.slice(0, 77)}…` : errors,
      ];
    }),
  );
}

export const figureHead = [
  'scenario',
  'measurement',
  'role',
  'ops',
  'ops/s',
  'ops per server CPU-s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'max ms',
  'vs baseline',
  'vs baseline per CPU-s',
  '5xx',
  'non-OK outcomes',
];
export const targetHead = ['scenario', 'target', 'goal', 'actual', 'result', 'what limits it / note'];

function scenarioSection(s: ScenarioResult): string {
  const parts: string[] = [`## ${s.title} (\`${s.name}\`)`, ''];
  parts.push(
    `Parameters: ${Object.entries(s.params)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ')}`,
    '',
  );
  const facts = Object.entries(s.facts);
  if (facts.length)
    parts.push(
      markdownTable(
        ['figure', 'value'],
        facts.map(([k, v]) => [k, v]),
      ),
      '',
    );
  const ms = s.measurements.filter((m) => m.requests > 0);
  if (ms.length) {
    parts.push('Throughput (operations per second):', '```');
    parts.push(bars(ms.map((m) => ({ label: m.label, value: m.rps, suffix: '/s' }))));
    parts.push('```', '', 'Latency percentiles:', '```');
    parts.push(latencyBars(ms.map((m) => ({ label: m.label, ...m.latencyMs }))));
    parts.push(
      '```',
      '',
      'Throughput over time (one block per second, each row scaled to its own peak):',
      '```',
    );
    const width = Math.max(...ms.map((m) => m.label.length));
    for (const m of ms) {
      // The last second is usually partial; leave it out so the line does not seem to drop at the end.
      const full = m.perSecond.length > 2 ? m.perSecond.slice(0, -1) : m.perSecond;
      parts.push(`${m.label.padEnd(width)} │${sparkline(full)}│ peak ${Math.max(...full)}/s`);
    }
    parts.push('```', '');
  }
  for (const c of s.charts ?? []) {
    parts.push(`${c.title}:`, '```', bars(c.rows.map((r) => ({ ...r, suffix: c.unit }))), '```', '');
  }
  for (const t of s.tables) parts.push(`**${t.title}**`, '', markdownTable(t.head, t.rows), '');
  for (const n of s.notes) parts.push(`- ${n}`);
  parts.push('');
  return parts.join('\n');
}

/** `assets`: the path from the Markdown file to the results folder ('' beside it, 'results/' from bench/). */
export function renderMarkdown(report: RunReport, assets: string): string {
  const m = report.machine;
  const machine = markdownTable(
    ['', ''],
    [
      ['CPU', `${m.cpuModel} (nproc ${m.nproc})`],
      ['Memory', `${m.memoryGiB} GiB`],
      ['OS', m.os],
      ['Node', m.node],
      ['PostgreSQL', `${m.postgres} (max_connections ${m.postgresMaxConnections})`],
      ['Redis', m.redis],
      ['Load average at start', m.loadAverage.join(' ')],
      ['Git commit', m.gitCommit],
      [
        'Server processes',
        `${report.servers} product + ${report.servers} bare-HTTP baseline, all on this machine`,
      ],
    ],
  );
  const failures = report.failures.length
    ? [
        '## Scenarios that failed to run',
        '',
        ...report.failures.map((f) => `- \`${f.name}\`: ${f.error}`),
        '',
      ]
    : [];
  return [
    `# tix benchmark report — ${report.startedAt}`,
    '',
    `Command: \`${report.command}\` · started ${report.startedAt} · finished ${report.finishedAt}`,
    '',
    'Absolute numbers on a shared machine mean little; ratios to a baseline measured in the same run, on the same',
    'machine, mean a lot. The load generator runs on the same cores as the servers, PostgreSQL and Redis.',
    '',
    '## Machine',
    '',
    machine,
    '',
    '## Summary: targets',
    '',
    markdownTable(targetHead, targetRows(report)),
    '',
    '## Key figures',
    '',
    markdownTable(figureHead, figureRows(report)),
    '',
    ...failures,
    ...report.scenarios.map(scenarioSection),
    ...profileSection(report, assets),
    ...profiledRunsSection(report.profiledRuns ?? [], assets),
    '## Method',
    '',
    '- Each run creates its own PostgreSQL database and Redis key prefix, starts the servers itself, and removes them afterwards.',
    '- Load is closed-loop: a fixed number of concurrent clients, each sending its next request when the last one answers, bounded by count and time. Clients are spread round-robin over the servers (client i always uses server i mod N).',
    '- Measured calls are single tRPC HTTP requests (superjson-encoded, no batching) on keep-alive connections via node:http, so the client spends as little CPU as possible; set-up uses the SDK.',
    '- Baselines: a bare Express route behind the same middleware (reads, joins); the same SQL straight through `pg` (holds, payments); the same Redis commands straight through ioredis (queue). Variants: a tRPC procedure that does nothing on the product HTTP path (the tRPC stack alone), the bare route answering as many bytes as the product.',
    '- Details: bench/README.md.',
    '',
  ].join('\n');
}
