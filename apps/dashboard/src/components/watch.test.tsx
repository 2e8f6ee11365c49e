import { afterEach, beforeEach, describe, expect, it } from "bun:test";
import { signal } from "@preact/signals";
import { cleanup, render, screen, waitFor } from "@testing-library/preact";
import type { WatchStatus } from "@tickerwire/protocol";
import { alert, resetSeq } from "../../test/fixtures.ts";
import { mount, text, texts } from "../../test/mount.tsx";
import { createWatchModel } from "../state/watch-status.ts";
import { EnginesStrip } from "./EnginesStrip.tsx";
import { WebhookHealth } from "./WebhookHealth.tsx";

beforeEach(() => resetSeq());
afterEach(() => cleanup());

const NOW = Date.parse("2026-01-19T10:30:45.000Z");
const status: WatchStatus = {
  role: "leader",
  engines: [
    {
      engine: "exec-1",
      state: "up",
      last_seen: "2026-01-19T10:30:42.000Z",
      silent_s: 3,
      interval_s: 5,
      grace_s: 15,
      events_per_s: 12.5,
    },
    {
      engine: "exec-2",
      state: "stale",
      last_seen: "2026-01-19T10:29:45.000Z",
      silent_s: 60,
      interval_s: 5,
      grace_s: 15,
      events_per_s: 0,
    },
  ],
  rules: [{ id: "engine-stale", kind: "engine_stale", active: ["exec-2"] }],
  webhooks: [
    {
      id: "ops-chat",
      target: "https://chat.example.com",
      format: "slack",
      state: "failing",
      backlog: 7,
      delivered: 40,
      failed_attempts: 9,
      dropped: 1,
      consecutive_failures: 6,
      last_success: null,
      last_error: "HTTP 503",
    },
  ],
};
const clock = { now: () => NOW, setInterval: () => 0, clearInterval: () => {} };
const fakeFetch = (body: unknown) => (async () => Response.json(body)) as unknown as typeof fetch;

describe("the watch on the dashboard", () => {
  it("shows every engine up or stale, when it was last seen and its rate", async () => {
    const watch = createWatchModel({
      url: "http://hub.test",
      fetch: fakeFetch({ status: "ok", watch: status }),
      clock,
    });
    render(<EnginesStrip watch={watch} now={signal(NOW)} />);
    await waitFor(() => expect(screen.getAllByTestId("engine")).toHaveLength(2));
    expect(texts("engine")).toEqual(["exec-1 up last seen 3s ago 12.5 ev/s", "exec-2 STALE last seen 1m ago 0.0 ev/s"]);
    expect(screen.getAllByTestId("engine").map((e) => e.getAttribute("data-state"))).toEqual(["up", "stale"]);
  });

  it("shows each webhook endpoint's health by id and host, never its path", async () => {
    const watch = createWatchModel({ url: "http://hub.test", fetch: fakeFetch({ watch: status }), clock });
    render(<WebhookHealth watch={watch} />);
    await waitFor(() => expect(screen.getByTestId("webhook")).toBeTruthy());
    const cells = [...screen.getByTestId("webhook").children].map(text);
    expect(cells).toEqual(["ops-chat https://chat.example.com", "FAILING", "7", "40", "1", "HTTP 503"]);
  });

  it("shows nothing without engines or webhooks, and says when the hub cannot be reached", async () => {
    const watch = createWatchModel({
      url: "http://hub.test",
      fetch: fakeFetch({ watch: { ...status, engines: [], webhooks: [] } }),
      clock,
    });
    render(
      <>
        <EnginesStrip watch={watch} now={signal(NOW)} />
        <WebhookHealth watch={watch} />
      </>,
    );
    await waitFor(() => expect(watch.status.value).not.toBeNull());
    expect(screen.queryByTestId("engines-strip")).toBeNull();
    expect(screen.queryByTestId("webhook-health")).toBeNull();
    const down = createWatchModel({
      url: "http://hub.test",
      fetch: (async () => {
        throw new Error("connection refused");
      }) as unknown as typeof fetch,
      clock,
    });
    await waitFor(() => expect(down.error.value).toBe("cannot reach the hub's health (connection refused)"));
  });

  it("marks alerts raised by the hub's rules apart from relayed ones", async () => {
    const m = mount();
    await m.feed([
      alert("rollback", "warning", "rollback to v2", { strategy_name: "RSI_Oversold" }),
      alert("system", "critical", "RSI_Oversold: drawdown 612.50 beyond 500", {
        strategy_name: "RSI_Oversold",
        rule_id: "desk-dd",
      }),
    ]);
    const items = screen.getAllByTestId("alert-item");
    expect(items.map((i) => i.getAttribute("data-source"))).toEqual(["rule", "relayed"]);
    expect(text(items[0]!)).toStartWith("RULE desk-dd CRITICAL RSI_Oversold");
    expect(items[0]!.className).toContain("event--rule");
    expect(items[1]!.className).not.toContain("event--rule");
  });
});
