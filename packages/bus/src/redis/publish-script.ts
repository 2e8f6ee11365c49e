/**
 * The one Lua script that publishes: for a group of publish calls it checks the epoch, judges each
 * idempotency key, assigns seqs from the shared counter, XADDs every event (id `<seq>-0`), stores
 * the keys, and PUBLISHes one notification — atomically, so seqs are one sequence across every
 * instance and a notification never names an event that is not in the stream.
 * The wire JSON is built in Lua by concatenation in `encodeEvent`'s key order; every piece is
 * JSON-encoded by the caller with the same `JSON.stringify`, so the bytes equal `encodeEvent`'s.
 */
import type { PublishableEvent } from "@tickerwire/protocol";
import type { RedisKeys } from "./options.ts";

export const PUBLISH_LUA = `
local function int(n) return string.format('%d', n) end
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  redis.call('SET', KEYS[3], ARGV[1])
elseif epoch ~= ARGV[1] then
  return redis.error_reply('TW_EPOCH ' .. epoch)
end
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
-- Never reuse a seq an instance has already seen (Redis lost its tail without AOF fsync).
local floor = tonumber(ARGV[2])
if seq < floor then seq = floor end
local first = seq + 1
local ts, ms, maxlen, ttl = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local out, lines, bytes = {}, {}, 0
local a, k = 10, 4
for r = 1, tonumber(ARGV[9]) do
  local keyed, hash, n = ARGV[a] == '1', ARGV[a + 1], tonumber(ARGV[a + 2])
  a = a + 3
  local key, rec = nil, nil
  if keyed then
    key = KEYS[k]
    k = k + 1
    rec = redis.call('GET', key)
  end
  if rec then
    local h, f, l, c = string.match(rec, '^(%S+) (%d+) (%d+) (%d+)$')
    if h == hash then
      out[#out + 1] = 'd'; out[#out + 1] = f; out[#out + 1] = l; out[#out + 1] = c
    else
      out[#out + 1] = 'c'; out[#out + 1] = '0'; out[#out + 1] = '0'; out[#out + 1] = '0'
    end
    a = a + 3 * n
  else
    local f = seq + 1
    for i = 1, n do
      seq = seq + 1
      local s = int(seq)
      local json = '{"type":' .. ARGV[a] .. ',"seq":' .. s .. ',"topic":' .. ARGV[a + 1] ..
        ',"timestamp":' .. ts .. ',"data":' .. ARGV[a + 2] .. '}'
      redis.call('XADD', KEYS[2], s .. '-0', 'j', json, 't', ARGV[a + 1], 'ms', ms)
      lines[#lines + 1] = json
      bytes = bytes + #json
      a = a + 3
    end
    if keyed then redis.call('SET', key, hash .. ' ' .. int(f) .. ' ' .. int(seq) .. ' ' .. ms, 'PX', ttl) end
    out[#out + 1] = 'n'; out[#out + 1] = int(f); out[#out + 1] = int(seq); out[#out + 1] = ms
  end
end
if seq >= first then
  redis.call('SET', KEYS[1], int(seq))
  -- Retention by count, once per script: whole stream nodes only (cheap), so a little more stays.
  redis.call('XTRIM', KEYS[2], 'MAXLEN', '~', maxlen)
  local head = int(first) .. ' ' .. int(seq)
  if bytes <= tonumber(ARGV[8]) then
    redis.call('PUBLISH', ARGV[7], head .. '\\n' .. table.concat(lines, '\\n'))
  else
    redis.call('PUBLISH', ARGV[7], head)
  end
end
return out
`;

/** One publish call as the script sees it. */
export interface ScriptRequest {
  events: readonly PublishableEvent[];
  key?: string;
  /** `requestHash(events)` (only with a key). */
  hash?: string;
}

export interface ScriptContext {
  keys: RedisKeys;
  epoch: string;
  /** The highest seq this instance knows of: the script never assigns one at or below it. */
  floorSeq: number;
  /** The group's timestamp (ms); every new event gets it, and every new key records it. */
  now: number;
  maxEvents: number;
  idempotencyTtlMs: number;
  notifyMaxBytes: number;
}

/** `[numkeys, ...keys, ...args]` for EVALSHA. */
export function scriptArgs(requests: readonly ScriptRequest[], ctx: ScriptContext): (string | number)[] {
  const keys = [ctx.keys.seq, ctx.keys.events, ctx.keys.epoch];
  const args: (string | number)[] = [
    ctx.epoch,
    ctx.floorSeq,
    JSON.stringify(new Date(ctx.now).toISOString()),
    ctx.now,
    ctx.maxEvents,
    ctx.idempotencyTtlMs,
    ctx.keys.notify,
    ctx.notifyMaxBytes,
    requests.length,
  ];
  for (const r of requests) {
    const keyed = r.key !== undefined && r.hash !== undefined;
    if (keyed) keys.push(ctx.keys.idempotency(r.key as string));
    args.push(keyed ? "1" : "0", keyed ? (r.hash as string) : "", r.events.length);
    for (const e of r.events) args.push(JSON.stringify(e.type), JSON.stringify(e.topic), JSON.stringify(e.data));
  }
  return [keys.length, ...keys, ...args];
}

/** What the script did with one request. */
export type ScriptOutcome =
  | { kind: "new"; first: number; last: number; created: number }
  | { kind: "duplicate"; first: number; last: number; created: number }
  | { kind: "conflict" };

/** A reply of the script that does not have the expected shape (a bug, or another script). */
export class ScriptReplyError extends Error {
  override readonly name = "ScriptReplyError";
}

export function parseScriptReply(reply: unknown, requests: number): ScriptOutcome[] {
  if (!Array.isArray(reply) || reply.length !== requests * 4) {
    throw new ScriptReplyError(
      `publish script answered ${JSON.stringify(reply)?.slice(0, 200)} for ${requests} requests`,
    );
  }
  const out: ScriptOutcome[] = [];
  for (let i = 0; i < reply.length; i += 4) {
    const kind = String(reply[i]);
    const [first, last, created] = [reply[i + 1], reply[i + 2], reply[i + 3]].map(Number) as [number, number, number];
    if (kind === "c") out.push({ kind: "conflict" });
    else if ((kind === "n" || kind === "d") && Number.isSafeInteger(first) && Number.isSafeInteger(last)) {
      out.push({ kind: kind === "n" ? "new" : "duplicate", first, last, created });
    } else
      throw new ScriptReplyError(`publish script answered an unknown outcome ${JSON.stringify(reply.slice(i, i + 4))}`);
  }
  return out;
}

/** The script refused because the store holds another history (epoch) than this instance. */
export function epochMismatch(error: unknown): string | undefined {
  const m = /TW_EPOCH (\S+)/.exec(String((error as Error)?.message ?? ""));
  return m?.[1];
}
