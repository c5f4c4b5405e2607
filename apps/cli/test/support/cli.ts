/**
 * Runs the built `tix` against a real server: the bundle is built once per test file into a temp folder, the server
 * runs in-process on the embedded database (PGlite) with the demo data, and each simulated person gets a config
 * folder of their own. The CLI is always spawned asynchronously: a blocking spawnSync would freeze the in-process
 * server it is talking to.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testRateLimitsEnv } from '@tix/api/testing';
import { createClient, type RouterInputs } from '@tix/sdk';
import { parseEnv, startServer, type RunningServer } from '@tix/server';
import { afterAll, beforeAll } from 'vitest';
import { buildCli } from '../../scripts/build.js';

export interface TixRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TixEnv {
  server: RunningServer;
  /** The built CLI bundle. */
  bundle: string;
  /** A new person: their own config folder; `run` executes `tix` as them. */
  person(name?: string): Person;
  /** An SDK client signed in as the demo operator. */
  admin(): Promise<ReturnType<typeof createClient>>;
  close(): Promise<void>;
}

export interface Person {
  username: string;
  configDir: string;
  run(
    args: string[],
    options?: {
      env?: Record<string, string>;
      input?: string;
      timeoutMs?: number;
      /** Called with the running process (a test that sends it a signal). */
      started?: (child: ChildProcess) => void;
    },
  ): Promise<TixRun>;
  /** `run`, expecting exit code 0 (the output is in the failure message otherwise). */
  ok(args: string[], options?: { env?: Record<string, string> }): Promise<TixRun>;
}

export const DEMO_PASSWORD = 'demo-pass-123';
export const PASSWORD = 'cli-test-pass-1';

export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
  timeoutMs = 150_000,
  started?: (child: ChildProcess) => void,
): Promise<TixRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
    started?.(child);
  });
}

/**
 * `rateLimits`: the server's RATE_LIMITS, for tests of the limits (others get generous ones); `serverEnv`: more of
 * the server's environment (a test of load shedding sets its limits).
 */
export interface TixEnvOptions {
  rateLimits?: string;
  serverEnv?: Record<string, string>;
}

export async function startTixEnv(options: TixEnvOptions = {}): Promise<TixEnv> {
  const work = mkdtempSync(path.join(tmpdir(), 'tix-cli-test-'));
  const [bundle, server] = await Promise.all([
    buildCli(path.join(work, 'tix.mjs')),
    startServer(
      parseEnv({
        PORT: '0',
        DATA_DIR: path.join(work, 'data'),
        LOG_LEVEL: 'silent',
        // Many people sign up and in from 127.0.0.1 here; limits have tests of their own.
        RATE_LIMITS: options.rateLimits ?? testRateLimitsEnv,
        // Likewise load shedding: the CLI runs beside this server on a loaded machine.
        SHED_MAX_EVENT_LOOP_DELAY_MS: '60000',
        SHED_MAX_DATABASE_WAIT_MS: '60000',
        ...options.serverEnv,
      }),
    ),
  ]);
  let people = 0;
  return {
    server,
    bundle,
    person(name) {
      const username = name ?? `cli_${process.pid}_${++people}_${Math.random().toString(36).slice(2, 6)}`;
      const configDir = path.join(work, `config-${username}`);
      const run: Person['run'] = (args, options = {}) =>
        runNode(
          bundle,
          args,
          { TIX_CONFIG_DIR: configDir, TIX_SERVER: server.url, ...options.env },
          options.input,
          options.timeoutMs,
          options.started,
        );
      return {
        username,
        configDir,
        run,
        async ok(args, options) {
          const result = await run(args, options);
          if (result.code !== 0) {
            throw new Error(
              `tix ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
            );
          }
          return result;
        },
      };
    },
    async admin() {
      const client = createClient({ url: server.url });
      const { sessionToken } = await client.auth.signIn.mutate({
        username: 'admin',
        password: 'admin-pass-123',
      });
      client.setSessionToken(sessionToken);
      return client;
    },
    async close() {
      await server.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** A concert made for one test through the SDK as the operator (on sale now unless told otherwise). */
export async function createConcert(
  env: TixEnv,
  input: Partial<RouterInputs['admin']['createConcert']> & { title: string },
) {
  const admin = await env.admin();
  return admin.admin.createConcert.mutate({
    venue: 'Test Hall',
    saleOpensAt: new Date(Date.now() - 60_000),
    performances: [{ startsAt: new Date(Date.now() + 7 * 24 * 3600_000) }],
    ...input,
  });
}

/** Signs up a fresh person with a password, and charges their wallet when asked. */
export async function signedUp(env: TixEnv, charge?: number): Promise<Person> {
  const p = env.person();
  await p.ok(['signup', p.username], { env: { TIX_PASSWORD: PASSWORD } });
  if (charge) {
    // Through the SDK rather than another CLI run: `tix wallet charge` has its own tests, and each run costs time.
    const client = createClient({ url: env.server.url });
    const { sessionToken } = await client.auth.signIn.mutate({ username: p.username, password: PASSWORD });
    client.setSessionToken(sessionToken);
    await client.wallet.charge.mutate({ amount: charge });
  }
  return p;
}

export function json<T = unknown>(run: TixRun): T {
  return JSON.parse(run.stdout) as T;
}

/**
 * One server and bundle per test file: starts them before the file's tests, closes them after. The returned object
 * stands for the environment once started (use it inside tests, not at the top level).
 */
export function useTixEnv(options: TixEnvOptions = {}): TixEnv {
  let started: TixEnv | undefined;
  beforeAll(async () => {
    started = await startTixEnv(options);
  }, 120_000);
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as TixEnv, {
    get(_target, key) {
      if (!started) throw new Error('The tix test environment is used before beforeAll started it');
      return Reflect.get(started, key) as unknown;
    },
  });
}

/** What `tix buy --json` prints. */
export interface BuyJson {
  reservation: {
    reservationId: string;
    status: string;
    seats: Array<{ seatNo: number }>;
    totalPrice: number;
    paidAt?: string;
  };
  payment: { amount: number; balance: number } | null;
}
