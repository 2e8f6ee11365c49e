import { afterEach, beforeEach, describe, expect, it } from "bun:test";
import { cleanup, fireEvent, screen, within } from "@testing-library/preact";
import { originalExamples, resetSeq } from "../../test/fixtures.ts";
import { mount } from "../../test/mount.tsx";

beforeEach(() => resetSeq());
afterEach(() => cleanup());

describe("status bar", () => {
  it("names the state and the transport in words", async () => {
    const m = mount();
    expect(screen.getByTestId("status").textContent).toBe("Connecting…");
    expect(screen.getByTestId("transport").textContent).toBe("—");
    await m.run(() => m.client.setState("open", "ws"));
    expect(screen.getByTestId("status").textContent).toBe("Connected");
    expect(screen.getByTestId("transport").textContent).toBe("WebSocket");
    await m.run(() => m.client.setState("reconnecting", null));
    expect(screen.getByTestId("status").textContent).toBe("Reconnecting…");
    await m.run(() => m.client.setState("open", "sse"));
    expect(screen.getByTestId("transport").textContent).toBe("SSE");
    await m.run(() => m.client.setState("closed", null));
    expect(screen.getByTestId("status").textContent).toBe("Disconnected");
    // Announced through the polite status region (rate-limited), not by the words themselves.
    expect(screen.getByTestId("status").getAttribute("aria-live")).toBeNull();
    expect(screen.getByTestId("announce-status").getAttribute("aria-live")).toBe("polite");
  });

  it("shows latency and the current seq", async () => {
    const m = mount();
    m.client.latencyMs = 12.3;
    await m.feed(originalExamples());
    expect(screen.getByTestId("latency").textContent).toBe("12 ms");
    expect(screen.getByTestId("latency-field").textContent).toBe("latency 12 ms");
    // The explanation opens on hover and on keyboard focus, and is the field's description.
    const field = screen.getByTestId("latency-field");
    const tip = "WebSocket ping round trip ÷ 2, smoothed (no live events recently)";
    expect(field.dataset.tip).toBe(tip);
    expect(field.tabIndex).toBe(0);
    expect(document.getElementById(field.getAttribute("aria-describedby") ?? "")?.textContent).toBe(tip);
    expect(screen.getByTestId("last-seq").textContent).toBe("5");
    expect(screen.getByTestId("last-event").textContent).toBe("just now");
  });
});

describe("truncated history banner", () => {
  it("appears on replayed.truncated and can be dismissed", async () => {
    const m = mount();
    expect(screen.queryByTestId("truncated-banner")).toBeNull();
    await m.run(() =>
      m.client.emit("replayed", { type: "replayed", count: 10, truncated: true, from_seq: 5, to_seq: 15, epoch: "e" }),
    );
    const banner = screen.getByTestId("truncated-banner");
    expect(banner.textContent).toContain("History was truncated: some older events are not shown");
    await m.run(() => fireEvent.click(within(banner).getByRole("button", { name: "Dismiss" })));
    expect(screen.queryByTestId("truncated-banner")).toBeNull();
  });
});
