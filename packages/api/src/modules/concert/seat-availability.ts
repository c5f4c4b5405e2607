/**
 * Seat availability without a PostgreSQL read per call, and never stale. PostgreSQL stays the authority; this is a
 * copy that every seat change updates before it answers.
 *
 * - The static part of a seat map (seat numbers, grades, prices) never changes once a performance exists, so each
 *   server remembers it (deps.immutable).
 * - The dynamic part lives in one versioned hash per performance (infra/versioned-hash.ts; Redis, or process memory
 *   in the embedded default): per seat, its status, a HELD seat's expiry and holder, and the seat row's `version`.
 *   A trigger draws that version from one PostgreSQL sequence on every seat update, under the row's lock, so a
 *   later change to a seat always has a larger one. Every use case that changes seats (hold, pay, cancel, refund,
 *   the sweeper) writes what its statements returned, versions included, after its transaction commits and before
 *   it answers; the write only moves a field forward, so two servers writing out of order, or a rebuild that read
 *   PostgreSQL before a change and writes after it, never put an older state over a newer one.
 * - An expired hold is free at once: a HELD seat whose expiry has passed reads as AVAILABLE (hold-rules.ts), before
 *   any sweeper has written anything.
 * - On any doubt the reader asks PostgreSQL and rebuilds: Redis errors, no complete snapshot, a seat missing or
 *   unreadable.
 * - A complete snapshot not rebuilt for REBUILD_AFTER_MS is still served, and the read starts a rebuild in the
 *   background (one per performance per server); the age bounds the one gap left: a change committed whose write to
 *   Redis failed while Redis still answered readers (the writer also drops the completeness mark then, so in
 *   practice the next read rebuilds, waiting). Every other change wrote there before it answered, so an old
 *   snapshot is exact; waiting ~1 s for 56,000 fields to be rewritten bought nothing but the gap's bound.
 * - A performance's snapshot is built when it is created (warmSeatMap), so its first reader does not build it.
 */
import type { SeatStatus } from '@tix/db';
import type { Deps } from '../../deps.js';
import { cacheRequests } from '../../infra/metrics.js';
import { perDeps } from '../../infra/per-deps.js';
import type { VersionedWrite } from '../../infra/versioned-hash.js';
import { isSeatFree } from '../reservation/hold-rules.js';
import { listSeatLayout, listSeatStates } from './concert.queries.js';
import { seatMapAt, viewCovers } from './seat-map-view.js';

/** A snapshot older than this is rebuilt from PostgreSQL in the background by the next read, which serves it. */
export const REBUILD_AFTER_MS = 60_000;

export interface SeatState {
  status: SeatStatus;
  hold_expires_at: Date | null;
  /** Who holds a HELD seat (a user id); null otherwise. */
  holder: string | null;
}

/** A seat as a committed change left it, with the version PostgreSQL gave that change. */
export interface SeatStateWrite extends SeatState {
  performance_id: string;
  seat_no: number;
  version: bigint;
}

/** The cache name seat-map reads count their hits and rebuilds under, in `tix_cache_requests_total`. */
export const SEAT_SNAPSHOT_CACHE = 'seat-snapshot';

export const seatStateKey = (performanceId: string) => `seats:${performanceId}`;
/** Where the snapshot announces every change it takes, with its change count (infra/versioned-hash.ts). */
export const seatChangeChannel = (performanceId: string) => `seat-changes:${performanceId}`;

/**
 * `A`, `S|<buyer>`, or `H|<expiry ms>|<holder>`: short, since a read carries every seat of the performance. The
 * buyer of a SOLD seat is kept so `concert.seats` can tell the caller's own places (`mine`) without a read.
 */
function encode(s: SeatState): string {
  if (s.status === 'HELD') return `H|${s.hold_expires_at?.getTime() ?? 0}|${s.holder ?? ''}`;
  return s.status === 'SOLD' ? (s.holder ? `S|${s.holder}` : 'S') : 'A';
}

export function decodeSeatState(value: string | null | undefined): SeatState | null {
  if (value === 'A') return { status: 'AVAILABLE', hold_expires_at: null, holder: null };
  if (value === 'S') return { status: 'SOLD', hold_expires_at: null, holder: null };
  if (value?.startsWith('S|'))
    return { status: 'SOLD', hold_expires_at: null, holder: value.slice(2) || null };
  if (!value?.startsWith('H|')) return null;
  const [, expiry, holder] = value.split('|');
  const at = Number(expiry);
  if (!Number.isFinite(at) || at <= 0) return null;
  return { status: 'HELD', hold_expires_at: new Date(at), holder: holder || null };
}

