/** The server process: reads the environment, starts, and shuts down cleanly on SIGTERM or SIGINT. */
import path from 'node:path';
import { createLogger, readableLog } from './console-log.js';
import { EnvError, parseEnv } from './env.js';
import { startServer, type RunningServer } from './server.js';
import { demoBuyer } from './demo-data.js';

async function main(): Promise<void> {
  let env;
  try {
    env = parseEnv(process.env);
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(env.LOG_LEVEL);
  // Installed before the start: Ctrl-C at any moment (migrating, seeding, the banner just shown) stops cleanly and
  // exits 0 once the start is done, never dies of the default SIGINT (status 130, which pnpm reports as a failure).
  const started: { server?: RunningServer } = {};
  let stopping = false;
  const close = (running: RunningServer) =>
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  const stop = (signal: string) => {
    // A second Ctrl-C while still starting (a slow database) leaves at once.
    if (stopping && !started.server) process.exit(130);
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    if (started.server) void close(started.server);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const server = (started.server = await startServer(env, { logger }));
  if (stopping) return void close(server);
  // The banner is for a person; under JSON logs every stdout line stays one JSON object ("listening" has the URL).
  if (server.mode === 'embedded' && readableLog() && env.LOG_LEVEL !== 'silent') {
    process.stdout.write(
      [
        '',
        `  tix is running at ${server.url}`,
        `  Open it in a browser, or use the CLI: ./tix --server ${server.url} login`,
        `  Demo buyer:    ${demoBuyer.username} / ${demoBuyer.password}`,
        '  Demo operator: admin / admin-pass-123',
        `  (embedded PostgreSQL (PGlite) in ${path.resolve(env.DATA_DIR)}; set DATABASE_URL and REDIS_URL for real servers)`,
        '',
      ].join('\n') + '\n',
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`tix server failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
