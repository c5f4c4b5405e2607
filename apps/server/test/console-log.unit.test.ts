/** The server console on a terminal: one readable line per log event, no JSON, no colour codes when asked for none. */
import { describe, expect, it } from 'vitest';
import { cronLogger, prettyLine, readableLog } from '../src/console-log.js';
import pino from 'pino';

describe('server console log', () => {
  it('turns a pino JSON line into time, level, message and fields', () => {
    const time = new Date(2026, 11, 2, 12, 3, 4).getTime();
    const line = prettyLine(
      JSON.stringify({
        level: 30,
        time,
        pid: 1,
        hostname: 'h',
        msg: 'listening',
        url: 'http://127.0.0.1:3000',
      }),
      false,
    );
    expect(line).toBe('12:03:04 INFO  listening url=http://127.0.0.1:3000\n');
    const warn = prettyLine(
      JSON.stringify({ level: 40, time, msg: 'redis unavailable', err: { message: 'down' } }),
      false,
    );
    expect(warn).toBe('12:03:04 WARN  redis unavailable err="down"\n');
    expect(warn).not.toContain('\x1b');
  });

  it("sends node-cron's warnings through the server's log, a missed tick only at debug", () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => lines.push(l) });
    const cron = cronLogger(logger);
    cron.warn('missed execution at Wed Dec 02 2026! Possible blocking IO');
    expect(lines).toHaveLength(0);
    cron.warn('task still running, new execution blocked by overlap prevention!');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, channel: 'cron' });
  });

  it('prints the banner only beside readable lines: LOG_FORMAT decides, else whether stdout is a terminal', () => {
    expect(readableLog('json')).toBe(false);
    expect(readableLog('pretty')).toBe(true);
    // Otherwise only a terminal is readable (off one, isTTY is undefined, not false).
    expect(readableLog('')).toBe(process.stdout.isTTY === true);
  });
});
