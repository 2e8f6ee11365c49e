import { afterEach, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { signal } from "../../../test/events.ts";
import { closed, rollback, ruleAlerts, startTestWatch, type TestWatch, watchConfig } from "../../../test/watch.ts";
import { silentLogger } from "../../logger.ts";
import type { Rule } from "../config/rule-file.ts";
import { ownDeskLedger } from "../ledger/desk-ledger.ts";
import { createSqliteWatchStore, watchDbPath } from "../store/sqlite-store.ts";
import type { WatchStore } from "../store/watch-store.ts";
import { startWatch } from "../watch.ts";

const running: TestWatch[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.dispose()));
});
async function start(rules: Rule[], o: Partial<Parameters<typeof startTestWatch>[0]> = {}): Promise<TestWatch> {
  const w = await startTestWatch({ config: watchConfig(rules), ...o });
  running.push(w);
  return w;
}
const DD: Rule = { id: "dd-rsi", kind: "drawdown", above: 100, strategy: "RSI_Oversold" };

describe("a level rule (hysteresis)", () => {
  it("fires once on crossing, not again while beyond, again after recovery and a new crossing", async () => {
    const w = await start([DD]);
    await w.publish(closed("RSI_Oversold", 50)); // peak 50
    expect(await ruleAlerts(w.bus, "dd-rsi")).toHaveLength(0);
    await w.publish(closed("RSI_Oversold", -120)); // drawdown 120 > 100: fires
    await w.publish(closed("RSI_Oversold", -30)); // 150: still beyond
    await w.tick();
    await w.publish(closed("RSI_Oversold", -10));
    let alerts = await ruleAlerts(w.bus, "dd-rsi");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.data).toMatchObject({
      rule_id: "dd-rsi",
      strategy_name: "RSI_Oversold",
      severity: "critical",
      kind: "system",
      message: "RSI_Oversold: drawdown 120.00 beyond 100",
    });
    await w.publish(closed("RSI_Oversold", 200)); // new peak: drawdown 0, re-armed (no recovery alert by default)
    expect(await ruleAlerts(w.bus, "dd-rsi")).toHaveLength(1);
    await w.publish(closed("RSI_Oversold", -101)); // crosses again
    alerts = await ruleAlerts(w.bus, "dd-rsi");
    expect(alerts.map((a) => a.data.message)).toEqual([
      "RSI_Oversold: drawdown 120.00 beyond 100",
      "RSI_Oversold: drawdown 101.00 beyond 100",
    ]);
  });

  it("publishes an info alert when the condition clears, if the rule asks for it", async () => {
    const w = await start([{ ...DD, recovery: true }]);
    await w.publish(closed("RSI_Oversold", -150), closed("RSI_Oversold", 200));
    await w.publish(closed("RSI_Oversold", -150));
    await w.publish(closed("RSI_Oversold", 300));
    const alerts = await ruleAlerts(w.bus, "dd-rsi");
    expect(alerts.map((a) => a.data.severity)).toEqual(["critical", "info"]);
  });

  it("does not fire again after a restart while the condition still holds", async () => {
    const w = await start([DD]);
    await w.publish(closed("RSI_Oversold", -150));
    await w.stop();
    const again = await start([DD], { dir: w.dir });
    await again.tick();
    await again.publish(closed("RSI_Oversold", -5));
    expect(await ruleAlerts(again.bus, "dd-rsi")).toHaveLength(1);
  });

  it("fires once when the hub dies between publishing the alert and saving its state", async () => {
    // The first save of a fired state fails (as if the process died right after the publish).
    let failOnce = true;
    const flaky = (s: WatchStore): WatchStore => ({
      ...s,
      async casFired(key, gen, next) {
        if (failOnce) {
          failOnce = false;
          throw new Error("disk I/O error");
        }
        return s.casFired(key, gen, next);
      },
    });
    const w = await start([DD], { wrapStore: flaky });
    await w.publish(closed("RSI_Oversold", -150));
    expect(await ruleAlerts(w.bus, "dd-rsi")).toHaveLength(1);
    await w.tick(); // tries the same transition again: same idempotency key, nothing new published
    await w.tick();
    expect(await ruleAlerts(w.bus, "dd-rsi")).toHaveLength(1);
  });

  it('evaluates per strategy with "*", the desk total without one, and stays quiet for strategies that never traded', async () => {
    const w = await start([
      { id: "streak", kind: "loss_streak", count: 2, strategy: "*" },
      { id: "desk-day", kind: "daily_loss", above: 250 },
      { id: "ghost", kind: "drawdown", above: 1, strategy: "No_Such_Strategy" },
      { id: "wr", kind: "win_rate", below: 0.5, min_trades: 3, strategy: "MACD_Divergence" },
    ]);
    await w.publish(closed("RSI_Oversold", -100), closed("RSI_Oversold", -100));
    await w.publish(closed("MACD_Divergence", -60), closed("MACD_Divergence", 10), closed("MACD_Divergence", -1));
    const streak = await ruleAlerts(w.bus, "streak");
    expect(streak.map((a) => a.data.strategy_name)).toEqual(["RSI_Oversold"]);
    expect((await ruleAlerts(w.bus, "desk-day")).map((a) => a.data.message)).toEqual([
      "desk: loss today 251.00 beyond 250",
    ]);
    expect(await ruleAlerts(w.bus, "wr")).toHaveLength(1);
    expect(await ruleAlerts(w.bus, "ghost")).toHaveLength(0);
    expect(w.watch.status().rules.find((r) => r.id === "streak")?.active).toEqual(["RSI_Oversold"]);
  });

  it("re-arms a daily loss rule when the UTC day turns", async () => {
    const w = await start([{ id: "day", kind: "daily_loss", above: 10 }], { start: Date.UTC(2026, 0, 19, 23, 0) });
    await w.publish(closed("RSI_Oversold", -20));
    w.clock.advance(2 * 3_600_000); // next day: today's loss is 0
    await w.tick();
    await w.publish(closed("RSI_Oversold", -20));
    expect(await ruleAlerts(w.bus, "day")).toHaveLength(2);
  });
});

