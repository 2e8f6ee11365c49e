import { afterEach, beforeEach, describe, expect, it } from "bun:test";
import { cleanup, screen, within } from "@testing-library/preact";
import { alert, closed, executed, metrics, originalExamples, resetSeq, signal } from "../../../test/fixtures.ts";
import { mount, spokenText, text } from "../../../test/mount.tsx";

beforeEach(() => resetSeq());
afterEach(() => cleanup());

/** Fake timers for the announcer's gap. */
function fakeTimers() {
  let now = 0;
  let queue: { at: number; cb: () => void }[] = [];
  return {
    now: () => now,
    setTimeout(cb: () => void, ms: number) {
      queue.push({ at: now + ms, cb });
    },
    advance(ms: number) {
      now += ms;
      const due = queue.filter((t) => t.at <= now);
      queue = queue.filter((t) => t.at > now);
      for (const t of due) t.cb();
    },
  };
}

const fresh = () => ({ timestamp: new Date().toISOString() });

describe("keyboard structure", () => {
  it("opens with a skip link to the panels, which can take focus", () => {
    mount();
    const focusables = document.querySelectorAll<HTMLElement>("a[href], button, input, select, [tabindex]");
    const skip = screen.getByRole("link", { name: "Skip to the event panels" });
    expect(focusables[0]).toBe(skip);
    const target = document.getElementById(skip.getAttribute("href")?.slice(1) ?? "");
    expect(target?.tabIndex).toBe(-1);
    expect(target?.querySelector('[data-testid="panel-signals"]')).not.toBeNull();
  });

  it("puts every scrolling list and table in the tab order, named by its panel's heading", async () => {
    const m = mount();
    await m.feed(originalExamples());
    for (const name of ["Live signals", "Trades", "Alerts"]) {
      expect(screen.getByRole("list", { name }).tabIndex).toBe(0);
    }
    expect(screen.getByRole("group", { name: "Strategy metrics" }).tabIndex).toBe(0);
  });
});

describe("tables", () => {
  it("have a name, column headers and a row header per row", async () => {
    const m = mount();
    await m.feed([metrics("RSI_Oversold", 50, 0.62, 125.5), metrics("Volume_Spike", 3, 0, -12)]);
    const table = screen.getByRole("table", { name: "Strategy metrics" });
    expect(within(table).getAllByRole("columnheader").map(text)).toEqual([
      "Strategy",
      "Trades",
      "Win rate",
      "P&L",
      "Sharpe",
      "Profit factor",
    ]);
    expect(within(table).getAllByRole("rowheader").map(text)).toEqual(["RSI_Oversold", "Volume_Spike"]);
    for (const th of within(table).getAllByRole("columnheader")) expect(th.getAttribute("scope")).toBe("col");
  });
});

describe("numbers read with sign and unit", () => {
  it("say P&L with plus or minus and US dollars, prices with their unit", async () => {
    const m = mount();
    await m.feed([
      signal("RSI_Oversold", "BUY", 42350.5, 0.85),
      executed("x"),
      closed("a", 1234.5),
      closed("b", -22),
      metrics("Volume_Spike", 3, 0, -12),
    ]);
    expect(spokenText(screen.getByTestId("signal-item"))).toContain("Price 42,350.50 US dollars Confidence 85.0%");
    const trades = screen.getAllByTestId("trade-item").map(spokenText);
    expect(trades[0]).toEndWith("Entry 42,400.00 US dollars Exit 42,550.00 US dollars P&L minus 22.00 US dollars");
    expect(trades[1]).toEndWith("P&L plus 1,234.50 US dollars");
    const row = screen.getByTestId("metrics-row");
    expect([...row.children].map(spokenText)).toEqual([
      "Volume_Spike",
      "3",
      "0.00%",
      "minus 12.00 US dollars",
      "—",
      "—",
    ]);
    const pnl = screen.getByTestId("sum-total-pnl").parentElement as HTMLElement;
    expect(spokenText(pnl)).toBe("plus 1,212.50 US dollars");
    expect(text(pnl)).toBe("$1,212.50");
  });

  it("give sliders their value in words", () => {
    mount("?min_confidence=0.7");
    expect(screen.getByTestId("min-confidence").getAttribute("aria-valuetext")).toBe("70 percent");
  });
});

