import { describe, expect, it } from "bun:test";
import { recordingCharts } from "../../test/fake-charts.ts";
import type { CandlePoint, EquityChartPoint } from "./chart-data.ts";
import type { ChartFactory } from "./chart-host.ts";
import { lazyChartFactory } from "./lazy-charts.ts";

const el = () => document.createElement("div");
const pt = (time: number, value: number): EquityChartPoint => ({ time, value, drawdown: 0 }) as EquityChartPoint;

/** A load the test releases by hand, counting how often it was asked for. */
function gate(real: ChartFactory) {
  let release: (f: ChartFactory) => void = () => {};
  let fail: (e: Error) => void = () => {};
  let loads = 0;
  const load = () => {
    loads++;
    return new Promise<ChartFactory>((res, rej) => {
      release = res;
      fail = rej;
    });
  };
  return {
    load,
    loads: () => loads,
    release: async () => {
      release(real);
      await Bun.sleep(0);
    },
    fail: async () => {
      fail(new Error("chunk failed"));
      await Bun.sleep(0);
    },
  };
}

describe("lazyChartFactory", () => {
  it("hands the real chart the last full series and every update after it once the library is in", async () => {
    const rec = recordingCharts();
    const g = gate(rec.factory);
    const f = lazyChartFactory(g.load, { supported: () => true });
    const h = f.equity(el());
    expect(h).not.toBeNull();
    h?.series.setData([pt(1, 1)]);
    h?.series.update(pt(2, 2));
    h?.series.setData([pt(1, 5), pt(2, 6)]); // replaces what came before
    h?.series.update(pt(3, 7));
    h?.setTone("negative");
    expect(rec.equity).toHaveLength(0);
    await g.release();
    const chart = rec.equity[0];
    expect(chart?.calls).toEqual([
      { op: "set", points: [pt(1, 5), pt(2, 6)] },
      { op: "update", point: pt(3, 7) },
    ]);
    expect(chart?.tones).toEqual(["negative"]);
    // From now on calls go straight through.
    h?.series.update(pt(4, 8));
    h?.setTone("positive");
    expect(chart?.shown().map((p) => p.value)).toEqual([5, 6, 7, 8]);
    expect(chart?.tones).toEqual(["negative", "positive"]);
  });

  it("loads the library once for every chart", async () => {
    const rec = recordingCharts();
    const g = gate(rec.factory);
    const f = lazyChartFactory(g.load, { supported: () => true });
    const a = f.equity(el());
    const b = f.candles(el());
    b?.series.setData([{ time: 1, open: 1, high: 2, low: 0, close: 1 } as CandlePoint]);
    await g.release();
    expect(g.loads()).toBe(1);
    expect(rec.equity).toHaveLength(1);
    expect(rec.candles[0]?.shown()).toHaveLength(1);
    a?.remove();
    expect(rec.equity[0]?.removed).toBe(true);
  });

  it("makes no chart for one removed before the library arrived", async () => {
    const rec = recordingCharts();
    const g = gate(rec.factory);
    const f = lazyChartFactory(g.load, { supported: () => true });
    f.equity(el())?.remove();
    await g.release();
    expect(rec.equity).toHaveLength(0);
  });

  it("answers null at once where charts cannot be drawn, without loading anything", () => {
    const g = gate(recordingCharts().factory);
    const f = lazyChartFactory(g.load, { supported: () => false });
    expect(f.equity(el())).toBeNull();
    expect(f.candles(el())).toBeNull();
    expect(g.loads()).toBe(0);
  });

  it("tries the load again for the next chart after a failed one", async () => {
    const rec = recordingCharts();
    const g = gate(rec.factory);
    const f = lazyChartFactory(g.load, { supported: () => true });
    f.equity(el())?.series.setData([pt(1, 1)]);
    await g.fail();
    const again = f.equity(el());
    again?.series.setData([pt(1, 2)]);
    await g.release();
    expect(g.loads()).toBe(2);
    expect(rec.equity).toHaveLength(1);
    expect(rec.equity[0]?.shown()).toEqual([pt(1, 2)]);
  });
});
