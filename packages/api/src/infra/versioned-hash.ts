/**
 * Hashes whose fields each carry a version, written only forward: a write replaces a field only if its version is
 * newer than the stored one, so writers that reach the store out of order (two servers, a rebuild racing a change)
 * leave the newest value whatever the order of arrival. A hash is "complete" once a rebuild has written every field
 * of it, and remembers when (so a reader can also distrust one that has not been rebuilt for a while); until then
 * readers get null and must ask the authority (PostgreSQL) instead. In Redis one hash per key, each field stored as
 * `version|value`, plus the `#` field holding the completion time; in process memory a Map.
 *
 * Each hash also counts its changes (the `@` field): every write that replaced at least one field adds one, and a
 * read returns the count with the values, in one command. A write given a channel announces what it replaced, with
 * the count after it, in the same atomic step (PUBLISH inside the Lua script; a synchronous emit in memory), so the
 * announcements of one hash are heard in the order of their counts and a reader's count says exactly which of them
 * its values already contain. `concert.seatEvents` rests on that (docs/api.md, "Venues").
 */
import type { Redis } from 'ioredis';
import type { PubSub } from './pubsub.js';

export interface VersionedWrite {
  field: string;
  /** A decimal integer; larger is newer. */
  version: string;
  value: string;
}

/**
 * What a write left behind: the change count after its last step, and whether every written field then held the
 * written version (none kept a newer one, and no other writer replaced a field between two steps). A rebuild that
 * wrote every field and got `exact` knows the hash's values at `version` without reading them back.
 */
export interface WriteOutcome {
  version: number;
  exact: boolean;
}

/** What a write with a channel announces: the hash's change count after it and the fields it replaced. */
export interface VersionedAnnouncement {
  version: number;
  fields: [field: string, value: string][];
}

export interface VersionedHashes {
  /** Every field's value and the hash's change count, or null when the hash is not complete. One command. */
  readAll(key: string): Promise<{ completedAt: number; version: number; values: Map<string, string> } | null>;
  /** The completion mark and change count alone (what readAll would say them to be), or null when not complete. */
  readVersion(key: string): Promise<{ completedAt: number; version: number } | null>;
  /** The values of some fields (null for a missing one), or null when the hash is not complete. One command. */
  readSome(
    key: string,
    fields: readonly string[],
  ): Promise<{ completedAt: number; values: (string | null)[] } | null>;
  /**
   * Writes each field whose version is newer than the stored one; a `completedAt` (epoch ms) then marks the hash
   * complete as of then. With a `channel`, announces the replaced fields there (a VersionedAnnouncement) in the same
   * step. One atomic command per 4,000 fields (in Redis), the completion mark with the last.
   */
  write(
    key: string,
    writes: readonly VersionedWrite[],
    completedAt?: number,
    channel?: string,
  ): Promise<WriteOutcome>;
  /** Takes the completeness mark away: the next reader goes to the authority and rebuilds. */
  forget(key: string): Promise<void>;
}

/** Fields per Redis call of `write` (3 arguments each). */
const WRITE_CHUNK = 4_000;
const COMPLETE = '#';
const CHANGES = '@';
const isData = (field: string) => field !== COMPLETE && field !== CHANGES;

/** Decimal integers compared without floats: a longer one is larger, equal lengths compare as text. */
function isNewer(version: string, than: string): boolean {
  return version.length !== than.length ? version.length > than.length : version > than;
}

// The same comparison in Lua (Lua numbers are doubles; versions are compared as decimal strings).
// ARGV: completedAt ('' for none), channel ('' for none), then field, version, value triples. The announcement is
// superjson's wire form of a plain object ({"json": ...}), which is what the pub/sub subscriber parses. Returns the
// change count after the step, how many fields kept a newer version than the one written, and 1 if the step
// replaced any field (and so added one to the count).
const WRITE_SCRIPT = `
local key = KEYS[1]
local replaced = {}
local kept = 0
for i = 3, #ARGV, 3 do
  local field, version, value = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local current = redis.call('HGET', key, field)
  local newer = true
  if current then
    local stored = string.sub(current, 1, string.find(current, '|', 1, true) - 1)
    if #stored > #version or (#stored == #version and stored >= version) then newer = false end
    if #stored > #version or (#stored == #version and stored > version) then kept = kept + 1 end
  end
  if newer then
    redis.call('HSET', key, field, version .. '|' .. value)
    replaced[#replaced + 1] = { field, value }
  end
end
if ARGV[1] ~= '' then redis.call('HSET', key, '${COMPLETE}', ARGV[1]) end
if #replaced > 0 then
  local count = redis.call('HINCRBY', key, '${CHANGES}', 1)
  if ARGV[2] ~= '' then
    redis.call('PUBLISH', ARGV[2], cjson.encode({ json = { version = count, fields = replaced } }))
  end
  return { count, kept, 1 }
end
return { tonumber(redis.call('HGET', key, '${CHANGES}') or '0'), kept, 0 }
`;

const valueOf = (stored: string) => stored.slice(stored.indexOf('|') + 1);