export function toVersionedWrite(s: SeatStateWrite): VersionedWrite {
  return { field: String(s.seat_no), version: s.version.toString(), value: encode(s) };
}

const isFresh = (completedAt: number) => Date.now() - completedAt < REBUILD_AFTER_MS;

/**
 * Reads PostgreSQL and writes every seat into the snapshot, marking it complete as of this read. When the write
 * says the hash now holds exactly these values, they become this server's decoded snapshot at the write's change
 * count, so the reader that waited for the rebuild checks two fields instead of reading every seat back (at the
 * stadium, reading back and decoding 56,000 fields took longer than the rebuild itself).
 */
async function rebuild(deps: Deps, performanceId: string): Promise<void> {
  const rows = await listSeatStates(deps.db, performanceId);
  const writes = rows.map(toVersionedWrite);
  const completedAt = Date.now();
  // Announced like any change: a rebuild that corrects the snapshot tells live streams too.
  const outcome = await deps.seatState.write(
    seatStateKey(performanceId),
    writes,
    completedAt,
    seatChangeChannel(performanceId),
  );
  if (!outcome.exact) return;
  const states = new Map<number, SeatState>();
  for (const w of writes) {
    // Decoded from the very text written, so it equals what a read of the hash would decode.
    const state = decodeSeatState(w.value);
    if (!state) return;
    states.set(Number(w.field), state);
  }
  keepDecoded(deps, performanceId, { version: outcome.version, states, completedAt });
}

/**
 * One rebuild per performance at a time on this server, however many readers miss together (a crowd arriving at a
 * performance nobody has read yet). A reader that joins a rebuild started before it arrived reads the snapshot
 * again afterwards: every change that answered before the reader arrived had written there already, and the
 * rebuild's older fields cannot have overwritten it.
 */
const rebuilds = new WeakMap<Deps, Map<string, Promise<void>>>();
function rebuildShared(deps: Deps, performanceId: string): Promise<void> {
  let running = rebuilds.get(deps);
  if (!running) rebuilds.set(deps, (running = new Map<string, Promise<void>>()));
  let flight = running.get(performanceId);
  if (!flight) {
    flight = rebuild(deps, performanceId)
      .catch(() => {})
      .finally(() => running.delete(performanceId));
    running.set(performanceId, flight);
  }
  return flight;
}

/**
 * Builds a performance's snapshot and remembers its layout on this server, in the background: called when the
 * performance is created, so the first `concert.seats` (a stadium's: 56,000 fields) finds both ready.
 */
export function warmSeatMap(deps: Deps, performanceId: string): void {
  void seatLayout(deps, performanceId).catch(() => {});
  void rebuildShared(deps, performanceId);
}

interface States {
  /** The snapshot's change count; 0 for a read straight from PostgreSQL (no count to go with it). */
  version: number;
  states: Map<number, SeatState>;
}

/** Seat states straight from PostgreSQL, when the snapshot cannot be trusted even after a rebuild. */
async function readFromPostgres(deps: Deps, performanceId: string): Promise<States> {
  const rows = await listSeatStates(deps.db, performanceId);
  return { version: 0, states: new Map(rows.map((r) => [r.seat_no, r])) };
}

/**
 * The last snapshot this server decoded, per performance, with the completion mark and change count it was read at.
 * Every write that replaces a field adds one to the count in the same step (infra/versioned-hash.ts), so a hash
 * that still shows the same mark and count holds the same values: a reader then asks for those two fields alone
 * instead of every seat (at 56,000 places that read and its decoding were most of a `concert.seats` call).
 */
type DecodedSnapshot = States & { completedAt: number };
const decoded = new WeakMap<Deps, Map<string, DecodedSnapshot>>();
const DECODED_KEPT = 64;

function decodedOf(deps: Deps): Map<string, DecodedSnapshot> {
  let kept = decoded.get(deps);
  if (!kept) decoded.set(deps, (kept = new Map<string, DecodedSnapshot>()));
  return kept;
}

function keepDecoded(deps: Deps, performanceId: string, read: DecodedSnapshot): void {
  const kept = decodedOf(deps);
  kept.delete(performanceId);
  kept.set(performanceId, read);
  if (kept.size > DECODED_KEPT) kept.delete(kept.keys().next().value!);
}

