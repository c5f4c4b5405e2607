/**
 * The waiting room in Redis, shared by every server instance. Every state change is one Lua script over one
 * concert's keys (see redis-queue.scripts.ts), so it is atomic and Redis Cluster-ready.
 */
import type { Redis } from 'ioredis';
import {
  PRESENCE_TIMEOUT_MS,
  type JoinRequest,
  type QueueEngine,
  type QueueSettings,
  type QueueStatus,
  type QueueTokenInfo,
  type RoomReading,
} from './queue.engine.js';
import { decodeLineChange, type LineBatch, type LineRead } from './queue-line.js';
import { concertIdOfToken } from './queue-token.js';
import { lineSinceScript } from './redis-queue-line.scripts.js';
import {
  admitScript,
  countsScript,
  expireScript,
  joinScript,
  nextOrderScript,
  queueKeyNames,
  readScript,
  roomScript,
  restoreScript,
} from './redis-queue.scripts.js';

/** One concert's keys; the `{concertId}` hash tag puts them in one Cluster slot. */
export function queueKeys(concertId: string): string[] {
  return queueKeyNames.map((name) => `q:{${concertId}}:${name}`);
}

/**
 * The same, made once per concert: every status read and join sends all thirteen, so they are not built anew per
 * call. Bounded: when full it starts again empty.
 */
const keysByConcert = new Map<string, readonly string[]>();
const KEYS_MAX = 10_000;
function keysOf(concertId: string): readonly string[] {
  let keys = keysByConcert.get(concertId);
  if (!keys) {
    if (keysByConcert.size >= KEYS_MAX) keysByConcert.clear();
    keys = Object.freeze(queueKeys(concertId));
    keysByConcert.set(concertId, keys);
  }
  return keys;
}
const SEQ = queueKeyNames.indexOf('seq');

/** How long a concert's keys outlive its last admission step (the job stops at its last performance). */
const RETAIN_MS = 3 * 24 * 60 * 60 * 1000;

const scripts = {
  tixQueueRead: readScript,
  tixQueueExpire: expireScript,
  tixQueueJoin: joinScript,
  tixQueueAdmit: admitScript,
  tixQueueCounts: countsScript,
  tixQueueRoom: roomScript,
  tixQueueRestore: restoreScript,
  tixQueueLineSince: lineSinceScript,
};
type ScriptName = keyof typeof scripts;
type ScriptFn = (...args: Array<string | number>) => Promise<unknown>;

type ReadReply = [userId: string, status: QueueStatus, detail?: number, order?: string, line?: string] | null;
type LineReply = [from: string, changes: string[] | number];

function toLine([from, changes]: LineReply): LineRead {
  if (!Array.isArray(changes)) return { resetTo: Number(from) };
  return { from: Number(from), changes: changes.map(decodeLineChange) };
}

/** How many tokens one ZADD of a presence batch carries. */
const PRESENCE_CHUNK = 2_000;

function toInfo(token: string, concertId: string, reply: ReadReply): QueueTokenInfo | null {
  if (!reply) return null;
  const [userId, status, detail, order, line] = reply;
  const info: QueueTokenInfo = { token, userId, concertId, status };
  if (status === 'WAITING' && detail !== undefined) info.position = Number(detail);
  if (status === 'WAITING' && order !== undefined && line !== undefined) {
    info.order = Number(order);
    info.lineIndex = Number(line);
  }
  if (status === 'ACTIVE' && detail !== undefined) info.activeUntil = new Date(Number(detail));
  return info;
}

/** The join script's reply: token, status, position or activeUntil; with a limit, what it counted. */
type JoinReply = [
  token: string,
  status: QueueStatus | 'LIMITED',
  detail?: number,
  consumed?: number,
  ms?: number,
];

function joinedInfo(request: JoinRequest, [token, status, detail]: JoinReply): QueueTokenInfo {
  return toInfo(token, request.concertId, [request.userId, status as QueueStatus, detail])!;
}

