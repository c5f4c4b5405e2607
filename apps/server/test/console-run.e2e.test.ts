/**
 * A normal run reads calmly (issue 17, "The server console"): on a terminal-style log the banner sits beside short
 * readable lines with no raw colour codes and no JSON; with JSON logs every stdout line is one JSON object and there
 * is no banner; Ctrl-C (SIGINT) drains and exits with status 0 and nothing on stderr, so `pnpm start` prints no
 * failure lines after it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedServerTest } from './support/embedded-budget.js';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'tix-console-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the server as `pnpm start` does (embedded), waits for `ready` on stdout, sends SIGINT, and collects. */
function runUntilCtrlC(logFormat: 'pretty' | 'json', ready: RegExp) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
  // The embedded default, whatever the test run's own environment points at.
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'REDIS_SENTINELS', 'SESSION_SECRET', 'NO_COLOR'])
    delete env[key];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...env, LOG_FORMAT: logFormat, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (!interrupted && ready.test(stdout)) {
      interrupted = true;
      child.kill('SIGINT');
    }
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('the server console', () => {
  it('shows the banner beside readable lines, then Ctrl-C exits 0 quietly', embeddedServerTest, async () => {
    const run = await runUntilCtrlC('pretty', /tix is running at http:\/\/127\.0\.0\.1:\d+\n[\s\S]*\n\n/);
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toContain('\x1b[');
    const lines = run.stdout.split('\n').filter((l) => l.trim() !== '');
    for (const line of lines) {
      // A log line ("12:03:04 INFO  listening url=…") or an indented banner line; never a JSON object.
      expect(line).toMatch(/^(\d\d:\d\d:\d\d (DEBUG|INFO |WARN ) \S| {2}\S)/);
    }
    expect(lines.at(-2)).toMatch(/INFO {2}shutting down signal=SIGINT/);
    expect(lines.at(-1)).toMatch(/INFO {2}drained /);
  });

  it('prints only JSON lines, no banner, under LOG_FORMAT=json', embeddedServerTest, async () => {
    const run = await runUntilCtrlC('json', /"msg":"demo data ready"/);
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l !== '');
    const entries = lines.map((l) => JSON.parse(l) as { msg: string });
    expect(entries.map((e) => e.msg)).toEqual(
      expect.arrayContaining(['listening', 'demo data ready', 'shutting down']),
    );
  });
});
