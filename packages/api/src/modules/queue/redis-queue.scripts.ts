/**
 * The Redis engine's Lua scripts. Each runs atomically, so admission on many servers at once cannot exceed the cap
 * or admit anyone twice. Every key arrives in KEYS (ioredis adds the key prefix there, and Redis Cluster needs them
 * declared); all of one concert's keys share the hash slot `{concertId}`. Times are integer milliseconds.
 *
 * KEYS, in this order for every script but `nextOrderScript` (unused ones are harmless):
 *   1 waiting  ZSET token → order (pre-sale: random in [0,1); later: 1 + sequence)
 *   2 active   ZSET token → activeUntil
 *   3 seen     ZSET WAITING token → last seen
 *   4 users    HASH userId → live token
 *   5 tokens   HASH token → userId (kept after expiry, so an old token reads as EXPIRED)
 *   6 cfg      HASH settings the scripts need (ttl), the last admission step (tick) and the presence grace (grace)
 *   7 seq      STRING post-sale sequence (starts at now × 1000, so a wiped room never hands out an earlier place)
 *   8 bucket   HASH rate allowance (tokens, at)
 *   9 admits   ZSET token → admitted at (the last minute, for the measured rate)
 *  10 total    STRING admissions since the start
 *  11 admitted HASH ACTIVE token → admitted at (for how long its turn has lasted)
 *  12 turns    LIST lengths of the last TURN_LOG ended turns, newest first (ms), for the wait estimate
 *  13 line     LIST the line's latest changes (redis-queue-line.scripts.ts)
 */
import { spendLimitLua } from '../../infra/rate-limit.js';
import { TURN_LOG } from './queue.engine.js';
import { linePrelude } from './redis-queue-line.scripts.js';

export const queueKeyNames = [
  'waiting',
  'active',
  'seen',
  'users',
  'tokens',
  'cfg',
  'seq',
  'bucket',
  'admits',
  'total',
  'admitted',
  'turns',
  'line',
] as const;

/** The post-sale sequence in `key`: starts at now × 1000, so a wiped room never hands out an earlier place. */
const seqPrelude = `
local function nextSeq(key, now)
  if redis.call('EXISTS', key) == 0 then redis.call('SET', key, string.format('%.0f', now * 1000)) end
  return redis.call('INCR', key)
end
`;

/**
 * Shared functions: drop a token everywhere (an ended turn, given when it ended, is logged for the estimate); read
 * a token's state (dropping it when lapsed).
 */
const prelude = `${linePrelude}
local function drop(token, endedAt)
  local began = redis.call('HGET', KEYS[11], token)
  if began then
    redis.call('HDEL', KEYS[11], token)
    if endedAt then
      redis.call('LPUSH', KEYS[12], math.max(0, endedAt - tonumber(began)))
      redis.call('LTRIM', KEYS[12], 0, ${TURN_LOG - 1})
    end
  end
  local score = redis.call('ZSCORE', KEYS[1], token)
  if score then
    redis.call('ZREM', KEYS[1], token)
    lineLog('r,' .. score)
  end
  redis.call('ZREM', KEYS[2], token)
  redis.call('ZREM', KEYS[3], token)
  local userId = redis.call('HGET', KEYS[5], token)
  if userId and redis.call('HGET', KEYS[4], userId) == token then redis.call('HDEL', KEYS[4], userId) end
end

local function ttlMs()
  return tonumber(redis.call('HGET', KEYS[6], 'ttl') or '600') * 1000
end

-- The room could not see anyone since its last admission step this long ago (Redis or the servers were away):
-- nobody is dropped for absence, and a turn's clock stands still, until the next step has caught up.
local function blindMs(now, presenceMs)
  local tick = tonumber(redis.call('HGET', KEYS[6], 'tick') or '')
  if tick and now - tick > presenceMs * 0.75 then return now - tick end
  return 0
end

${seqPrelude}
-- Returns {userId, status, position or activeUntil, WAITING: order score, line number}, or nil for an unknown token.
local function read(token, now, presenceMs, extend)
  local userId = redis.call('HGET', KEYS[5], token)
  if not userId then return nil end
  local blind = blindMs(now, presenceMs)
  local grace = tonumber(redis.call('HGET', KEYS[6], 'grace') or '0')
  local rank = redis.call('ZRANK', KEYS[1], token)
  if rank then
    local seen = tonumber(redis.call('ZSCORE', KEYS[3], token) or '0')
    if seen <= now - presenceMs and blind == 0 and now >= grace then
      drop(token)
      return {userId, 'EXPIRED'}
    end
    redis.call('ZADD', KEYS[3], 'GT', now, token)
    return {userId, 'WAITING', rank + 1, redis.call('ZSCORE', KEYS[1], token), string.format('%.0f', lineIndex())}
  end
  local untilMs = redis.call('ZSCORE', KEYS[2], token)
  if untilMs then
    untilMs = tonumber(untilMs) + blind
    if untilMs <= now then
      drop(token, untilMs)
      return {userId, 'EXPIRED'}
    end
    if extend then
      local later = now + ttlMs()
      if later > untilMs then
        untilMs = later
        redis.call('ZADD', KEYS[2], untilMs, token)
      end
    end
    return {userId, 'ACTIVE', untilMs}
  end
  return {userId, 'EXPIRED'}
end
`;

