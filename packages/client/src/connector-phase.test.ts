import { describe, expect, it } from "bun:test";
import { FakeClock } from "../test/fake-clock.ts";
import { type Phase, release, shownState } from "./connector-phase.ts";
import { resolveEnv } from "./env.ts";
import { createLink, type Link } from "./link.ts";
import { Prober } from "./probe.ts";
import type { Transport } from "./transports/index.ts";

function link(gen: number, kind: "ws" | "sse" = "ws"): Link & { closes: number } {
  const l = createLink(
    gen,
    kind,
    { base: "http://hub.test", url: "ws://hub.test/ws" },
    { topics: [">"], filter: undefined, cursor: null },
    0,
  );
  const counted = Object.assign(l, { closes: 0 });
  counted.transport = { kind, seesKeepAlive: false, send: () => true, close: () => counted.closes++ } as Transport;
  return counted;
}

const NEW: Phase = { kind: "new" };
const IDLE: Phase = { kind: "idle" };
const connecting = (l: Link): Phase => ({ kind: "connecting", link: l, rest: [] });
const noProbe = () => new Prober(null, 0, resolveEnv({}), {}, { create: () => link(9), launch: () => null });
const open = (l: Link): Phase => ({ kind: "open", link: l, probe: noProbe() });
const waiting: Phase = { kind: "waiting", timer: null, due: 0, order: ["ws"] };

describe("connector phases: the state the app sees", () => {
  it("a lost connection shows reconnecting until one is open again", () => {
    const a = link(1);
    expect(shownState(open(a), connecting(link(2)))).toEqual({ to: "reconnecting", transport: null });
    expect(shownState(open(a), waiting)).toEqual({ to: "reconnecting", transport: null });
    expect(shownState(waiting, connecting(a))).toBeNull();
    expect(shownState(connecting(a), waiting)).toBeNull();
    expect(shownState(connecting(a), open(a))).toEqual({ to: "open", transport: "ws" });
  });

  it("a start, or a way out of idle, shows connecting; no topics shows idle; stopping is the client's to show", () => {
    const a = link(1);
    expect(shownState(NEW, connecting(a))).toEqual({ to: "connecting", transport: null });
    expect(shownState(IDLE, connecting(a))).toEqual({ to: "connecting", transport: null });
    expect(shownState(open(a), IDLE)).toEqual({ to: "idle", transport: null });
    expect(shownState(open(a), { kind: "stopped" })).toBeNull();
  });
});

describe("connector phases: leaving one releases what it owned", () => {
  it("stops the links and timers the next phase does not own, and keeps those it does", () => {
    const clock = new FakeClock();
    const env = resolveEnv(clock.env());
    const main = link(1, "sse");
    const probe = link(2, "ws");
    const prober = new Prober("ws", 1000, env, {}, { create: () => probe, launch: () => null });
    prober.schedule();
    clock.advance(1000);
    expect(prober.link).toBe(probe);
    // The probe takes over: the fallback goes, the probe stays.
    release({ kind: "open", link: main, probe: prober }, open(probe), env);
    expect([main.closes, probe.closes]).toEqual([1, 0]);
    expect(main.transport).toBeNull();

    const scheduled = new Prober("ws", 1000, env, {}, { create: () => link(3), launch: () => null });
    scheduled.schedule();
    expect(clock.pending).toBe(1);
    release({ kind: "open", link: probe, probe: scheduled }, IDLE, env);
    expect(probe.closes).toBe(1);
    expect(clock.pending).toBe(0);

    const retry = env.setTimeout(() => {}, 1000);
    release({ ...waiting, timer: retry } as Phase, connecting(link(3)), env);
    expect(clock.pending).toBe(0);
  });
});
