/**
 * Starts the server processes a run talks to: N product servers (apps/server's built dist/main.js, exactly as
 * deployed: `node --enable-source-maps dist/main.js`) and N bare-HTTP baseline servers (built the same way, see
 * build.ts), each on a free port, each announcing its URL in a `listening` log line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { formatRateLimits, scaledRateLimits } from '@tix/api';
import type { BuiltServers } from './build.js';

const serverDir = fileURLToPath(new URL('../../../apps/server', import.meta.url));

export interface Proc {
  url: string;
  /** From spawn to the `listening` line: start-up, left out of CPU profiles. */
  startupMs: number;
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

export interface SpawnOptions {
  cwd: string;
  /** Built JavaScript (build.ts): no TypeScript loader in the measured process. */
  script: string;
  env: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof with --cpu-prof-dir. */
  nodeArgs?: string[];
  /** The node binary (default: the bench's own). */
  node?: string | undefined;
}

export async function spawnProc(options: SpawnOptions, timeoutMs = 60_000): Promise<Proc> {
  const spawnedAt = performance.now();
  const child = spawn(options.node || process.execPath, [...(options.nodeArgs ?? []), options.script], {
    cwd: options.cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (line: string) => {
    // Keep the last lines only: a long run must not grow without bound.
    output.push(line);
    if (output.length > 200) output.shift();
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  createInterface({ input: child.stderr }).on('line', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`process did not start:\n${output.join('\n')}`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited with ${code}:\n${output.join('\n')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      keep(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'listening' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a JSON log line
      }
    });
  });
  return {
    url,
    startupMs: performance.now() - spawnedAt,
    child,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface ProductServerEnv {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  sessionSecret: string;
  admin: { username: string; password: string };
  poolSize: number;
  catalogTtlSeconds: number;
  /** Folder for --cpu-prof output; profiling is off when absent. */
  cpuProfDir?: string | undefined;
  /** The node binary of the servers (--node); the bench's own when absent. */
  node?: string | undefined;
  /** Environment of these servers beyond the bench's own settings (e.g. load-shedding limits). */
  vars?: Record<string, string> | undefined;
}

export async function startProductServers(
  count: number,
  env: ProductServerEnv,
  built: BuiltServers,
): Promise<Proc[]> {
  // As apps/server's `pnpm start` runs it.
  const nodeArgs: string[] = ['--enable-source-maps'];
  if (env.cpuProfDir) {
    mkdirSync(env.cpuProfDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${env.cpuProfDir}`);
  }
  const vars = {
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    REDIS_KEY_PREFIX: env.redisPrefix,
    SESSION_SECRET: env.sessionSecret,
    ADMIN_USERNAME: env.admin.username,
    ADMIN_PASSWORD: env.admin.password,
    DEMO_DATA: 'false',
    RUN_JOBS: 'true',
    LOG_LEVEL: 'info',
    DATABASE_POOL_SIZE: String(env.poolSize),
    CATALOG_CACHE_TTL_SECONDS: String(env.catalogTtlSeconds),
    // Every simulated buyer comes from 127.0.0.1: generous limits, still counted on every call as in production.
    RATE_LIMITS: formatRateLimits(scaledRateLimits(1000)),
    // The scenarios measure what a server does at full stretch, so load shedding stays out of their way; the
    // overload scenario (issue 12) sets the default limits.
    SHED_MAX_IN_FLIGHT: '100000',
    SHED_MAX_EVENT_LOOP_DELAY_MS: '60000',
    SHED_MAX_DATABASE_WAIT_MS: '60000',
    // The outbox scenario's webhook receiver listens on 127.0.0.1, which webhooks may reach only with this.
    WEBHOOK_ALLOW_PRIVATE: 'true',
    // No web build is served during a bench.
    WEB_DIST: '/nonexistent',
    ...env.vars,
  };
  // One first, so only one process runs the migrations and creates the operator; the rest start in parallel.
  const first = await spawnProc({
    cwd: serverDir,
    script: built.product,
    env: vars,
    nodeArgs,
    node: env.node,
  });
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, () =>
      spawnProc({ cwd: serverDir, script: built.product, env: vars, nodeArgs, node: env.node }),
    ),
  );
  return [first, ...rest];
}

export async function startBareServers(count: number, built: BuiltServers, node?: string): Promise<Proc[]> {
  return Promise.all(
    Array.from({ length: count }, () => spawnProc({ cwd: serverDir, script: built.bare, env: {}, node })),
  );
}

export async function stopAll(procs: Proc[]): Promise<void> {
  await Promise.all(procs.map((p) => p.stop()));
}
