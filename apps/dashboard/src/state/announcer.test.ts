import { describe, expect, it } from "bun:test";
import { alert, ev, signal } from "../../test/fixtures.ts";
import { collapseCriticalAlerts, criticalAlertText } from "./announce-policy.ts";
import { createAnnouncer } from "./announcer.ts";

function fakeTimers() {
  let now = 0;
  let queue: { at: number; cb: () => void }[] = [];
  return {
    now: () => now,
    scheduled: () => queue.length,
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

describe("announcer", () => {
  it("speaks a lone message at once", () => {
    const t = fakeTimers();
    const a = createAnnouncer({ politeness: "assertive", minGapMs: 5000, timers: t });
    expect(a.message.value).toBe("");
    a.announce("Critical alert. Feed down");
    expect(a.message.value).toBe("Critical alert. Feed down");
    expect(t.scheduled()).toBe(0);
  });

  it("turns a flood into one announcement per gap: a count and the latest message", () => {
    const t = fakeTimers();
    const spoken: string[] = [];
    const a = createAnnouncer({
      politeness: "assertive",
      minGapMs: 5000,
      timers: t,
      collapse: (n, latest) => `${n} alerts; latest: ${latest}`,
    });
    a.message.subscribe((m) => m && spoken.push(m));
    // 1,000 messages a second for 10 seconds.
    for (let ms = 0; ms < 10_000; ms++) {
      a.announce(`alert ${ms}`);
      a.announce(`alert ${ms}b`);
      t.advance(1);
    }
    t.advance(5000);
    expect(spoken).toEqual(["alert 0", "9999 alerts; latest: alert 4999b", "10000 alerts; latest: alert 9999b"]);
    expect(t.scheduled()).toBe(0);
  });

  it("speaks one message that came during the gap as itself, when the gap ends", () => {
    const t = fakeTimers();
    const a = createAnnouncer({ politeness: "polite", minGapMs: 3000, timers: t });
    a.announce("first");
    t.advance(1000);
    a.announce("second");
    expect(a.message.value).toBe("first");
    t.advance(1999);
    expect(a.message.value).toBe("first");
    t.advance(1);
    expect(a.message.value).toBe("second");
  });

  it("changes the region's text when the same message comes twice, so it is announced again", () => {
    const t = fakeTimers();
    const a = createAnnouncer({ politeness: "assertive", minGapMs: 10, timers: t });
    a.announce("Feed down");
    t.advance(10);
    a.announce("Feed down");
    expect(a.message.value).toBe("Feed down\u00a0");
    t.advance(10);
    a.announce("Feed down");
    expect(a.message.value).toBe("Feed down");
  });

  it("says nothing more once disposed", () => {
    const t = fakeTimers();
    const a = createAnnouncer({ politeness: "assertive", minGapMs: 100, timers: t });
    a.announce("one");
    a.announce("two");
    a.dispose();
    t.advance(100);
    a.announce("three");
    expect(a.message.value).toBe("one");
  });
});

describe("what is announced", () => {
  const fresh = { timestamp: new Date(1_000_000).toISOString() };

  it("a fresh critical alert, with its strategy", () => {
    const e = alert("rollback", "critical", "Drawdown limit hit", { strategy_name: "Trend_Following" }, fresh);
    expect(criticalAlertText(e, 1_000_500)).toBe("Critical alert. Trend_Following: Drawdown limit hit");
    expect(criticalAlertText(alert("system", "critical", "Feed down", {}, fresh), 1_000_500)).toBe(
      "Critical alert. Feed down",
    );
  });

  it("never a signal, a lesser alert, or a critical alert replayed from history", () => {
    const now = 1_000_500;
    expect(criticalAlertText(alert("system", "warning", "Slow feed", {}, fresh), now)).toBeNull();
    expect(criticalAlertText(signal("RSI_Oversold", "BUY", 1, 0.99), now)).toBeNull();
    const old = ev("alert", "system.alert", { message: "old", severity: "critical", kind: "system" }, fresh);
    expect(criticalAlertText(old, now + 60_000)).toBeNull();
    // Stamped before the page first connected: part of the history that fills the page.
    expect(criticalAlertText(alert("system", "critical", "x", {}, fresh), now, 1_000_001)).toBeNull();
    expect(criticalAlertText(alert("system", "critical", "x", {}, fresh), now, 1_000_000)).toBe("Critical alert. x");
  });

  it("several in one gap as a count and the latest", () => {
    expect(collapseCriticalAlerts(3, "Critical alert. Feed down")).toBe("3 critical alerts. Latest: Feed down");
  });
});

describe("announcer for a state", () => {
  it("skips a repeat of what it last said, when asked to", () => {
    const t = fakeTimers();
    const spoken: string[] = [];
    const a = createAnnouncer({ politeness: "polite", minGapMs: 100, repeats: "skip", timers: t });
    a.message.subscribe((m) => m && spoken.push(m));
    a.announce("Connected");
    t.advance(100);
    a.announce("Connected");
    a.announce("Reconnecting…");
    t.advance(100);
    expect(spoken).toEqual(["Connected", "Reconnecting…"]);
  });
});
