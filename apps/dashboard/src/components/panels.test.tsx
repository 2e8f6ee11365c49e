import { afterEach, beforeEach, describe, expect, it } from "bun:test";
import { cleanup, screen, within } from "@testing-library/preact";
import { alert, closed, executed, metrics, originalExamples, resetSeq, signal } from "../../test/fixtures.ts";
import { mount, text, texts } from "../../test/mount.tsx";

beforeEach(() => resetSeq());
afterEach(() => cleanup());

describe("panels", () => {
  it("render the original system's five example events with exact text", async () => {
    const m = mount();
    await m.feed(originalExamples());
    expect(texts("signal-item")).toEqual(["BUY RSI_Oversold 10:30:45 Price $42,350.50 Confidence 85.0%"]);
    expect(texts("trade-item")).toEqual([
      "CLOSED Support_Bounce 10:30:47 Trade 123 Entry $42,400.00 → Exit $42,550.00 P&L $1.50",
      "BUY EXECUTED Support_Bounce 10:30:46 Trade 123 Entry $42,400.00 Qty 0.01",
    ]);
    const row = screen.getByTestId("metrics-row");
    expect(row.dataset.strategy).toBe("RSI_Oversold");
    expect([...row.children].map(text)).toEqual(["RSI_Oversold", "50", "62.00%", "$125.50", "—", "—"]);
    expect(texts("alert-item")).toEqual([
      "PROMOTED INFO Support_Bounce 10:30:49 Strategy promoted to LIVE (100 trades, 65% win rate, Sharpe 1.2)",
    ]);
    expect(screen.getByTestId("sum-total-trades").textContent).toBe("1");
    expect(screen.getByTestId("sum-active-positions").textContent).toBe("0");
    expect(screen.getByTestId("sum-win-rate").textContent).toBe("100.00%");
    expect(screen.getByTestId("sum-total-pnl").textContent).toBe("$1.50");
    expect(screen.getByTestId("sum-total-pnl").className).toContain("positive");
  });

  it("colour BUY/SELL, profits and losses, and show the win rate with two decimals", async () => {
    const m = mount();
    await m.feed([
      signal("MACD_Divergence", "SELL", 1234.5, 0.7, { symbol: "ETH-USDT" }),
      closed("a", 10),
      closed("b", -22),
      closed("c", 0.5),
      executed("d"),
    ]);
    const sig = screen.getByTestId("signal-item");
    // The head is one line (badge, strategy, time); the symbol opens the body line.
    expect(text(sig)).toBe("SELL MACD_Divergence 10:30:45 ETH-USDT Price $1,234.50 Confidence 70.0%");
    expect(within(sig).getByText("SELL").className).toContain("badge--sell");
    const loss = screen.getAllByTestId("trade-item").find((el) => text(el).includes("-$22.00"));
    expect(within(loss!).getByText("-$22.00").className).toContain("negative");
    expect(screen.getByTestId("sum-win-rate").textContent).toBe("66.67%");
    expect(screen.getByTestId("sum-total-pnl").textContent).toBe("-$11.50");
    expect(screen.getByTestId("sum-total-pnl").className).toContain("negative");
    expect(screen.getByTestId("sum-active-positions").textContent).toBe("1");
  });

  it("show at most 50 items, newest first", async () => {
    const m = mount();
    await m.feed(Array.from({ length: 80 }, (_, i) => signal("RSI_Oversold", "BUY", 1000 + i, 0.5)));
    const items = screen.getAllByTestId("signal-item");
    expect(items).toHaveLength(50);
    expect(items[0]?.dataset.seq).toBe("80");
    expect(items[49]?.dataset.seq).toBe("31");
  });

  it("keep existing items' DOM nodes when new ones arrive (only new keys slide in)", async () => {
    const m = mount();
    await m.feed([alert("system", "warning", "first")]);
    const first = screen.getByTestId("alert-item");
    await m.feed([alert("rollback", "critical", "second", { strategy_name: "Trend_Following" })]);
    const items = screen.getAllByTestId("alert-item");
    expect(items).toHaveLength(2);
    expect(items[1]).toBe(first);
    expect(items[0]?.dataset.severity).toBe("critical");
    expect(text(items[0]!)).toStartWith("ROLLBACK CRITICAL Trend_Following");
  });

  it("slide in only items that arrive in small groups, never a burst or the replayed history", async () => {
    const m = mount();
    await m.feed(Array.from({ length: 20 }, (_, i) => signal("RSI_Oversold", "BUY", 100 + i, 0.5))); // history
    expect(screen.getAllByTestId("signal-item").filter((el) => el.classList.contains("enter"))).toHaveLength(0);
    await m.feed([signal("RSI_Oversold", "SELL", 1, 0.5)]);
    const lone = screen.getAllByTestId("signal-item")[0]!;
    expect(lone.classList.contains("enter")).toBe(true);
    await m.feed(Array.from({ length: 10 }, () => signal("MACD_Divergence", "BUY", 2, 0.5))); // a burst
    const items = screen.getAllByTestId("signal-item");
    expect(items.slice(0, 10).some((el) => el.classList.contains("enter"))).toBe(false);
    expect(items[10]).toBe(lone);
    expect(lone.classList.contains("enter")).toBe(true); // its choice is kept
  });

  it("update a strategy's metrics row in place", async () => {
    const m = mount();
    await m.feed([metrics("RSI_Oversold", 50, 0.62, 125.5), metrics("Volume_Spike", 3, 0, -12)]);
    const row = screen.getAllByTestId("metrics-row")[0]!;
    await m.feed([metrics("RSI_Oversold", 51, 0.6275, 130.25, { sharpe_ratio: 1.234, profit_factor: 1.8 })]);
    const rows = screen.getAllByTestId("metrics-row");
    expect(rows.map((r) => r.dataset.strategy)).toEqual(["RSI_Oversold", "Volume_Spike"]);
    expect(rows[0]).toBe(row);
    expect([...row.children].map(text)).toEqual(["RSI_Oversold", "51", "62.75%", "$130.25", "1.23", "1.80"]);
    expect([...rows[1]!.children].map(text)[3]).toBe("-$12.00");
  });
});
