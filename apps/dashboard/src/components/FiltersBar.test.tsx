import { afterEach, beforeEach, describe, expect, it } from "bun:test";
import { cleanup, fireEvent, screen } from "@testing-library/preact";
import { resetSeq, signal } from "../../test/fixtures.ts";
import { mount, texts } from "../../test/mount.tsx";
import { readViewQuery } from "../state/view-query.ts";

beforeEach(() => resetSeq());
afterEach(() => cleanup());

describe("filters", () => {
  it("start from the URL's filter", () => {
    mount("?strategies=RSI_Oversold,Support_Bounce&types=signal,trade&min_confidence=0.7");
    expect((screen.getByRole("checkbox", { name: "RSI_Oversold" }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole("checkbox", { name: "Support_Bounce" }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole("checkbox", { name: "Volume_Spike" }) as HTMLInputElement).checked).toBe(false);
    expect((screen.getByRole("checkbox", { name: "Signals" }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole("checkbox", { name: "Metrics" }) as HTMLInputElement).checked).toBe(false);
    expect((screen.getByTestId("min-confidence") as HTMLInputElement).value).toBe("0.7");
  });

  it("apply changes on the hub and keep them in the URL", async () => {
    const m = mount("?transport=sse");
    await m.run(() => fireEvent.click(screen.getByRole("checkbox", { name: "MACD_Divergence" })));
    expect(m.client.filters.at(-1)).toEqual({ strategies: ["MACD_Divergence"] });
    await m.run(() => fireEvent.click(screen.getByRole("checkbox", { name: "Alerts" })));
    const slider = screen.getByTestId("min-confidence") as HTMLInputElement;
    await m.run(() => {
      slider.value = "0.8";
      fireEvent.change(slider);
    });
    expect(m.client.filters.at(-1)).toEqual({ strategies: ["MACD_Divergence"], types: ["alert"], min_confidence: 0.8 });
    expect(m.url.current).toBe("?transport=sse&strategies=MACD_Divergence&types=alert&min_confidence=0.8");
    expect(readViewQuery(m.url.current).filter).toEqual(m.client.filters.at(-1));
    await m.run(() => fireEvent.click(screen.getByRole("button", { name: "Clear filters" })));
    expect(m.client.filters.at(-1)).toBeUndefined();
    expect(m.url.current).toBe("?transport=sse");
  });

  it("hide shown items the new filter excludes", async () => {
    const m = mount();
    await m.feed([signal("RSI_Oversold", "BUY", 1, 0.9), signal("Volume_Spike", "SELL", 2, 0.9)]);
    await m.run(() => fireEvent.click(screen.getByRole("checkbox", { name: "Volume_Spike" })));
    expect(texts("signal-item").map((t) => t.split(" ")[1])).toEqual(["Volume_Spike"]);
  });
});
