/**
 * How the server's log reads. On a terminal (a person running `pnpm start`) one short line per event:
 * "12:03:04 INFO  listening url=…"; anywhere else (a log collector, a file, CI) pino's JSON lines, one object each.
 * LOG_FORMAT=json or LOG_FORMAT=pretty overrides the guess. Written here rather than with pino-pretty: a dozen lines
 * do, and pino-pretty's worker thread would be one more moving part at shutdown.
 */
import pino, { type Logger } from 'pino';

const levelNames: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const levelColours: Record<number, string> = { 40: '\x1b[33m', 50: '\x1b[31m', 60: '\x1b[31m' };

function value(v: unknown): string {
  if (v && typeof v === 'object' && 'message' in v) return JSON.stringify(v.message);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return typeof v === 'string' && !/\s/.test(s) ? s : JSON.stringify(v);
}

/** One JSON log line → one readable line. Exported for the test. */
export function prettyLine(json: string, colour: boolean): string {
  const {
    level,
    time,
    msg,
    pid: _pid,
    hostname: _host,
    ...fields
  } = JSON.parse(json) as Record<string, unknown>;
  const n = typeof level === 'number' ? level : 30;
  const clock = new Date(typeof time === 'number' ? time : Date.now()).toTimeString().slice(0, 8);
  const name = (levelNames[n] ?? 'LOG').padEnd(5);
  const tag = colour && levelColours[n] ? `${levelColours[n]}${name}\x1b[0m` : name;
  const rest = Object.entries(fields).map(([k, v]) => `${k}=${value(v)}`);
  return `${clock} ${tag} ${[typeof msg === 'string' ? msg : '', ...rest].join(' ')}\n`;
}

/** Whether the log is for a person (readable lines) rather than a collector (JSON lines only, nothing else). */
export function readableLog(format = process.env.LOG_FORMAT): boolean {
  return format === 'pretty' || (format !== 'json' && process.stdout.isTTY === true);
}

export function createLogger(level: string, format = process.env.LOG_FORMAT): Logger {
  if (!readableLog(format)) return pino({ level });
  const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  return pino({ level }, { write: (line: string) => process.stdout.write(prettyLine(line, colour)) });
}

/**
 * node-cron's own logger prints with raw colour codes and shouts "missed execution" whenever a busy machine delays a
 * one-second tick by a moment; both go to the server's log instead, the missed tick at debug (the next tick runs the
 * job anyway, and every job is safe to run late).
 */
export function cronLogger(logger: Logger) {
  const log = logger.child({ channel: 'cron' });
  return {
    info: (message: string) => log.debug(message),
    warn: (message: string) => (/missed execution/.test(message) ? log.debug(message) : log.warn(message)),
    error: (message: string | Error, err?: Error) => log.error({ err: err ?? message }, String(message)),
    debug: (message: string | Error) => log.debug(String(message)),
  };
}
