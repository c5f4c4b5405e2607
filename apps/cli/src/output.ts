/**
 * Printing: colour only on a terminal that wants it (NO_COLOR, TERM=dumb, pipes and --json turn it off; FORCE_COLOR
 * turns it on), money in whole won with separators, times in the user's local zone. Results go to stdout; live
 * progress and errors go to stderr so `tix … --json | jq` always sees one clean JSON document.
 */

export interface Style {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  magenta(s: string): string;
  cyan(s: string): string;
  inverse(s: string): string;
}

function sgr(open: number, close: number, enabled: boolean) {
  return (s: string) => (enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s);
}

export function createStyle(enabled: boolean): Style {
  return {
    enabled,
    bold: sgr(1, 22, enabled),
    dim: sgr(2, 22, enabled),
    red: sgr(31, 39, enabled),
    green: sgr(32, 39, enabled),
    yellow: sgr(33, 39, enabled),
    blue: sgr(34, 39, enabled),
    magenta: sgr(35, 39, enabled),
    cyan: sgr(36, 39, enabled),
    inverse: sgr(7, 27, enabled),
  };
}

/** Whether a stream should get colour, following the NO_COLOR and FORCE_COLOR conventions. */
export function wantsColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function won(amount: number | bigint): string {
  return `${amount.toLocaleString('en-US')} won`;
}

export function when(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  return d.toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "4:05" for 245 seconds; "1:02:03" past an hour. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** A span in words, unambiguous where "1:00" is not: "1 h 05 min", "3 min", "40 s". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600)
    return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.round(s / 60)} min`;
  return `${s} s`;
}

/** A countdown in words, to the second, where "1:00" could be an hour or a minute: "1 h 05 min", "1 min 05 s", "9 s". */
export function countdownWords(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return duration(s);
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

/** "1", "1 and 2", "1, 2 and 3". */
export function listWords(items: (string | number)[]): string {
  const words = items.map(String);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "Seat 4" or "Seats 1 and 2". */
export function seatWords(nos: number[]): string {
  return `Seat${nos.length === 1 ? '' : 's'} ${listWords(nos)}`;
}

/** The first 8 characters of an id: enough to type back (every command accepts an id prefix). */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;]*m/g;

// Marks drawn over the previous character, and invisible format characters (joiners, variation selectors).
const zeroWidth = /[\p{Mn}\p{Me}\p{Cf}]/u;

/** East Asian Wide and Fullwidth ranges (Hangul, CJK, kana, fullwidth forms, emoji): two terminal columns. */
const wideRanges: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

/** How many terminal columns a string takes: colour codes take none, wide characters two ("아이유" is 6). */
export function displayWidth(s: string): number {
  let width = 0;
  for (const char of s.replace(ansi, '')) {
    const code = char.codePointAt(0)!;
    if (zeroWidth.test(char)) continue;
    width += wideRanges.some(([from, to]) => code >= from && code <= to) ? 2 : 1;
  }
  return width;
}

/** A plain table: header row, then rows, columns padded to their widest cell in terminal columns. */
export function table(header: string[], rows: string[][], style: Style): string {
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - displayWidth(c))))
      .join('  ')
      .trimEnd();
  return [style.bold(line(header)), ...rows.map(line)].join('\n');
}

/** Converts Dates (and bigints) so JSON output is plain and stable. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v), 2);
}
