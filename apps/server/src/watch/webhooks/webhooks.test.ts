import { afterEach, describe, expect, it } from "bun:test";
import { systemAlert, trade } from "../../../test/events.ts";
import { startTestWatch, type TestWatch, watchConfig } from "../../../test/watch.ts";
import type { WebhookEndpoint } from "../config/webhook-file.ts";
import { verifySignature } from "./signature.ts";

const SECRET = "0123456789abcdef-secret";
const endpoint = (o: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: "ops",
  url: "http://receiver.test/hook",
  target: "http://receiver.test",
  secret: SECRET,
  topics: ["system.alert"],
  types: undefined,
  minSeverity: undefined,
  format: "json",
  timeoutMs: 1_000,
  retryForMs: 3_600_000,
  maxRetryDelayMs: 60_000,
  ...o,
});

interface Received {
  seq: number;
  key: string | null;
  body: string;
  verified: boolean;
}

/** A fake receiver: answers from a script of statuses (then 200), records what it accepted. */
function receiver(script: (number | "hang" | "throw")[] = []) {
  const accepted: Received[] = [];
  let attempts = 0;
  const fetchFn = (async (_url: string, init: RequestInit) => {
    attempts++;
    const next = script.shift() ?? 200;
    if (next === "throw") throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    if (next === "hang") {
      await new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    }
    const headers = new Headers(init.headers);
    const body = String(init.body);
    if (next === 200) {
      accepted.push({
        seq: Number(headers.get("x-tickerwire-seq")),
        key: headers.get("idempotency-key"),
        body,
        verified: verifySignature(SECRET, headers.get("x-tickerwire-signature"), body, Math.floor(Date.now() / 1000))
          .ok,
      });
    }
    return new Response(null, { status: next as number });
  }) as unknown as typeof fetch;
  return { fetch: fetchFn, accepted, attempts: () => attempts };
}

const running: TestWatch[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.dispose()));
});
async function start(eps: WebhookEndpoint[], fetchFn: typeof fetch, dir?: string) {
  const w = await startTestWatch({
    config: watchConfig([], eps),
    fetch: fetchFn,
    start: Date.now(),
    ...(dir ? { dir } : {}),
  });
  running.push(w);
  return w;
}
async function until(check: () => boolean, what: string, ms = 5_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

describe("webhook deliveries", () => {
  it("deliver matching events in order, signed, with <epoch>:<seq> as idempotency id", async () => {
    const r = receiver();
    const w = await start([endpoint()], r.fetch);
    const seqs = await w.publish(systemAlert("one"), trade("t1"), systemAlert("two"));
    await until(() => r.accepted.length === 2, "two deliveries");
    expect(r.accepted.map((a) => a.seq)).toEqual([seqs[0]!, seqs[2]!]);
    expect(r.accepted.map((a) => a.key)).toEqual([`${w.bus.epoch}:${seqs[0]}`, `${w.bus.epoch}:${seqs[2]}`]);
    expect(r.accepted.every((a) => a.verified)).toBe(true);
    expect(JSON.parse(r.accepted[0]!.body)).toMatchObject({ type: "alert", seq: seqs[0], data: { message: "one" } });
    expect(w.watch.status().webhooks[0]).toMatchObject({ state: "ok", delivered: 2, backlog: 0 });
  });

  it("retries a 500 (and a timeout, and a refused connection) until the receiver answers 200", async () => {
    const r = receiver([500, "hang", "throw"]);
    const w = await start([endpoint({ timeoutMs: 100 })], r.fetch);
    await w.publish(systemAlert("x"));
    await until(() => r.accepted.length === 1, "the retried delivery");
    expect(r.attempts()).toBe(4);
    expect(w.watch.status().webhooks[0]).toMatchObject({ state: "ok", failed_attempts: 3, delivered: 1 });
  });

  it("drops a delivery the receiver refuses (4xx) and goes on with the next", async () => {
    const r = receiver([401]);
    const w = await start([endpoint()], r.fetch);
    const seqs = await w.publish(systemAlert("refused"), systemAlert("next"));
    await until(() => r.accepted.length === 1, "the next delivery");
    expect(r.accepted.map((a) => a.seq)).toEqual([seqs[1]!]);
    expect(w.watch.status().webhooks[0]).toMatchObject({ dropped: 1, delivered: 1, last_error: "HTTP 401" });
  });

  it("filters by severity and type, and formats for Slack", async () => {
    const r = receiver();
    const w = await start(
      [endpoint({ topics: [">"], types: ["alert"], minSeverity: "warning", format: "slack" })],
      r.fetch,
    );
    await w.publish(
      { type: "alert", topic: "system.alert", data: { message: "info only", severity: "info", kind: "system" } },
      trade("t2"),
      systemAlert("disk almost full"),
    );
    await until(() => r.accepted.length === 1, "one delivery");
    await Bun.sleep(50);
    expect(r.accepted).toHaveLength(1);
    expect(JSON.parse(r.accepted[0]!.body)).toEqual({ text: `[WARNING] disk almost full #${r.accepted[0]!.seq}` });
  });

  it("marks an endpoint failing after 5 failed attempts in a row, without holding up another endpoint", async () => {
    const dead = receiver(Array(50).fill("throw"));
    const ok = receiver();
    const w = await start([endpoint({ id: "dead", url: "http://dead.test/" }), endpoint({ id: "ok" })], ((
      u: string,
      i: RequestInit,
    ) => (u.startsWith("http://dead") ? dead.fetch(u, i) : ok.fetch(u, i))) as typeof fetch);
    await w.publish(systemAlert("a"));
    await until(() => ok.accepted.length === 1, "the healthy endpoint");
    await w.publish(systemAlert("b"));
    await until(() => ok.accepted.length === 2, "the healthy endpoint again");
    await until(() => w.watch.status().webhooks[0]!.state === "failing", "the dead endpoint to be failing");
    expect(w.watch.status().webhooks[0]).toMatchObject({ id: "dead", backlog: 2, delivered: 0 });
  });

  it("gives up on deliveries older than retry_for", async () => {
    const r = receiver(Array(5).fill(503));
    const w = await start([endpoint({ retryForMs: 1_000 })], r.fetch);
    await w.publish(systemAlert("a"), systemAlert("b"));
    await until(() => r.attempts() >= 2, "two failed attempts");
    expect(w.watch.status().webhooks[0]).toMatchObject({ state: "retrying", dropped: 0, backlog: 2 });
    w.clock.advance(1_001);
    await until(() => w.watch.status().webhooks[0]!.dropped === 2, "both dropped");
    expect(r.accepted).toHaveLength(0);
  });

  it("after a restart, delivers what was pending from the log, once", async () => {
    const r = receiver(Array(100).fill(503));
    const w = await start([endpoint()], r.fetch);
    const seqs = await w.publish(systemAlert("a"), systemAlert("b"));
    await until(() => r.attempts() >= 1, "a first attempt");
    await w.stop();
    const r2 = receiver();
    const again = await start([endpoint()], r2.fetch, w.dir);
    await until(() => r2.accepted.length === 2, "both after the restart");
    await again.publish(systemAlert("c"));
    await until(() => r2.accepted.length === 3, "the new one");
    expect(r2.accepted.map((a) => a.seq)).toEqual([...seqs, seqs[1]! + 1]);
  });
});
