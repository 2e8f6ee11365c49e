import { describe, expect, it } from "bun:test";
import { FakeClock } from "../test/fake-clock.ts";
import { resolveEnv } from "./env.ts";
import { ClientError } from "./errors.ts";
import { createLink, type Link } from "./link.ts";
import { Prober } from "./probe.ts";
import type { Transport } from "./transports/index.ts";

function setup(better: "ws" | null, failLaunches = 0) {
  const clock = new FakeClock();
  const env = resolveEnv(clock.env());
  const made: Link[] = [];
  let failures = failLaunches;
  const prober = new Prober(
    better,
    60_000,
    env,
    {},
    {
      create: (kind) => {
        const l = createLink(
          made.length + 1,
          kind,
          { base: "http://h", url: "ws://h/ws" },
          { topics: [">"], filter: undefined, cursor: null },
          0,
        );
        made.push(l);
        return l;
      },
      launch: (l) => {
        if (failures-- > 0) return new ClientError("transport_failed", "no sockets here");
        l.transport = { kind: "ws", seesKeepAlive: false, send: () => true, close: () => {} } as Transport;
        return null;
      },
    },
  );
  return { clock, prober, made };
}

describe("the background probe", () => {
  it("tries the preferred transport every preferredRetryMs while on a fallback", () => {
    const { clock, prober, made } = setup("ws");
    prober.schedule();
    expect(prober.state.kind).toBe("scheduled");
    clock.advance(59_999);
    expect(made).toHaveLength(0);
    clock.advance(1);
    expect(prober.link).toBe(made[0] ?? null);
  });

  it("does nothing when already on the preferred transport", () => {
    const { clock, prober } = setup(null);
    prober.schedule();
    expect(prober.state.kind).toBe("none");
    expect(clock.pending).toBe(0);
  });

  it("a try that could not start is scheduled again; release stops timer and link", () => {
    const { clock, prober, made } = setup("ws", 1);
    prober.schedule();
    clock.advance(60_000);
    expect(made).toHaveLength(1);
    expect(prober.state.kind).toBe("scheduled");
    clock.advance(60_000);
    expect(prober.link).toBe(made[1] ?? null);
    prober.release();
    expect(prober.state.kind).toBe("none");
    expect(made[1]?.transport).toBeNull();
    expect(clock.pending).toBe(0);
  });
});
