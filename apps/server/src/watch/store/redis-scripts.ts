/**
 * The Lua scripts of the Redis watch store: each one read-compare-write, atomic in Redis, so two
 * instances racing on one key cannot both win (fired state), move a value back (last seen,
 * cursors) or both hold the lease.
 */

/** KEYS[1] fired hash; ARGV key, expected gen, new value "<0|1>:<gen>". 1 when stored. */
export const CAS_FIRED = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
local gen = 0
if cur then gen = tonumber(string.match(cur, ':(%d+)$')) end
if gen ~= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`;

/** KEYS seen, interval, events hashes; ARGV n, then n x (engine, last seen ms, interval ms or "", events). */
export const RECORD_ENGINES = `
local n = tonumber(ARGV[1])
for i = 0, n - 1 do
  local b = 2 + i * 4
  local e, seen, iv, ev = ARGV[b], ARGV[b + 1], ARGV[b + 2], tonumber(ARGV[b + 3])
  local cur = tonumber(redis.call('HGET', KEYS[1], e) or '0')
  if tonumber(seen) >= cur then
    redis.call('HSET', KEYS[1], e, seen)
    if iv ~= '' then redis.call('HSET', KEYS[2], e, iv) end
  end
  if ev > 0 then redis.call('HINCRBY', KEYS[3], e, ev) end
end
return n
`;

/** KEYS[1] cursor hash; ARGV name, seq: moves forward only. */
export const ADVANCE_CURSOR = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur or tonumber(ARGV[2]) > tonumber(cur) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1
`;

/** KEYS[1] lease key; ARGV owner, ttl ms: take it when free, extend it when ours. 1 while held. */
export const HOLD_LEASE = `
local cur = redis.call('GET', KEYS[1])
if not cur then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if cur == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

/** KEYS[1] lease key; ARGV owner: frees it only when ours. */
export const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;
