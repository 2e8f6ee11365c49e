import { describe, expect, it } from "bun:test";
import { instanceIds } from "./deployment.ts";
import { SPECS } from "./registry.ts";

describe("instances of a target", () => {
  it("names instances a, b, … in order", () => {
    expect(instanceIds(1)).toEqual(["a"]);
    expect(instanceIds(2)).toEqual(["a", "b"]);
  });
  it("runs hub-redis-2 as two Redis-bus hubs and hub-ws as one local-bus hub", () => {
    expect(SPECS["hub-redis-2"]).toMatchObject({ instances: 2, bus: "redis", client: "ws", isHub: true });
    expect(SPECS["hub-redis-1"]).toMatchObject({ instances: 1, bus: "redis" });
    expect(SPECS["hub-ws"]).toMatchObject({ instances: 1, bus: "local" });
    expect(SPECS["hub-redis-2"].subscribeUrl("http://127.0.0.1:5")).toBe("ws://127.0.0.1:5/ws?topics=system.alert");
  });
});
