/**
 * Runs real server processes for tests whose rule spans processes (admission caps, races across servers, crashes).
 * Each process is `node --import tsx src/main.ts` on a free port, sharing the database and Redis it is given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { timeBudgetMs } from '@tix/api/testing';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Lines the process logged, for diagnosing a failure. */
  output: string[];
  /** SIGTERM and wait for exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash would. */
  kill(): Promise<void>;
}

/**
 * How long starting `count` servers at once may take. Each compiles the server with tsx, connects and migrates: a
 * few seconds idle, but 30 s and more each when three start together with a load average of 18 on 2 cores.
 */
export function serverStartBudgetMs(count = 1): number {
  return timeBudgetMs({ fixedMs: 30_000, units: count, msEach: 30_000 });
}

export async function spawnServer(
  env: Record<string, string>,
  timeoutMs = serverStartBudgetMs(),
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  createInterface({ input: child.stderr }).on('line', (line) => output.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${output.join('\n')}`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output.join('\n')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'listening' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line
      }
    });
  });
  const wait = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, child, output, stop: () => wait('SIGTERM'), kill: () => wait('SIGKILL') };
}

/** Starts `count` servers in parallel on the same backends. */
export async function spawnServers(count: number, env: Record<string, string>): Promise<ServerProcess[]> {
  return Promise.all(Array.from({ length: count }, () => spawnServer(env, serverStartBudgetMs(count))));
}