/** ARGV: token, now, presenceMs, extend (1/0). */
export const readScript = `${prelude}
return read(ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4] == '1')
`;

/** ARGV: token, now. */
export const expireScript = `${prelude}
drop(ARGV[1], tonumber(ARGV[2]))
return 1
`;

/**
 * ARGV: userId, token, drawScore ('' after the sale opens), now, presenceMs, ttlSeconds. Returns {token, read…}.
 *
 * With a 14th key, the caller's per-user join limit (infra/rate-limit.ts, ScriptedLimit; ARGV 7 and 8: its
 * seconds and points), the script spends the call's point first and joins only within the limit, so a join costs
 * one round trip fewer (issue 12). That key is not the concert's: this form spans two hash slots (fine on one Redis
 * or Sentinel, the deployments the product has; Redis Cluster would need the plain form and a separate count).
 * Returns {'', 'LIMITED', consumed, ms left} over the limit, else the reply above followed by consumed and ms left.
 */
export const joinScript = `${prelude}
local spent = {}
if #KEYS >= 14 then
  ${spendLimitLua(14, 7)}
  if consumed > tonumber(ARGV[8]) then return {'', 'LIMITED', consumed, ttl} end
  spent = {consumed, ttl}
end
local now = tonumber(ARGV[4])
redis.call('HSET', KEYS[6], 'ttl', ARGV[6])
local existing = redis.call('HGET', KEYS[4], ARGV[1])
if existing then
  local state = read(existing, now, tonumber(ARGV[5]), true)
  if state and state[2] ~= 'EXPIRED' then return {existing, state[2], state[3], spent[1], spent[2]} end
end
local token = ARGV[2]
local score = ARGV[3]
if score == '' then score = 1 + nextSeq(KEYS[7], now) end
redis.call('HSET', KEYS[4], ARGV[1], token)
redis.call('HSET', KEYS[5], token, ARGV[1])
redis.call('ZADD', KEYS[1], score, token)
lineInserted(token)
redis.call('ZADD', KEYS[3], now, token)
return {token, 'WAITING', redis.call('ZRANK', KEYS[1], token) + 1, spent[1], spent[2]}
`;

/**
 * One admission step. ARGV: now, maxActive, admitPerSecond, ttlSeconds, paused (1/0), saleOpensAt, presenceMs,
 * retainMs, holdIfFresh (1/0: admit nobody in the concert's first step, so the caller can restore turns first).
 * Returns {admitted, dropped, expired, waiting, active, fresh (1/0), unpublished line changes, admitted tokens…}. Clean-up is bounded per call so one step stays
 * short. Every step pushes the keys' expiry out by retainMs (Redis time), so a queue's keys outlive its last tick
 * (its last performance) by that long and then go away by themselves.
 */
