import { RedisClient } from "bun";
import Redis from "ioredis";
const lua = "local s = redis.call('INCR', KEYS[1]); redis.call('XADD', KEYS[2], 'MAXLEN', '~', '100000', s .. '-0', 'j', ARGV[1]); redis.call('PUBLISH', KEYS[3], ARGV[1]); return s";
const payload = JSON.stringify({type:"signal",seq:1,topic:"strategy.RSI_Oversold.signal",timestamp:new Date().toISOString(),data:{strategy_name:"RSI_Oversold",action:"BUY",price:42000,confidence:0.8}});
const N = 20000;
async function run(name: string, call: (i: number) => Promise<unknown>) {
  for (const inflight of [1, 64]) {
    const t0 = performance.now();
    for (let i = 0; i < N; i += inflight) await Promise.all(Array.from({length: inflight}, (_, j) => call(i + j)));
    const s = (performance.now() - t0) / 1000;
    console.log(name, "inflight", inflight, Math.round(N / s), "evals/s");
  }
}
const io = new Redis("redis://127.0.0.1:6411");
const sha = (await io.script("LOAD", lua)) as string;
const A = () => run("ioredis", () => io.evalsha(sha, 3, "b:seq", "b:s", "b:n", payload));
const bun = new RedisClient("redis://127.0.0.1:6411");
await bun.connect();
await run("bun", () => bun.send("EVALSHA", [sha, "3", "c:seq", "c:s", "c:n", payload])); await A();
io.disconnect(); bun.close();
