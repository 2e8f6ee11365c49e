/**
 * Bad input never reaches clients: invalid publishes are answered 400 with their issues and
 * publish nothing (a batch with one bad item publishes none of it, and uses up no seq); a malformed
 * WebSocket frame gets an `error` reply and the connection carries on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { ERROR_CODES, TOPICS } from "@tickerwire/protocol";
import { CONSUMER_KINDS, ConsumerPool } from "./helpers/consumers/index.ts";
import { signal, uniqueStrategy } from "./helpers/fixtures.ts";
import type { StartedHub } from "./helpers/hub.ts";
import { startHub } from "./helpers/hub.ts";
import { health, history, postRaw, publish, publishOk } from "./helpers/publish.ts";

setDefaultTimeout(30_000);
let hub: StartedHub;
const pool = new ConsumerPool();
beforeAll(async () => {
  hub = await startHub();
}, 20_000);
afterEach(() => pool.closeAll());
afterAll(async () => {
  await pool.closeAll();
  await hub?.dispose();
});

describe("invalid publishes", () => {
  test.each(CONSUMER_KINDS)("%s: are rejected with 400 and their issues, and nothing is delivered", async (kind) => {
    const s = uniqueStrategy();
    const c = await pool.open(kind, hub.url);
    const before = (await health(hub.url)).body.current_seq;

    // One bad item spoils the batch: 400 naming item 1's field, and item 0 is not published either.
    const badBatch = await publish(hub.url, [
      signal(s, 0),
      { ...signal(s, 1), data: { ...signal(s, 1).data, confidence: 1.5 } },
    ]);
    expect(badBatch.status).toBe(400);
    expect(badBatch.body.error).toBe("invalid_event");
    expect(badBatch.body.issues).toContainEqual(expect.objectContaining({ index: 1, path: ["data", "confidence"] }));

    const unknownTopic = await publish(hub.url, { topic: "strategy.nope", data: { message: "x" } });
    expect(unknownTopic.status).toBe(400);
    expect(unknownTopic.body.issues).toContainEqual(expect.objectContaining({ path: ["topic"] }));

    const mismatch = await publish(hub.url, { topic: TOPICS.signal(s), data: { ...signal("Other", 0).data } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.issues).toContainEqual(expect.objectContaining({ path: ["data", "strategy_name"] }));

    const extraField = await publish(hub.url, { ...signal(s, 0), data: { ...signal(s, 0).data, leverage: 100 } });
    expect(extraField.status).toBe(400);

    const notJson = await postRaw(hub.url, '{"topic": "trade.executed", ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe("invalid_json");

    expect((await publish(hub.url, [])).status).toBe(400);

    // Nothing was published, so the next valid event takes the very next seq and is all that arrives.
    const [sentinel] = await publishOk(hub.url, signal(s, 9));
    expect(sentinel).toBe(before + 1);
    await c.waitFor(1);
    await Bun.sleep(200);
    expect(c.seqs()).toEqual([sentinel as number]);
    const h = await history(hub.url, { since: before });
    expect(h.body.events.map((e) => e.seq)).toEqual([sentinel as number]);
    expect(c.violations).toEqual([]);
  });
});

describe("malformed WebSocket frames", () => {
  test("ws: each gets an error reply with a code, and the connection still answers ping and delivers", async () => {
    const s = uniqueStrategy();
    const c = await pool.open("ws", hub.url, { topics: [`strategy.${s}.signal`] });
    const bystander = await pool.open("ws", hub.url, { topics: [`strategy.${s}.signal`] });
    const frames: unknown[] = [
      "this is not json",
      '{"type":"subscribe","topics":',
      { type: "launch_rockets" },
      { type: "subscribe", topics: ["a..b"] },
      { type: "subscribe", topics: [] },
      { type: "resume", last_seq: -1 },
      { type: "ping", t: "soon" },
      new Uint8Array([0xff, 0xfe, 0x00]),
    ];
    for (const f of frames) c.send(f);
    await c.waitFor((x) => x.controlOf("error").length >= frames.length);
    const errors = c.controlOf("error");
    expect(errors).toHaveLength(frames.length);
    for (const e of errors) expect(Object.keys(ERROR_CODES)).toContain(e.code);
    expect(errors[0]?.code).toBe("invalid_json");
    expect(errors[1]?.code).toBe("invalid_json");
    expect(errors[2]?.code).toBe("invalid_message");

    c.send({ type: "ping", t: 12345 });
    await c.waitFor((x) => x.controlOf("pong").length === 1);
    expect(c.controlOf("pong")[0]?.t).toBe(12345);

    const [seq] = await publishOk(hub.url, signal(s, 1));
    await c.waitFor(1);
    await bystander.waitFor(1);
    expect(c.seqs()).toEqual([seq as number]);
    expect(bystander.seqs()).toEqual([seq as number]);
    expect(bystander.controlOf("error")).toEqual([]);
    expect(c.endInfo).toBeNull();
    expect(c.violations).toEqual([]);
  });
});