describe("critical alert announcements", () => {
  it("speak a fresh critical alert at once in an assertive live region that was there from the start", async () => {
    const m = mount();
    const region = screen.getByTestId("announce-critical");
    expect(region.getAttribute("role")).toBe("alert");
    expect(region.getAttribute("aria-live")).toBe("assertive");
    expect(region.textContent).toBe("");
    await m.feed([alert("system", "warning", "Slow feed", {}, fresh()), signal("RSI_Oversold", "BUY", 1, 0.99)]);
    expect(region.textContent).toBe("");
    await m.feed([alert("rollback", "critical", "Drawdown limit hit", { strategy_name: "Trend_Following" }, fresh())]);
    expect(region.textContent).toBe("Critical alert. Trend_Following: Drawdown limit hit");
  });

  it("never announce the critical alerts replayed from history", async () => {
    const m = mount();
    const connectedAt = Date.now();
    await m.run(() =>
      m.client.emit("connected", {
        type: "connected",
        session_id: "s",
        server_time: new Date(connectedAt).toISOString(),
        epoch: "e",
        current_seq: 3,
        topics: [">"],
      }),
    );
    await m.feed([
      alert("system", "critical", "Old outage"), // stamped 2026-01-19, long ago
      alert(
        "system",
        "critical",
        "Seconds before this page connected",
        {},
        { timestamp: new Date(connectedAt - 2000).toISOString() },
      ),
    ]);
    expect(screen.getByTestId("announce-critical").textContent).toBe("");
    await m.feed([alert("system", "critical", "Now", {}, { timestamp: new Date(connectedAt + 10).toISOString() })]);
    expect(screen.getByTestId("announce-critical").textContent).toBe("Critical alert. Now");
  });

  it("collapse a flood into one announcement per gap", async () => {
    const timers = fakeTimers();
    const m = mount("", { timers, announceGapMs: 5000 });
    const region = screen.getByTestId("announce-critical");
    const heard: string[] = [];
    new MutationObserver(() => heard.push(region.textContent ?? "")).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
    for (let i = 0; i < 10; i++) {
      await m.feed(Array.from({ length: 100 }, (_, j) => alert("system", "critical", `outage ${i}.${j}`, {}, fresh())));
      await m.run(() => timers.advance(1000)); // 1,000 critical alerts over 10 s
    }
    await m.run(() => timers.advance(5000));
    expect(heard).toEqual([
      "Critical alert. outage 0.0",
      "499 critical alerts. Latest: outage 4.99",
      "500 critical alerts. Latest: outage 9.99",
    ]);
  });
});

describe("connection status announcements", () => {
  it("say each change politely, never the state the page opened in, and a flapping link as its latest state", async () => {
    const timers = fakeTimers();
    const m = mount("", { timers, statusGapMs: 3000 });
    const region = screen.getByTestId("announce-status");
    expect(region.getAttribute("role")).toBe("status");
    expect(region.textContent).toBe("");
    await m.run(() => m.client.setState("open", "ws"));
    expect(region.textContent).toBe("Connected via WebSocket");
    await m.run(() => {
      timers.advance(500);
      m.client.setState("reconnecting", null);
      m.client.setState("open", "sse");
      m.client.setState("reconnecting", null);
    });
    expect(region.textContent).toBe("Connected via WebSocket");
    await m.run(() => timers.advance(2500));
    expect(region.textContent).toBe("Reconnecting…");
    // Back to the state last announced within a gap: nothing new to say.
    await m.run(() => {
      timers.advance(100);
      m.client.setState("open", "ws");
      m.client.setState("reconnecting", null);
    });
    await m.run(() => timers.advance(5000));
    expect(region.textContent).toBe("Reconnecting…");
    expect(screen.getByTestId("status").textContent).toBe("Reconnecting…");
  });
});
