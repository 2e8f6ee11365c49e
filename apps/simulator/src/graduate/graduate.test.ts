import { describe, expect, it } from "bun:test";
import { summarize } from "../trading/metrics.ts";
import { GraduateMonitor } from "./monitor.ts";
import { decide, promotionMessage, rollbackMessage } from "./policy.ts";
import type { GraduateThresholds } from "./thresholds.ts";

const T: GraduateThresholds = {
  minTrades: 10,
  minWinRate: 0.6,
  minSharpe: 0.5,
  rollbackWindow: 5,
  rollbackMinWinRate: 0.4,
  rollbackMinSharpe: -0.2,
};
const win = { pnl: 20, return: 0.002 };
const smallWin = { pnl: 10, return: 0.001 };
const loss = { pnl: -10, return: -0.001 };
const repeat = <X>(x: X, n: number) => Array.from({ length: n }, () => x);

describe("promotion rule", () => {
  // 7 wins of 10: returns 0.002 ×7, −0.001 ×3 → mean 0.0011, sd 0.001449 → Sharpe 0.759
  const good = [...repeat(win, 7), ...repeat(loss, 3)];

  it("promotes a sandbox strategy with enough trades, win rate and Sharpe", () => {
    expect(summarize(good).sharpe).toBeCloseTo(0.759, 3);
    expect(decide("sandbox", summarize(good), T)).toEqual({ kind: "promote" });
  });
  it("waits while there are too few trades", () => {
    expect(decide("sandbox", summarize(good.slice(0, 9)), T)).toBeNull();
  });
  it("does not promote below the win rate or the Sharpe threshold", () => {
    // 5 of 10 wins: below 60%
    expect(decide("sandbox", summarize([...repeat(win, 5), ...repeat(loss, 5)]), T)).toBeNull();
    // 7 of 10 but with big losses: mean (7·0.001 − 3·0.004)/10 < 0 → Sharpe negative
    const bigLoss = { pnl: -40, return: -0.004 };
    expect(decide("sandbox", summarize([...repeat(smallWin, 7), ...repeat(bigLoss, 3)]), T)).toBeNull();
  });
});

describe("rollback rule", () => {
  it("judges a live strategy only over a full window", () => {
    expect(decide("live", summarize(repeat(loss, 4)), T)).toBeNull();
  });
  it("rolls back when the win rate drops below the floor, saying why", () => {
    // 1 win of 5 = 20% < 40%
    expect(decide("live", summarize([win, ...repeat(loss, 4)]), T)).toEqual({
      kind: "rollback",
      reason: "win rate 20% over the last 5 trades is below 40%",
    });
  });
  it("rolls back on a Sharpe ratio below the floor even with an acceptable win rate", () => {
    // 2 of 5 wins (40%, not below) but returns 0.001 ×2, −0.004 ×3 → mean −0.002, Sharpe −0.73
    const bigLoss = { pnl: -40, return: -0.004 };
    const d = decide("live", summarize([smallWin, smallWin, bigLoss, bigLoss, bigLoss]), T);
    expect(d).toEqual({ kind: "rollback", reason: "Sharpe -0.73 over the last 5 trades is below -0.20" });
  });
  it("keeps a live strategy that performs", () => {
    expect(decide("live", summarize([win, win, loss, win, loss]), T)).toBeNull();
  });
});

describe("messages", () => {
  it("use the original system's wording", () => {
    const stats = { ...summarize([]), totalTrades: 100, winRate: 0.65, sharpe: 1.2 };
    expect(promotionMessage(stats)).toBe("Strategy promoted to LIVE (100 trades, 65% win rate, Sharpe 1.20)");
    expect(rollbackMessage(2, "win rate 20% over the last 5 trades is below 40%")).toBe(
      "Rolled back to version 2: win rate 20% over the last 5 trades is below 40%",
    );
  });
});

describe("GraduateMonitor", () => {
  it("promotes, rolls back to the previous version, and promotes again as a new version", () => {
    const m = new GraduateMonitor(T);
    const alerts = [...repeat(win, 7), ...repeat(loss, 3)].map((o) => m.record("Support_Bounce", o));
    expect(alerts.slice(0, 9).every((a) => a === null)).toBe(true);
    expect(alerts[9]).toEqual({
      message: "Strategy promoted to LIVE (10 trades, 70% win rate, Sharpe 0.76)",
      strategy_name: "Support_Bounce",
      severity: "info",
      kind: "promoted",
      version: 1,
    });
    expect(m.stage("Support_Bounce")).toEqual({ stage: "live", version: 1 });

    const live = repeat(loss, 5).map((o) => m.record("Support_Bounce", o));
    expect(live.slice(0, 4).every((a) => a === null)).toBe(true);
    expect(live[4]).toMatchObject({
      kind: "rollback",
      severity: "warning",
      version: 0,
      strategy_name: "Support_Bounce",
    });
    expect(live[4]?.reason).toBe("win rate 0% over the last 5 trades is below 40%");
    expect(m.stage("Support_Bounce")).toEqual({ stage: "sandbox", version: 0 });

    // Back in the sandbox it must requalify from scratch: the earlier trades do not count.
    const again = [...repeat(win, 7), ...repeat(loss, 3)].map((o) => m.record("Support_Bounce", o));
    expect(again.slice(0, 9).every((a) => a === null)).toBe(true);
    expect(again[9]).toMatchObject({ kind: "promoted", version: 2 });
  });

  it("tracks each strategy separately", () => {
    const m = new GraduateMonitor(T);
    for (let i = 0; i < 10; i++) m.record("RSI_Oversold", win);
    expect(m.stage("RSI_Oversold").stage).toBe("sandbox"); // all-equal returns: no Sharpe, no promotion
    for (const o of [...repeat(win, 7), ...repeat(loss, 3)]) m.record("Volume_Spike", o);
    expect(m.stage("Volume_Spike").stage).toBe("live");
    expect(m.stage("MACD_Divergence").stage).toBe("sandbox");
  });
});
