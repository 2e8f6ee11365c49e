import { describe, expect, it } from "bun:test";
import { signal } from "../test/fixtures.ts";
import { BUS_ENGINES, type BusConfig, createBus, UnknownBusEngineError } from "./index.ts";

describe("createBus", () => {
  it("creates the local engine from its config", async () => {
    const bus = await createBus({ engine: "local", path: ":memory:", windowSize: 10 });
    try {
      expect(bus.engine).toBe("memory+sqlite");
      expect(bus.info().details).toMatchObject({ path: ":memory:", windowSize: 10 });
      const { events } = await bus.publish([signal()]);
      expect(events[0]!.seq).toBe(1);
    } finally {
      await bus.close();
    }
  });

  it("lists the engines it knows", () => {
    expect(BUS_ENGINES).toEqual(["local"]);
  });

  it("refuses an unknown engine with a message naming the known ones", async () => {
    const config = { engine: "kafka" } as unknown as BusConfig;
    await expect(createBus(config)).rejects.toBeInstanceOf(UnknownBusEngineError);
    await expect(createBus(config)).rejects.toThrow(/unknown bus engine "kafka"; known: local/);
  });
});