describe("event rules", () => {
  it("fire once per matching rollback or signal, and never for the hub's own alerts", async () => {
    const w = await start([
      { id: "rollbacks", kind: "rollback" },
      { id: "strong", kind: "signal", min_confidence: 0.9, action: "SELL" },
    ]);
    await w.publish(
      rollback("RSI_Oversold"),
      signal("RSI_Oversold", 0.95, "SELL"),
      signal("RSI_Oversold", 0.95, "BUY"),
    );
    await w.publish(signal("MACD_Divergence", 0.5, "SELL"));
    await w.tick();
    expect((await ruleAlerts(w.bus, "rollbacks")).map((a) => a.data.severity)).toEqual(["warning"]);
    expect((await ruleAlerts(w.bus, "strong")).map((a) => a.data.strategy_name)).toEqual(["RSI_Oversold"]);
  });

  it("after a restart, alerts the events committed while it was not evaluated, once", async () => {
    const rules: Rule[] = [{ id: "rollbacks", kind: "rollback" }];
    const w = await start(rules);
    await w.publish(rollback("A"));
    await w.tick(); // cursor saved past the first rollback
    await w.watch.stop(); // the watch stops; the bus goes on (as if the hub died before evaluating)
    await w.bus.publish([rollback("B")]);
    await w.bus.close();
    const again = await start(rules, { dir: w.dir });
    await again.tick();
    expect((await ruleAlerts(again.bus, "rollbacks")).map((a) => a.data.strategy_name)).toEqual(["A", "B"]);
  });
});

describe("two watches on one store and bus (two instances)", () => {
  it("publish each alert once: the same idempotency key, one compare-and-set wins", async () => {
    const a = await start([DD]);
    const store = createSqliteWatchStore(watchDbPath(join(a.dir, "hub.db")));
    const b = await startWatch({
      bus: a.bus,
      store,
      config: watchConfig([DD]),
      ledger: ownDeskLedger(),
      logger: silentLogger,
      instanceId: "b",
      now: () => a.clock.now,
      tickMs: 3_600_000,
    });
    try {
      await a.publish(closed("RSI_Oversold", -150)); // both watches see the batch and fire
      await b.idle();
      await Promise.all([a.tick(), b.tick()]);
      await b.idle();
      expect(await ruleAlerts(a.bus, "dd-rsi")).toHaveLength(1);
      expect(b.status().rules.find((r) => r.id === "dd-rsi")?.active).toEqual(["RSI_Oversold"]);
    } finally {
      await b.stop();
    }
  });
});
