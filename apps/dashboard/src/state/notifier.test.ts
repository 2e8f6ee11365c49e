import { beforeEach, describe, expect, it } from "bun:test";
import { alert, resetSeq, signal, T0 } from "../../test/fixtures.ts";
import { createNotifier, DEFAULT_THRESHOLD, ENABLED_KEY, type NotificationApi, THRESHOLD_KEY } from "./notifier.ts";
import { isFresh, notificationFor } from "./notify-policy.ts";

/** A Notification API stand-in that records what was shown and answers permission requests. */
function fakeNotifications(initial: "default" | "granted" | "denied", answer: "granted" | "denied" = "granted") {
  const shown: { title: string; body?: string; tag?: string }[] = [];
  let asked = 0;
  const Api = class {
    static permission = initial;
    static async requestPermission() {
      asked++;
      Api.permission = answer;
      return answer;
    }
    constructor(title: string, options?: { body?: string; tag?: string }) {
      shown.push({ title, ...options });
    }
  };
  return { Api: Api as unknown as NotificationApi, shown, asked: () => asked };
}

function memoryStorage(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

beforeEach(() => resetSeq());

describe("notification policy", () => {
  it("notifies signals at or above the threshold, with a readable text", () => {
    const e = signal("RSI_Oversold", "BUY", 42350.5, 0.85, { symbol: "BTC-USDT" });
    expect(notificationFor(e, 0.85)).toEqual({
      title: "BUY signal: RSI_Oversold",
      body: "BUY BTC-USDT at $42,350.50, confidence 85.0%",
      tag: "signal-RSI_Oversold",
    });
    expect(notificationFor(e, 0.9)).toBeNull();
  });
  it("notifies critical alerts only", () => {
    expect(notificationFor(alert("system", "critical", "feed down"), 1)?.body).toBe("feed down");
    expect(notificationFor(alert("rollback", "warning", "rolled back"), 0)).toBeNull();
  });
  it("treats events older than 30 s as history", () => {
    const e = signal("RSI_Oversold", "BUY", 1, 1, {}); // timestamp T0
    expect(isFresh(e, T0 + 10_000)).toBe(true);
    expect(isFresh(e, T0 + 31_000)).toBe(false);
  });
});

describe("notifier", () => {
  it("asks for permission only when turned on, and remembers the choice", async () => {
    const n = fakeNotifications("default");
    const storage = memoryStorage();
    const notifier = createNotifier({ Notification: n.Api, storage, now: () => T0 });
    expect(n.asked()).toBe(0);
    expect(notifier.active.value).toBe(false);
    await notifier.setWanted(true);
    expect(n.asked()).toBe(1);
    expect(notifier.active.value).toBe(true);
    expect(storage.m.get(ENABLED_KEY)).toBe("1");
  });

  it("persists the threshold and reads it back", () => {
    const storage = memoryStorage();
    const a = createNotifier({ storage });
    expect(a.threshold.value).toBe(DEFAULT_THRESHOLD);
    a.setThreshold(0.75);
    expect(storage.m.get(THRESHOLD_KEY)).toBe("0.75");
    expect(createNotifier({ storage }).threshold.value).toBe(0.75);
    expect(createNotifier({ storage: memoryStorage({ [THRESHOLD_KEY]: "banana" }) }).threshold.value).toBe(
      DEFAULT_THRESHOLD,
    );
  });

  it("shows fresh qualifying events, at most one per gap", () => {
    const n = fakeNotifications("granted");
    let now = T0 + 1000;
    const notifier = createNotifier(
      { Notification: n.Api, storage: memoryStorage({ [ENABLED_KEY]: "1", [THRESHOLD_KEY]: "0.8" }), now: () => now },
      3000,
    );
    const low = signal("MACD_Divergence", "SELL", 10, 0.5);
    const high = signal("RSI_Oversold", "BUY", 10, 0.9);
    notifier.consider([high, low]);
    expect(n.shown.map((s) => s.title)).toEqual(["BUY signal: RSI_Oversold"]);
    notifier.consider([signal("RSI_Oversold", "SELL", 10, 0.95)]);
    expect(n.shown).toHaveLength(1); // within the gap
    now += 5000;
    notifier.consider([alert("system", "critical", "feed down", {})]);
    expect(n.shown.map((s) => s.title)).toEqual(["BUY signal: RSI_Oversold", "Critical alert"]);
  });

  it("stays silent when off, denied or unsupported", async () => {
    const granted = fakeNotifications("granted");
    const off = createNotifier({ Notification: granted.Api, storage: memoryStorage(), now: () => T0 });
    off.consider([signal("RSI_Oversold", "BUY", 1, 1)]);
    expect(granted.shown).toEqual([]);

    const denied = fakeNotifications("default", "denied");
    const d = createNotifier({ Notification: denied.Api, storage: memoryStorage(), now: () => T0 });
    await d.setWanted(true);
    expect(d.permission.value).toBe("denied");
    d.consider([signal("RSI_Oversold", "BUY", 1, 1)]);
    expect(denied.shown).toEqual([]);

    expect(createNotifier({}).permission.value).toBe("unsupported");
  });
});
