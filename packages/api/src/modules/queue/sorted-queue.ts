/**
 * WAITING tokens ordered by score (ties by token, as a Redis sorted set orders them), for the in-process engine.
 * A sorted array with binary search: rank is O(log n); appending behind everyone (after the sale opens) is
 * amortised O(1); admitting from the head moves an offset; a pre-sale insert or a departure shifts memory (O(n),
 * a fast memmove at embedded scale).
 */
interface Entry {
  score: number;
  token: string;
}

function before(a: Entry, score: number, token: string): boolean {
  return a.score < score || (a.score === score && a.token < token);
}

export class SortedQueue {
  #entries: Entry[] = [];
  #head = 0;
  #scores = new Map<string, number>();

  get size(): number {
    return this.#entries.length - this.#head;
  }

  /** Index of the first entry not before (score, token). */
  #lowerBound(score: number, token: string): number {
    let lo = this.#head;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.#entries[mid]!, score, token)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(token: string, score: number): void {
    if (this.#scores.has(token)) return;
    this.#scores.set(token, score);
    const last = this.#entries.at(-1);
    if (this.size === 0 || (last && before(last, score, token))) this.#entries.push({ score, token });
    else this.#entries.splice(this.#lowerBound(score, token), 0, { score, token });
  }

  /** The order score of a waiting token. */
  scoreOf(token: string): number | undefined {
    return this.#scores.get(token);
  }

  /** Inserts, and logs the insert through `ahead` unless the token stands behind everyone (it moves nobody then). */
  insertLogged(token: string, score: number, ahead: (score: number) => void): void {
    this.insert(token, score);
    if (this.rank(token) !== this.size - 1) ahead(score);
  }

  /** 0-based place, or null when not waiting. */
  rank(token: string): number | null {
    const score = this.#scores.get(token);
    return score === undefined ? null : this.#lowerBound(score, token) - this.#head;
  }

  delete(token: string): boolean {
    const score = this.#scores.get(token);
    if (score === undefined) return false;
    this.#scores.delete(token);
    this.#entries.splice(this.#lowerBound(score, token), 1);
    return true;
  }

  /** The token at a 0-based place. */
  peek(rank: number): string | undefined {
    return this.#entries[this.#head + rank]?.token;
  }

  /** Removes and returns the first `n` tokens. */
  shift(n: number): string[] {
    const taken = this.#entries.slice(this.#head, this.#head + n).map((e) => e.token);
    this.#head += taken.length;
    for (const token of taken) this.#scores.delete(token);
    // Compact once the consumed prefix dominates, so memory follows the live size.
    if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
    return taken;
  }
}
