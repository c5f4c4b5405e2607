/**
 * Random bytes from the CSPRNG, drawn a few kilobytes at a time. `randomBytes(16)` is one native call and one
 * allocation per queue token; a join storm made that 3.6% of a join's server CPU (bench/results/capacity-2026-12-05.md).
 * Node's own `randomUUID` pools the same way. Bytes are handed out once and never reused.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** Copies `length` (≤ 4096) fresh random bytes into `target` at `at`. */
export function fillRandom(target: Buffer, at: number, length: number): void {
  if (offset + length > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  pool.copy(target, at, offset, offset + length);
  pool.fill(0, offset, offset + length);
  offset += length;
}
