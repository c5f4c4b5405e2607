/**
 * The line's change log in Redis (queue-line.ts): KEYS[13] `line` is a LIST of the last changes, `cfg.line` the
 * number of the latest and `cfg.linePub` the latest one an admission step has published. Part of every script's
 * prelude (redis-queue.scripts.ts), so a change is logged in the same atomic step that makes it.
 */
import { LINE_KEEP } from './queue-line.js';

export const linePrelude = `
-- The latest change's number; a new room starts numbering at its birth time in microseconds.
local function lineIndex()
  local last = redis.call('HGET', KEYS[6], 'line')
  if last then return tonumber(last) end
  local t = redis.call('TIME')
  local base = string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2]))
  redis.call('HSET', KEYS[6], 'line', base, 'linePub', base)
  return tonumber(base)
end

local function lineLog(entry)
  lineIndex()
  redis.call('HINCRBY', KEYS[6], 'line', 1)
  redis.call('RPUSH', KEYS[13], entry)
  redis.call('LTRIM', KEYS[13], -${LINE_KEEP}, -1)
end

-- A token just added to the line: logged unless it stands behind everyone (then it moves nobody).
local function lineInserted(token)
  if redis.call('ZRANK', KEYS[1], token) < redis.call('ZCARD', KEYS[1]) - 1 then
    lineLog('i,' .. redis.call('ZSCORE', KEYS[1], token))
  end
end

-- Returns {first number, changes} after \`after\`, or {latest, -1} when the log does not reach back that far.
local function lineSince(after)
  local last = lineIndex()
  local len = redis.call('LLEN', KEYS[13])
  local first = last - len + 1
  if after > last or after + 1 < first then return {string.format('%.0f', last), -1} end
  return {string.format('%.0f', after + 1), redis.call('LRANGE', KEYS[13], after + 1 - first, -1)}
end

-- The changes no admission step has published yet, as {first number, changes}; published from now on.
local function lineUnpublished()
  local pub = tonumber(redis.call('HGET', KEYS[6], 'linePub') or '0')
  local batch = lineSince(pub)
  if batch[2] == -1 then batch = lineSince(lineIndex() - redis.call('LLEN', KEYS[13])) end
  redis.call('HSET', KEYS[6], 'linePub', string.format('%.0f', lineIndex()))
  return batch
end
`;

/** ARGV: after. The changes after that number (for a server that missed a broadcast). */
export const lineSinceScript = `${linePrelude}
return lineSince(tonumber(ARGV[1]))
`;
