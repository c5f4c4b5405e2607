/** The machine a run happened on, for the report: figures mean little without it. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type pg from 'pg';
import type { Redis } from 'ioredis';

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverage: number[];
  os: string;
  /** The Node.js version the measured servers run on (see --node). */
  node: string;
  postgres: string;
  redis: string;
  postgresMaxConnections: number;
  gitCommit: string;
}

function git(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The version a node binary reports, or this process's own. */
function nodeVersion(node: string | undefined): string {
  if (!node) return process.version;
  try {
    return execFileSync(node, ['-v'], { encoding: 'utf8' }).trim();
  } catch {
    return `unknown (${node})`;
  }
}

export async function describeMachine(pool: pg.Pool, redis: Redis, node?: string): Promise<Machine> {
  const settings = await pool.query<{ v: string; m: string }>(
    "SELECT current_setting('server_version') AS v, current_setting('max_connections') AS m",
  );
  const pgVersion = settings.rows[0]?.v ?? '?';
  const maxConn = settings.rows[0]?.m ?? '0';
  const info = await redis.info('server');
  const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: nodeVersion(node),
    postgres: pgVersion,
    redis: redisVersion,
    postgresMaxConnections: Number(maxConn),
    gitCommit: git(),
  };
}
