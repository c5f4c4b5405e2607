/** Command-line flags: `--name value`, `--name=value`, or a bare `--name` for true. */
import type { Scenario } from './scenarios/types.js';

export const globalFlags: Record<string, [number | string | boolean, string]> = {
  only: ['', 'comma-separated scenario names to run (default: all)'],
  servers: [3, 'product server processes (and as many bare-HTTP baseline servers)'],
  'pg-url': [
    process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    'PostgreSQL admin URL; the bench creates (and drops) its own database there',
  ],
  'redis-url': [
    process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    'Redis URL; the bench uses its own key prefix',
  ],
  'server-pool': [12, 'DATABASE_POOL_SIZE of each product server'],
  'bench-pool': [24, 'pg connections the bench process itself holds (raw-SQL baselines, lock strategies)'],
  'catalog-ttl': [60, 'CATALOG_CACHE_TTL_SECONDS of the product servers'],
  'cpu-prof': [
    false,
    'run the product servers with --cpu-prof; profiles go to bench/results/profiles-<timestamp>',
  ],
  node: [
    '',
    "the node binary that runs the product and baseline servers (default: the bench's own, Node 24), e.g. /usr/bin/node to measure an older runtime",
  ],
  keep: [false, 'keep the bench database and Redis keys afterwards (for inspection)'],
  out: ['', 'results folder (default bench/results)'],
  help: [false, 'show this help'],
};

export type Flags = Record<string, string | number | boolean>;

export function parseFlags(argv: string[], scenarios: Scenario[]): Flags {
  const known = {
    ...globalFlags,
    ...Object.assign({}, ...scenarios.map((s) => s.flags)),
  } as typeof globalFlags;
  const flags: Flags = Object.fromEntries(Object.entries(known).map(([k, [v]]) => [k, v]));
  const args = argv.filter((a) => a !== '--');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}" (flags look like --name value)`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const spec = known[name];
    if (!spec) throw new Error(`unknown flag --${name} (see --help)`);
    const def = spec[0];
    let raw: string;
    if (inline !== undefined) raw = inline;
    else if (typeof def === 'boolean' && (args[i + 1] === undefined || args[i + 1]!.startsWith('--')))
      raw = 'true';
    else raw = args[++i] ?? '';
    if (typeof def === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number, got "${raw}"`);
      flags[name] = n;
    } else if (typeof def === 'boolean') flags[name] = raw === 'true' || raw === '1' || raw === 'yes';
    else flags[name] = raw;
  }
  return flags;
}

export function helpText(scenarios: Scenario[]): string {
  const line = ([name, [def, help]]: [string, [unknown, string]]) =>
    `  --${name.padEnd(22)} ${help}${def === '' || def === false ? '' : ` (default ${String(def)})`}`;
  return [
    'pnpm bench [--only a,b] [flags]   needs PostgreSQL and Redis (see bench/README.md)',
    '',
    'Global flags:',
    ...Object.entries(globalFlags).map(line),
    ...scenarios.flatMap((s) => ['', `${s.name}: ${s.title}`, ...Object.entries(s.flags).map(line)]),
  ].join('\n');
}