export const admitScript = `${prelude}
local function retain()
  for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[8]) end
end
local now = tonumber(ARGV[1])
local maxActive = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4]) * 1000
local presenceMs = tonumber(ARGV[7])
redis.call('HSET', KEYS[6], 'ttl', ARGV[4])

-- After a blind spot, turns get the lost time back and the waiting get a full presence window to show up.
local fresh = redis.call('HEXISTS', KEYS[6], 'tick') == 0 and 1 or 0
local blind = blindMs(now, presenceMs)
if blind > 0 then
  local turns = redis.call('ZRANGE', KEYS[2], 0, -1)
  for _, token in ipairs(turns) do redis.call('ZINCRBY', KEYS[2], blind, token) end
  redis.call('HSET', KEYS[6], 'grace', string.format('%.0f', now + presenceMs))
end
redis.call('HSET', KEYS[6], 'tick', string.format('%.0f', now))

local lapsed = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'WITHSCORES', 'LIMIT', 0, 5000)
for i = 1, #lapsed, 2 do drop(lapsed[i], tonumber(lapsed[i + 1])) end
local absent = {}
if now >= tonumber(redis.call('HGET', KEYS[6], 'grace') or '0') then
  absent = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - presenceMs, 'LIMIT', 0, 5000)
end
for _, token in ipairs(absent) do drop(token) end
redis.call('ZREMRANGEBYSCORE', KEYS[9], '-inf', now - 60000)

local waiting = redis.call('ZCARD', KEYS[1])
local active = redis.call('ZCARD', KEYS[2])
if ARGV[5] == '1' or now < tonumber(ARGV[6]) or (fresh == 1 and ARGV[9] == '1') then
  retain()
  return {0, #absent, #lapsed / 2, waiting, active, fresh, lineUnpublished()}
end

-- Token bucket: refills at the rate, holds at most one second's worth. A server whose clock is behind the last
-- writer's adds nothing rather than a negative amount.
local burst = math.max(1, rate)
local b = redis.call('HMGET', KEYS[8], 'tokens', 'at')
local allowance, at = burst, now
if b[1] then
  allowance, at = tonumber(b[1]), tonumber(b[2])
  if now > at then
    allowance = math.min(burst, allowance + (now - at) * rate / 1000)
    at = now
  end
end
local n = math.min(maxActive - active, math.floor(allowance), waiting)
local heads = {}
if n > 0 then
  local scored = redis.call('ZRANGE', KEYS[1], 0, n - 1, 'WITHSCORES')
  for i = 1, #scored, 2 do heads[#heads + 1] = scored[i] end
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - 1)
  lineLog('a,' .. n .. ',' .. scored[#scored])
  for _, token in ipairs(heads) do
    redis.call('ZREM', KEYS[3], token)
    redis.call('ZADD', KEYS[2], now + ttl, token)
    redis.call('ZADD', KEYS[9], now, token)
    redis.call('HSET', KEYS[11], token, now)
  end
  allowance = allowance - n
  redis.call('INCRBY', KEYS[10], n)
else
  n = 0
end
redis.call('HSET', KEYS[8], 'tokens', tostring(allowance), 'at', at)
retain()
local reply = {n, #absent, #lapsed / 2, waiting - n, active + n, fresh, lineUnpublished()}
for _, token in ipairs(heads) do reply[#reply + 1] = token end
return reply
`;

/**
 * The one script with a key of its own instead of all of them: KEYS[1] is `seq` (the 7th). Every join after the
 * opening sends it, so it carries one key and no prelude (issue 12). ARGV: now. Returns the next post-sale order
 * (1 + sequence).
 */
export const nextOrderScript = `${seqPrelude}
return 1 + nextSeq(KEYS[1], tonumber(ARGV[1]))
`;

/**
 * Puts a token the room has forgotten back (queue-recovery.ts decides how). ARGV: token, userId, order, status
 * (WAITING | ACTIVE | EXPIRED), activeUntil, now. Does nothing when the token is known (another server restored it
 * first); a user who already holds another live place gets this token back as EXPIRED. Returns 1 when restored.
 */
export const restoreScript = `${prelude}
local token, userId, now = ARGV[1], ARGV[2], tonumber(ARGV[6])
if redis.call('HEXISTS', KEYS[5], token) == 1 then return 0 end
redis.call('HSET', KEYS[5], token, userId)
local other = redis.call('HGET', KEYS[4], userId)
local otherLive = other and (redis.call('ZSCORE', KEYS[1], other) or redis.call('ZSCORE', KEYS[2], other))
if ARGV[4] == 'EXPIRED' or otherLive then return 1 end
redis.call('HSET', KEYS[4], userId, token)
if ARGV[4] == 'ACTIVE' then
  redis.call('ZADD', KEYS[2], ARGV[5], token)
else
  redis.call('ZADD', KEYS[1], ARGV[3], token)
  lineInserted(token)
  redis.call('ZADD', KEYS[3], now, token)
end
return 1
`;

// The read-only scripts (counts, room) are in their own file; re-exported so callers keep one import.
export { countsScript, roomScript } from './redis-queue-room.scripts.js';
