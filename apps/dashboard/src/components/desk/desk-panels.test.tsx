import { afterEach, beforeEach, describe, expect, it } from "bun:test";
import { cleanup, fireEvent, screen, within } from "@testing-library/preact";
import type { HubEvent } from "@tickerwire/protocol";
import { candle, closed, ev, executed, resetSeq, signal } from "../../../test/fixtures.ts";
import { mount, spokenText, text } from "../../../test/mount.tsx";
import { snapshotOf } from "../../../test/snapshots.ts";

beforeEach(() => resetSeq());
afterEach(() => cleanup());

const closedOn = (day: string, id: string, pnl: number) =>
  ev(
    "trade_closed",
    "trade.closed",
    { trade_id: id, strategy_name: "RSI_Oversold", entry_price: 1, exit_price: 1, pnl },
    { timestamp: `${day}T09:00:00.000Z` },
  );

/** A desk with two strategies, one open long marked by a signal and one open short without a price. */
function desk(): HubEvent[] {
  return [
    executed("L1", "RSI_Oversold", { symbol: "BTC-USDT", entry_price: 100, quantity: 2 }),
    executed("S1", "MACD_Divergence", { symbol: "ETH-USDT", action: "SELL", entry_price: 50, quantity: 1 }),
    signal("RSI_Oversold", "BUY", 103, 0.8, { symbol: "BTC-USDT" }),
    closed("x", 12, "RSI_Oversold"),
    closed("y", -5, "RSI_Oversold"),
    closed("z", 4, "MACD_Divergence"),
  ];
}

async function opened(events = desk()) {
  const m = mount();
  await m.run(() => m.client.emit("snapshot", snapshotOf(events)));
  return m;
}

describe("summary from a snapshot", () => {
  it("shows realized, unrealized and total P&L, closed trades, win rate and open positions", async () => {
    await opened();
    expect(screen.getByTestId("sum-realized-pnl").textContent).toBe("$11.00");
    expect(screen.getByTestId("sum-unrealized-pnl").textContent).toBe("$6.00");
    expect(screen.getByTestId("sum-total-pnl").textContent).toBe("$17.00");
    expect(screen.getByTestId("sum-total-trades").textContent).toBe("3");
    expect(screen.getByTestId("sum-win-rate").textContent).toBe("66.67%");
    expect(screen.getByTestId("sum-active-positions").textContent).toBe("2");
    // Read with sign and unit.
    expect(spokenText(screen.getByTestId("summary"))).toContain("plus 17.00 US dollars");
  });

  it("moves with the live events after the snapshot", async () => {
    const m = await opened();
    resetSeq(7);
    await m.feed([candle("ETH-USDT", "1m", "2026-01-19T10:31:00Z", 50, 52, 40, 41), closed("L1", 8, "RSI_Oversold")]);
    // S1 is now marked at 41 (+9); L1 closed: its +6 became realized +8.
    expect(screen.getByTestId("sum-realized-pnl").textContent).toBe("$19.00");
    expect(screen.getByTestId("sum-unrealized-pnl").textContent).toBe("$9.00");
    expect(screen.getByTestId("sum-total-pnl").textContent).toBe("$28.00");
    expect(screen.getByTestId("sum-active-positions").textContent).toBe("1");
  });

  it("shows no truncation banner when it opens from a snapshot, and one after a truncated resume", async () => {
    const m = await opened();
    expect(screen.queryByTestId("truncated-banner")).toBeNull();
    await m.run(() =>
      m.client.emit("replayed", { type: "replayed", count: 3, truncated: true, from_seq: 1, to_seq: 9, epoch: "e1" }),
    );
    expect(screen.getByTestId("truncated-banner")).toBeTruthy();
  });
});

