/**
 * The waiting line's change log: what moves places in line, in the order the room applied it, numbered. Each server
 * keeps every live watcher's place up to date from it (queue-feed.ts) instead of reading each place again
 * (docs/domain.md, "Waiting room", "Live places"). A join behind everyone is not logged: it moves nobody.
 *
 * The log's numbers start at the room's birth time in microseconds, so a room that lost its memory (a Redis wipe, a
 * restart of the embedded server) numbers on from above any earlier number, and a server holding old numbers sees a
 * gap rather than a repeat.
 */

export type LineChange =
  /** `count` people at the head were let in; the last of them had order score `upTo`. */
  | { kind: 'admit'; count: number; upTo: number }
  /** A WAITING token with this order score left the line (left, dropped for absence). */
  | { kind: 'remove'; score: number }
  /** A token entered the line at this score, ahead of someone (a pre-sale draw, a restored place). */
  | { kind: 'insert'; score: number };

/** Consecutive changes: `changes[i]` has number `from + i`. */
export interface LineBatch {
  from: number;
  changes: LineChange[];
}

/** The log after a number, or `resetTo` (the latest number) when the log no longer reaches back that far. */
export type LineRead = LineBatch | { resetTo: number };

/** How many changes a room keeps for servers catching up. */
export const LINE_KEEP = 10_000;

/** The Redis engine stores changes as short strings (`a,count,upTo`, `r,score`, `i,score`). */
export function decodeLineChange(text: string): LineChange {
  const [kind, a = '0', b = '0'] = text.split(',');
  if (kind === 'a') return { kind: 'admit', count: Number(a), upTo: Number(b) };
  return { kind: kind === 'i' ? 'insert' : 'remove', score: Number(a) };
}

/** The in-process engine's log (the Redis engine keeps the same one in a list). */
export class MemoryLine {
  #changes: LineChange[] = [];
  #last: number;
  #published: number;

  constructor(birthMs: number) {
    this.#last = birthMs * 1000;
    this.#published = this.#last;
  }

  /** The number of the latest change. */
  get index(): number {
    return this.#last;
  }

  log(change: LineChange): void {
    this.#changes.push(change);
    this.#last += 1;
    if (this.#changes.length > LINE_KEEP * 2) this.#changes.splice(0, this.#changes.length - LINE_KEEP);
  }

  /** The changes no admission step has published yet; they count as published from now on. */
  unpublished(): LineBatch {
    const batch = this.#from(this.#published);
    this.#published = this.#last;
    return batch;
  }

  since(after: number): LineRead {
    const first = this.#last - this.#changes.length + 1;
    if (after > this.#last || after + 1 < first) return { resetTo: this.#last };
    return this.#from(after);
  }

  #from(after: number): LineBatch {
    const first = this.#last - this.#changes.length + 1;
    const from = Math.max(after + 1, first);
    return { from, changes: this.#changes.slice(from - first) };
  }
}
