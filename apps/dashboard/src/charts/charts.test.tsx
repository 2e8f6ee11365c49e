import { afterEach, beforeEach, describe, expect, it } from "bun:test";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { FakeClient } from "../../test/fake-client.ts";
import { candle, closed, resetSeq } from "../../test/fixtures.ts";
import { mount } from "../../test/mount.tsx";
import { App } from "../App.tsx";
import { createSession } from "../session.ts";

beforeEach(() => resetSeq());
afterEach(() => cleanup());

describe("charts", () => {
  it("give the P&L chart the cumulative series and its drawdown below the running peak", async () => {
    const m = mount();
    await m.feed([closed("a", 10), closed("b", -4)]);
    await m.feed([closed("c", 2.5)]);
    const chart = m.charts.equity[0]!;
    expect(chart.shown().map((p) => p.value)).toEqual([10, 6, 8.5]);
    expect(chart.shown().map((p) => p.drawdown)).toEqual([0, -4, -1.5]);
    expect(chart.calls.map((c) => c.op)).toEqual(["set", "update", "update"]);
    expect(screen.getByTestId("chart-pnl").dataset.points).toBe("3");
    expect(screen.getByTestId("max-drawdown").textContent).toBe("$4.00");
    expect(screen.getByTestId("current-drawdown").textContent).toBe("$1.50");
  });

  it("colour the P&L line by the sign of the running total: green at or above zero, tomato below", async () => {
    const m = mount();
    await m.feed([closed("a", 10)]);
    const chart = m.charts.equity[0]!;
    expect(chart.tones.at(-1)).toBe("positive");
    await m.feed([closed("b", -25)]);
    expect(chart.tones.at(-1)).toBe("negative");
    await m.feed([closed("c", 15)]);
    expect(chart.shown().at(-1)?.value).toBe(0);
    expect(chart.tones.at(-1)).toBe("positive");
  });

  it("give the candle chart the selected symbol's bars, and redraw on a new selection", async () => {
    const m = mount();
    await m.feed([
      candle("BTC-USDT", "1m", "2026-01-19T10:30:00Z", 100, 110, 90, 105),
      candle("ETH-USDT", "1m", "2026-01-19T10:30:00Z", 10, 11, 9, 10.5),
      candle("BTC-USDT", "1m", "2026-01-19T10:31:00Z", 105, 120, 100, 118),
    ]);
    const chart = m.charts.candles[0]!;
    expect(chart.shown()).toEqual([
      { time: Date.parse("2026-01-19T10:30:00Z") / 1000, open: 100, high: 110, low: 90, close: 105 },
      { time: Date.parse("2026-01-19T10:31:00Z") / 1000, open: 105, high: 120, low: 100, close: 118 },
    ]);
    await m.feed([candle("BTC-USDT", "1m", "2026-01-19T10:31:00Z", 105, 125, 100, 121)]);
    expect(chart.calls.at(-1)).toEqual({
      op: "update",
      point: { time: Date.parse("2026-01-19T10:31:00Z") / 1000, open: 105, high: 125, low: 100, close: 121 },
    });
    const select = screen.getByTestId("candle-symbol") as HTMLSelectElement;
    await m.run(() => {
      select.value = "ETH-USDT.1m";
      fireEvent.change(select);
    });
    expect(chart.calls.at(-1)?.op).toBe("set");
    expect(chart.shown().map((p) => p.close)).toEqual([10.5]);
  });

  it("do no chart work while the page is hidden, and catch up when it is shown", async () => {
    const m = mount();
    await m.feed([closed("a", 1)]);
    const chart = m.charts.equity[0]!;
    await m.run(() => {
      (m.session.pageVisible as { value: boolean }).value = false;
    });
    const before = chart.calls.length;
    await m.feed([closed("b", 1), closed("c", 1)]);
    expect(chart.calls.length).toBe(before);
    await m.run(() => {
      (m.session.pageVisible as { value: boolean }).value = true;
    });
    expect(chart.shown().map((p) => p.value)).toEqual([1, 2, 3]);
  });

  it("fall back to text where there is no canvas", () => {
    const client = new FakeClient();
    const session = createSession({
      client,
      view: { filter: undefined, transports: undefined, replayAll: false },
      url: { search: () => "", replace: () => {} },
      notifications: {},
      listRefreshMs: 0,
      clock: { now: () => 0, setInterval: () => 0, clearInterval: () => {} },
    });
    render(<App session={session} />); // real lightweight-charts factory; happy-dom has no 2D canvas
    expect(within(screen.getByTestId("chart-pnl")).getByText("Chart unavailable in this browser.")).toBeTruthy();
    expect(within(screen.getByTestId("chart-candles")).getByText("Chart unavailable in this browser.")).toBeTruthy();
  });
});