describe("open positions", () => {
  it("list each position newest first with its mark and unrealized P&L, which moves with the candles", async () => {
    const m = await opened();
    const rows = () => screen.getAllByTestId("position-row").map((r) => [...r.children].map(text));
    expect(rows()).toEqual([
      ["S1", "MACD_Divergence", "ETH-USDT", "SELL", "1", "$50.00", "—", "—", "10:30:46"],
      ["L1", "RSI_Oversold", "BTC-USDT", "BUY", "2", "$100.00", "$103.00", "$6.00", "10:30:45"],
    ]);
    resetSeq(7);
    await m.feed([candle("BTC-USDT", "1m", "2026-01-19T10:31:00Z", 103, 104, 95, 96)]);
    const long = screen.getAllByTestId("position-row")[1] as HTMLElement;
    expect(within(long).getByTestId("position-unrealized").textContent).toBe("-$8.00");
    expect(spokenText(long)).toContain("minus 8.00 US dollars");
    expect(spokenText(screen.getAllByTestId("position-row")[0] as HTMLElement)).toContain("no price yet");
  });

  it("show the newest 100 and say how many are open", async () => {
    await opened(Array.from({ length: 130 }, (_, i) => executed(`t${i}`)));
    expect(screen.getAllByTestId("position-row")).toHaveLength(100);
    expect(screen.getAllByTestId("position-row")[0]?.dataset.trade).toBe("t129");
    expect(text(screen.getByTestId("positions-note"))).toBe("Showing the newest 100 of 130 open positions.");
  });

  it("form a captioned table with column and row headers in a named, keyboard-reachable scroller", async () => {
    await opened();
    const region = screen.getByRole("group", { name: "Open positions" });
    expect(region.tabIndex).toBe(0);
    const table = within(region).getByRole("table");
    expect(table.querySelector("caption")?.textContent).toBe("Open positions");
    expect([...table.querySelectorAll("thead th")].every((th) => th.getAttribute("scope") === "col")).toBe(true);
    expect(table.querySelectorAll('tbody th[scope="row"]')).toHaveLength(2);
    for (const name of ["P&L by strategy", "P&L by day"]) {
      const other = screen.getByRole("group", { name });
      expect(other.tabIndex).toBe(0);
      expect(within(other).getByRole("table").querySelector("caption")?.textContent).toBe(name);
    }
  });
});

describe("P&L by strategy", () => {
  it("gives each strategy its realized, unrealized and total P&L, win rate, profit factor and drawdown", async () => {
    await opened();
    const row = (name: string) => screen.getAllByTestId("strategy-row").find((r) => r.dataset.strategy === name)!;
    expect([...row("RSI_Oversold").children].map(text)).toEqual([
      "RSI_Oversold",
      "2",
      "50.00%",
      "$7.00",
      "$6.00",
      "$13.00",
      "2.40",
      "$5.00",
      "1",
    ]);
    expect([...row("MACD_Divergence").children].map(text)).toEqual([
      "MACD_Divergence",
      "1",
      "100.00%",
      "$4.00",
      "$0.00",
      "$4.00",
      "—",
      "$0.00",
      "1",
    ]);
    expect(spokenText(row("MACD_Divergence"))).toContain("no losing trade yet");
    expect(screen.getAllByTestId("strategy-row").map((r) => r.dataset.strategy)).toEqual([
      "MACD_Divergence",
      "RSI_Oversold",
    ]);
  });
});

describe("P&L by day", () => {
  it("lists days newest first with a bar scaled to the largest day, right for gains and left for losses", async () => {
    await opened([closedOn("2026-01-17", "a", 10), closedOn("2026-01-18", "b", -5), closedOn("2026-01-18", "c", 0)]);
    expect(screen.getAllByTestId("daily-row").map((r) => [...r.children].map(text))).toEqual([
      ["2026-01-18", "2", "0%", "-$5.00"],
      ["2026-01-17", "1", "100%", "$10.00"],
    ]);
    const bars = screen.getAllByTestId("daily-row").map((r) => r.querySelector("rect") as SVGRectElement);
    expect(bars.map((b) => [b.getAttribute("x"), b.getAttribute("width")])).toEqual([
      ["25", "25"],
      ["50", "50"],
    ]);
  });
});

describe("filter and notification controls", () => {
  it("fold behind a disclosure button that says which filter is on", async () => {
    const m = mount("?strategies=RSI_Oversold&min_confidence=0.7");
    const toggle = screen.getByTestId("controls-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(toggle.getAttribute("aria-controls")).toBe("controls-body");
    expect(text(toggle)).toBe("Filters and notifications RSI_Oversold · confidence ≥ 70%");
    await m.run(() => fireEvent.click(toggle));
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(document.getElementById("controls-body")?.querySelector("form")).not.toBeNull();
  });

  it("come after the summary and the positions in reading order", () => {
    mount();
    const order = ["summary", "panel-positions", "controls-toggle", "chart-pnl", "panel-strategies", "panel-daily"];
    const nodes = order.map((id) => screen.getByTestId(id));
    for (let i = 1; i < nodes.length; i++) {
      const before = nodes[i - 1] as Node;
      expect(before.compareDocumentPosition(nodes[i] as Node) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    }
  });
});