/** Every seat's state from the snapshot, or null on any doubt. */
async function readSnapshot(deps: Deps, performanceId: string): Promise<States | null> {
  const key = seatStateKey(performanceId);
  const last = decodedOf(deps).get(performanceId);
  // The mark first, even with nothing kept: a snapshot missing or too old is not worth reading whole.
  const mark = await deps.seatState.readVersion(key).catch(() => null);
  if (!mark) return null;
  if (!isFresh(mark.completedAt)) void rebuildShared(deps, performanceId);
  if (last && mark.completedAt === last.completedAt && mark.version === last.version) return last;
  const snapshot = await deps.seatState.readAll(key).catch(() => null);
  if (!snapshot) return null;
  const states = new Map<number, SeatState>();
  for (const [field, value] of snapshot.values) {
    const state = decodeSeatState(value);
    if (!state) return null;
    states.set(Number(field), state);
  }
  const read = { version: snapshot.version, states, completedAt: snapshot.completedAt };
  keepDecoded(deps, performanceId, read);
  return read;
}

/** The seat numbers, grades and prices of a performance (remembered: they never change). */
export function seatLayout(deps: Deps, performanceId: string) {
  return deps.immutable.get(`seat-layout:${performanceId}`, async () => {
    const rows = await listSeatLayout(deps.db, performanceId);
    return rows.length > 0 ? rows : null;
  });
}

/**
 * Every place of the performance (seats, then standing places) with its current status and holder, and the
 * snapshot's change count: one snapshot read, PostgreSQL only on doubt.
 */
export async function readSeatMap(deps: Deps, performanceId: string) {
  // Side by side: on a server's first read of a stadium each is a read of 56,000 rows or fields.
  const [layoutRows, first] = await Promise.all([
    seatLayout(deps, performanceId),
    readSnapshot(deps, performanceId),
  ]);
  const layout = layoutRows ?? [];
  const covers = (read: States | null): read is States => read !== null && viewCovers(read.states, layout);
  let read = first;
  cacheRequests.inc({ cache: SEAT_SNAPSHOT_CACHE, result: covers(read) ? 'hit' : 'miss' });
  if (!covers(read)) {
    await rebuildShared(deps, performanceId);
    read = await readSnapshot(deps, performanceId);
    if (!covers(read)) read = await readFromPostgres(deps, performanceId);
  }
  // Worked out once per decoded snapshot and span of the clock, not per read (seat-map-view.ts).
  const seats = seatMapAt(read.states, layout, deps.clock.now());
  return { version: read.version, seats };
}

/**
 * A point in this server's order of snapshot reads for holds: a read issued after it shows every change that had
 * answered by then (each change writes the snapshot before it answers), so a hold that arrived at that point may
 * take such a read as its own.
 */
let moments = 0;
export function snapshotMoment(): number {
  return ++moments;
}

type SomeRead = Awaited<ReturnType<Deps['seatState']['readSome']>>;
const someReads = perDeps<{ issued: number; read: Promise<SomeRead> }>();

/**
 * The fields' values, from a read of the same fields issued after `since` when one is in flight (a crowd woken
 * together by one settled hold asks once, not once each), else from a read of its own.
 */
function readSomeSince(deps: Deps, key: string, fields: readonly string[], since: number): Promise<SomeRead> {
  const shared = someReads(deps);
  const id = `${key} ${fields.join(',')}`;
  const running = shared.get(id);
  if (running && running.issued > since) return running.read;
  const entry = { issued: snapshotMoment(), read: deps.seatState.readSome(key, fields).catch(() => null) };
  shared.set(id, entry);
  void entry.read.finally(() => {
    if (shared.get(id) === entry) shared.delete(id);
  });
  return entry.read;
}

/**
 * The requested seats that are plainly someone else's now (SOLD, or HELD by another buyer with time left), from one
 * snapshot read issued after the hold arrived (`arrived`, a snapshotMoment; a shared rebuild first when there is
 * none). Null on any doubt; a seat that looks free is not checked here at all: the hold's SQL decides. A seat the
 * caller holds is left to SQL too, which answers HOLD_ALREADY_PENDING.
 */
export async function seatsPlainlyTaken(
  deps: Deps,
  hold: { performanceId: string; userId: string; seatNos: readonly number[]; now: Date; arrived: number },
): Promise<number[] | null> {
  const key = seatStateKey(hold.performanceId);
  const fields = hold.seatNos.map(String);
  const read = async (since: number) => {
    const found = await readSomeSince(deps, key, fields, since);
    // An old snapshot is served like in readSeatMap, its rebuild started behind it.
    if (found && !isFresh(found.completedAt)) void rebuildShared(deps, hold.performanceId);
    return found;
  };
  let snapshot = await read(hold.arrived);
  if (!snapshot) {
    await rebuildShared(deps, hold.performanceId);
    snapshot = await read(snapshotMoment());
  }
  if (!snapshot) return null;
  return hold.seatNos.filter((_, i) => {
    const state = decodeSeatState(snapshot.values[i]);
    return state !== null && state.holder !== hold.userId && !isSeatFree(state, hold.now);
  });
}
