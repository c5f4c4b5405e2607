/**
 * The Redis engine's read-only scripts: the counts operators and metrics read, and the room the wait estimate
 * models. Same keys, in the same order, as every script of redis-queue.scripts.ts.
 */

/** ARGV: now. Returns {waiting, active, admittedLastMinute, oldestAdmitMs or -1, total}. */
export const countsScript = `
local now = tonumber(ARGV[1])
local recent = redis.call('ZRANGEBYSCORE', KEYS[9], '(' .. (now - 60000), '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
return {
  redis.call('ZCARD', KEYS[1]),
  redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf'),
  redis.call('ZCOUNT', KEYS[9], '(' .. (now - 60000), '+inf'),
  recent[2] and tonumber(recent[2]) or -1,
  tonumber(redis.call('GET', KEYS[10]) or '0')
}
`;

/**
 * The room as the wait estimate needs it. ARGV: now. Returns {waiting, {token, endsBy, admittedAt or false}…,
 * turns}: the ACTIVE turns (at most max_active of them) and the recent turn lengths.
 */
export const roomScript = `
local now = tonumber(ARGV[1])
local active = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. now, '+inf', 'WITHSCORES')
local shoppers = {}
-- HMGET in slices: unpack() has a stack limit, and max_active may be in the thousands.
for first = 1, #active, 2000 do
  local tokens = {}
  for i = first, math.min(#active, first + 1999), 2 do tokens[#tokens + 1] = active[i] end
  local began = redis.call('HMGET', KEYS[11], unpack(tokens))
  for j = 1, #tokens do
    shoppers[#shoppers + 1] = active[first + 2 * j - 1]
    shoppers[#shoppers + 1] = began[j] or ''
  end
end
return {redis.call('ZCARD', KEYS[1]), shoppers, redis.call('LRANGE', KEYS[12], 0, -1)}
`;