export function createRedisVersionedHashes(redis: Redis): VersionedHashes {
  const redisKey = (key: string) => `vhash:{${key}}`;
  // PUBLISH in a script does not get the client's keyPrefix; the pub/sub subscriber expects it (pubsub.ts).
  const channelPrefix = redis.options.keyPrefix ?? '';
  // defineCommand sends EVALSHA and falls back to EVAL once per connection; the key gets the client's keyPrefix.
  redis.defineCommand('writeVersioned', { numberOfKeys: 1, lua: WRITE_SCRIPT });
  const writeVersioned = (
    redis as unknown as Record<
      'writeVersioned',
      (...args: string[]) => Promise<[count: number, kept: number, replaced: number]>
    >
  ).writeVersioned;
  return {
    async readAll(key) {
      const all = await redis.hgetall(redisKey(key));
      if (all[COMPLETE] === undefined) return null;
      const values = new Map<string, string>();
      for (const field in all) if (isData(field)) values.set(field, valueOf(all[field]!));
      return { completedAt: Number(all[COMPLETE]), version: Number(all[CHANGES] ?? 0), values };
    },
    async readVersion(key) {
      const [complete, changes] = await redis.hmget(redisKey(key), COMPLETE, CHANGES);
      if (complete === null || complete === undefined) return null;
      return { completedAt: Number(complete), version: Number(changes ?? 0) };
    },
    async readSome(key, fields) {
      const [complete, ...stored] = await redis.hmget(redisKey(key), COMPLETE, ...fields);
      if (complete === null || complete === undefined) return null;
      return { completedAt: Number(complete), values: stored.map((s) => (s === null ? null : valueOf(s))) };
    },
    async write(key, writes, completedAt, channel) {
      if (writes.length === 0 && completedAt === undefined) return { version: 0, exact: false };
      // In steps of WRITE_CHUNK fields: one call with every field of a 56,000-place stadium overflows the stack
      // (a spread of 168,000 arguments), and the rebuild then failed silently on every read. Each step is atomic
      // and announced with its own count; only the last one marks the hash complete, after every field is in.
      let version = -1;
      let exact = true;
      for (let from = 0; from === 0 || from < writes.length; from += WRITE_CHUNK) {
        const chunk = writes.slice(from, from + WRITE_CHUNK);
        const last = from + WRITE_CHUNK >= writes.length;
        const [count, kept, replaced] = await writeVersioned.call(
          redis,
          redisKey(key),
          completedAt === undefined || !last ? '' : String(completedAt),
          channel === undefined ? '' : channelPrefix + channel,
          ...chunk.flatMap((w) => [w.field, w.version, w.value]),
        );
        // Another writer's change between two steps shows as a count that moved by more than this step's own.
        if (kept > 0 || (version >= 0 && count !== version + replaced)) exact = false;
        version = count;
      }
      return { version, exact };
    },
    async forget(key) {
      await redis.hdel(redisKey(key), COMPLETE);
    },
  };
}

/** `pubsub` carries the announcements; its in-process emitter runs subscribers before `publish` returns. */
export function createMemoryVersionedHashes(pubsub?: PubSub): VersionedHashes {
  const hashes = new Map<
    string,
    { completedAt: number | null; changes: number; fields: Map<string, { version: string; value: string }> }
  >();
  return {
    async readAll(key) {
      const hash = hashes.get(key);
      if (hash?.completedAt == null) return null;
      return {
        completedAt: hash.completedAt,
        version: hash.changes,
        values: new Map([...hash.fields].map(([field, f]) => [field, f.value])),
      };
    },
    async readVersion(key) {
      const hash = hashes.get(key);
      if (hash?.completedAt == null) return null;
      return { completedAt: hash.completedAt, version: hash.changes };
    },
    async readSome(key, fields) {
      const hash = hashes.get(key);
      if (hash?.completedAt == null) return null;
      return {
        completedAt: hash.completedAt,
        values: fields.map((field) => hash.fields.get(field)?.value ?? null),
      };
    },
    async write(key, writes, completedAt, channel) {
      let hash = hashes.get(key);
      if (!hash) {
        hash = { completedAt: null, changes: 0, fields: new Map() };
        hashes.set(key, hash);
      }
      const replaced: [string, string][] = [];
      let exact = true;
      for (const w of writes) {
        const current = hash.fields.get(w.field);
        if (!current || isNewer(w.version, current.version)) {
          hash.fields.set(w.field, w);
          replaced.push([w.field, w.value]);
        } else if (isNewer(current.version, w.version)) exact = false;
      }
      if (completedAt !== undefined) hash.completedAt = completedAt;
      if (replaced.length > 0) {
        hash.changes += 1;
        const announcement: VersionedAnnouncement = { version: hash.changes, fields: replaced };
        // Not awaited: the emit has run by the time publish returns, before any other write can interleave.
        if (channel !== undefined && pubsub) void pubsub.publish(channel, announcement);
      }
      return { version: hash.changes, exact };
    },
    async forget(key) {
      const hash = hashes.get(key);
      if (hash) hash.completedAt = null;
    },
  };
}
