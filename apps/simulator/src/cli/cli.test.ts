import { afterAll, describe, expect, it } from "bun:test";
import type { PublishableEvent } from "@tickerwire/protocol";
import type { FakeHub } from "../../test/fake-hub.ts";
import { startFakeHub } from "../../test/fake-hub.ts";
import { main } from "../cli.ts";
import { createEngine } from "../engine.ts";
import { parseSimulateArgs } from "./simulate-args.ts";
import { UsageError } from "./usage-error.ts";

const CLI = new URL("../cli.ts", import.meta.url).pathname;
const START = "2026-01-19T10:00:00.000Z";
const spawned: Bun.Subprocess[] = [];
const hubs: FakeHub[] = [];
afterAll(() => {
  for (const p of spawned) if (p.exitCode === null) p.kill("SIGKILL");
  for (const h of hubs) h.stop();
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) } };
}

describe("simulate flags", () => {
  it("has the documented defaults", () => {
    const a = parseSimulateArgs([]);
    expect(a).toMatchObject({
      url: "http://127.0.0.1:8080",
      rate: undefined,
      symbols: ["BTC-USDT", "ETH-USDT", "SOL-USDT"],
      seed: undefined,
      durationMs: undefined,
      speed: 60,
      interval: "1m",
      warmupMinutes: 60,
    });
    expect(a.strategies).toHaveLength(5);
  });

  it("reads every flag", () => {
    const a = parseSimulateArgs(
      "--url http://localhost:9000/ --rate 250 --strategies RSI_Oversold,Volume_Spike --symbols BTC-USDT --seed 42 --duration 1.5 --speed 120 --interval 15s --warmup 5 --start 2026-01-19T10:00:00Z".split(
        " ",
      ),
    );
    expect(a).toMatchObject({
      url: "http://localhost:9000",
      rate: 250,
      strategies: ["RSI_Oversold", "Volume_Spike"],
      symbols: ["BTC-USDT"],
      seed: 42,
      durationMs: 1500,
      speed: 120,
      interval: "15s",
      warmupMinutes: 5,
      startTime: Date.UTC(2026, 0, 19, 10),
    });
  });

  it.each([
    [["--rate", "0"], "--rate must be a positive number"],
    [["--rate", "fast"], "--rate must be a positive number"],
    [["--strategies", "RSI_Oversold,Nope"], 'unknown "Nope"'],
    [["--symbols", "BTC/USDT"], '"BTC/USDT" is not a valid symbol'],
    [["--seed", "1.5"], "--seed must be an integer"],
    [["--seed", "4294967296"], "--seed must be an integer"],
    [["--url", "ftp://x"], "--url must be an http:// or https:// URL"],
    [["--url", "nope"], "--url must be a URL"],
    [["--interval", "1y"], "--interval"],
    [["--start", "yesterday"], "--start must be an ISO date-time"],
    [["--warmup", "1.5"], "--warmup must be an integer"],
    [["--nope"], "Unknown option '--nope'"],
  ])("rejects %p with a clear message", (argv, message) => {
    expect(() => parseSimulateArgs(argv)).toThrow(UsageError);
    expect(() => parseSimulateArgs(argv)).toThrow(message);
  });

  it("exits 2 with the error and the usage on a bad flag", async () => {
    const c = capture();
    expect(await main(["simulate", "--speed", "-1"], c.io, new AbortController().signal)).toBe(2);
    expect(c.err[0]).toStartWith("error: ");
    expect(c.err.join("\n")).toContain("Usage: bun run simulate");
  });
});

describe("command dispatch", () => {
  it("prints each command's usage on --help and exits 0", async () => {
    for (const cmd of ["simulate", "stress"]) {
      const c = capture();
      expect(await main([cmd, "--help"], c.io, new AbortController().signal)).toBe(0);
      expect(c.out.join("\n")).toContain(`Usage: bun run ${cmd}`);
    }
  });

  it("exits 2 on an unknown command or a bad stress flag", async () => {
    const c = capture();
    expect(await main(["explode"], c.io, new AbortController().signal)).toBe(2);
    expect(c.err[0]).toBe('error: unknown command "explode"');
    const d = capture();
    expect(await main(["stress", "--churn", "200"], d.io, new AbortController().signal)).toBe(2);
    expect(d.err[0]).toContain("--churn must be a percentage");
    expect(d.err.join("\n")).toContain("Usage: bun run stress");
  });
});

describe("simulate against a hub", () => {
  it("publishes a valid stream and stops at --duration", async () => {
    const hub = startFakeHub();
    hubs.push(hub);
    const c = capture();
    const code = await main(
      ["simulate", "--url", hub.url, "--duration", "1", "--speed", "3600", "--seed", "7", "--status", "0.25"],
      c.io,
      new AbortController().signal,
    );
    expect(code).toBe(0);
    // ×3600 for 1 s = an hour of candles for three symbols, all accepted by protocol validation.
    expect(hub.events.filter((e) => e.type === "candle").length).toBeGreaterThan(100);
    expect(hub.requests.every((r) => r.status === 202)).toBe(true);
    expect(c.out[0]).toContain("seed 7");
    expect(c.out.at(-1)).toEndWith("| stopped");
    expect(c.out.some((l) => l.includes("hub: ok"))).toBe(true);
  });

  it("rides out a hub outage without losing or duplicating events", async () => {
    const hub = startFakeHub();
    hubs.push(hub);
    hub.failNext(3, 503);
    const c = capture();
    const code = await main(
      ["simulate", "--url", hub.url, "--duration", "1.5", "--speed", "3600", "--seed", "8", "--start", START],
      c.io,
      new AbortController().signal,
    );
    expect(code).toBe(0);
    expect(c.err.some((l) => l.includes("retrying with backoff"))).toBe(true);
    expect(hub.requests.filter((r) => r.status === 503)).toHaveLength(3);
    // The same stream generated offline: the hub got exactly its beginning, nothing missing,
    // nothing twice, in order.
    expect(hub.events.length).toBeGreaterThan(100);
    const engine = createEngine({ seed: 8, startTime: Date.parse(START) });
    const expected: PublishableEvent[] = [];
    while (expected.length < hub.events.length) expected.push(...engine.step().events);
    expect(hub.events).toEqual(expected.slice(0, hub.events.length));
  });

  it("stops on SIGINT, flushes and exits 0", async () => {
    const hub = startFakeHub();
    hubs.push(hub);
    const proc = Bun.spawn(["bun", CLI, "simulate", "--url", hub.url, "--speed", "600", "--status", "0.2"], {
      stdout: "pipe",
      stderr: "pipe",
    });
    spawned.push(proc);
    const deadline = Date.now() + 10_000;
    while (hub.events.length < 20 && Date.now() < deadline) await Bun.sleep(50);
    expect(hub.events.length).toBeGreaterThanOrEqual(20);
    proc.kill("SIGINT");
    const code = await Promise.race([proc.exited, Bun.sleep(8_000).then(() => "timeout")]);
    expect(code).toBe(0);
    const out = await new Response(proc.stdout).text();
    expect(out.trim().split("\n").at(-1)).toEndWith("| stopped");
  });
});