export function createRedisQueueEngine(redis: Redis, presenceMs: number = PRESENCE_TIMEOUT_MS): QueueEngine {
  // defineCommand sends EVALSHA and falls back to EVAL once per connection; keys get the client's keyPrefix.
  for (const [name, lua] of Object.entries(scripts)) {
    redis.defineCommand(name, { numberOfKeys: queueKeyNames.length, lua });
  }
  redis.defineCommand('tixQueueNextOrder', { numberOfKeys: 1, lua: nextOrderScript });
  // The join script with the caller's rate-limit counter as a 14th key (redis-queue.scripts.ts).
  redis.defineCommand('tixQueueJoinWithin', { numberOfKeys: queueKeyNames.length + 1, lua: joinScript });
  const commands = redis as unknown as Record<
    ScriptName | 'tixQueueNextOrder' | 'tixQueueJoinWithin',
    ScriptFn
  >;
  const run = (name: ScriptName, concertId: string, ...args: Array<string | number>) =>
    commands[name](...keysOf(concertId), ...args);

  const joinArgs = (request: JoinRequest, now: Date): Array<string | number> => [
    request.userId,
    request.token,
    request.drawScore === null ? '' : String(request.drawScore),
    now.getTime(),
    presenceMs,
    request.settings.activeTtlSeconds,
  ];

  const readToken = async (token: string, now: Date, extend: boolean) => {
    const concertId = concertIdOfToken(token);
    if (!concertId) return null;
    const reply = (await run(
      'tixQueueRead',
      concertId,
      token,
      now.getTime(),
      presenceMs,
      extend ? 1 : 0,
    )) as ReadReply;
    return toInfo(token, concertId, reply);
  };

  const configure = async (concertId: string, settings: QueueSettings) => {
    await redis.hset(keysOf(concertId)[5]!, 'ttl', settings.activeTtlSeconds);
  };

  return {
    inspect: (token, now) => readToken(token, now, true),
    status: (token, now) => readToken(token, now, false),

    async keepActiveUntil(token, until) {
      const concertId = concertIdOfToken(token);
      // XX: never re-creates a token that has already left the active set.
      if (concertId) await redis.zadd(keysOf(concertId)[1]!, 'XX', 'GT', until.getTime(), token);
    },

    async expire(token, now) {
      const concertId = concertIdOfToken(token);
      if (concertId) await run('tixQueueExpire', concertId, token, now.getTime());
    },

    async join(request, now) {
      const reply = (await run('tixQueueJoin', request.concertId, ...joinArgs(request, now))) as JoinReply;
      return joinedInfo(request, reply);
    },

    async joinWithin(request, limit, now) {
      if (limit.redis !== redis) return null;
      const reply = (await commands.tixQueueJoinWithin(
        ...keysOf(request.concertId),
        limit.key,
        ...joinArgs(request, now),
        limit.durationSeconds,
        limit.points,
      )) as JoinReply;
      const [, status, , consumed, msBeforeNext] = reply;
      if (status === 'LIMITED') {
        return { consumed: Number(reply[2]), msBeforeNext: Number(reply[3]), info: null };
      }
      return {
        consumed: Number(consumed),
        msBeforeNext: Number(msBeforeNext),
        info: joinedInfo(request, reply),
      };
    },

    async admit(concertId, settings, now, options) {
      const reply = (await run(
        'tixQueueAdmit',
        concertId,
        now.getTime(),
        settings.maxActive,
        settings.admitPerSecond,
        settings.activeTtlSeconds,
        settings.paused ? 1 : 0,
        settings.saleOpensAt.getTime(),
        presenceMs,
        RETAIN_MS,
        options?.holdIfFresh ? 1 : 0,
      )) as Array<number | string>;
      const [admitted = 0, dropped = 0, expired = 0, waiting = 0, active = 0, fresh = 0] = reply
        .slice(0, 6)
        .map(Number);
      const line = toLine(reply[6] as unknown as LineReply) as LineBatch;
      const admittedTokens = reply.slice(7).map(String);
      return { admitted, admittedTokens, fresh: fresh === 1, dropped, expired, waiting, active, line };
    },

    async nextOrder(concertId, now) {
      return Number(await commands.tixQueueNextOrder(keysOf(concertId)[SEQ]!, now.getTime()));
    },

    async restore(request, now) {
      const { state } = request;
      const reply = await run(
        'tixQueueRestore',
        request.concertId,
        request.token,
        request.userId,
        String(request.order),
        state.status,
        state.status === 'ACTIVE' ? state.activeUntil.getTime() : 0,
        now.getTime(),
      );
      return Number(reply) === 1;
    },

    configure,

    async lineSince(concertId, after) {
      return toLine((await run('tixQueueLineSince', concertId, after)) as LineReply);
    },

    async markPresent(tokens, now) {
      if (tokens.length === 0) return;
      const byConcert = new Map<string, Array<string | number>>();
      for (const token of tokens) {
        const concertId = concertIdOfToken(token);
        if (!concertId) continue;
        let members = byConcert.get(concertId);
        if (!members) byConcert.set(concertId, (members = []));
        members.push(now.getTime(), token);
      }
      // XX: only tokens still WAITING (the seen set holds no other); GT: never moves a stamp back.
      const pipeline = redis.pipeline();
      for (const [concertId, members] of byConcert) {
        for (let i = 0; i < members.length; i += PRESENCE_CHUNK * 2) {
          pipeline.zadd(keysOf(concertId)[2]!, 'XX', 'GT', ...members.slice(i, i + PRESENCE_CHUNK * 2));
        }
      }
      await pipeline.exec();
    },

    async counts(concertId, now) {
      const reply = (await run('tixQueueCounts', concertId, now.getTime())) as number[];
      const [waiting = 0, active = 0, admittedLastMinute = 0, oldest = -1, admittedTotal = 0] =
        reply.map(Number);
      return {
        waiting,
        active,
        admittedLastMinute,
        windowMs: oldest < 0 ? 0 : now.getTime() - oldest,
        admittedTotal,
      };
    },

    async room(concertId, now) {
      const [waiting, shoppers, turns] = (await run('tixQueueRoom', concertId, now.getTime())) as [
        number,
        string[],
        string[],
      ];
      const reading: RoomReading = { waiting: Number(waiting), turns: [], recentTurnMs: turns.map(Number) };
      for (let i = 0; i < shoppers.length; i += 2) {
        const began = shoppers[i + 1];
        reading.turns.push({ endsBy: Number(shoppers[i]), admittedAt: began ? Number(began) : null });
      }
      return reading;
    },

    // The Redis connection belongs to the caller.
    async close() {},
  };
}
