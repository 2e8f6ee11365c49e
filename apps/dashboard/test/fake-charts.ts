/** A ChartFactory that records what each chart was given instead of drawing it. */
import type { CandlePoint, EquityChartPoint, TimePoint } from "../src/charts/chart-data.ts";
import type { ChartFactory, ChartHandle, Tone } from "../src/charts/chart-host.ts";

export interface RecordedChart<P extends TimePoint> {
  container: HTMLElement;
  calls: ({ op: "set"; points: P[] } | { op: "update"; point: P })[];
  removed: boolean;
  /** Every tone the line was set to, in order (the equity chart only). */
  tones: Tone[];
  /** What the chart shows now, replaying the calls. */
  shown(): P[];
}

export function recordingCharts() {
  const equity: RecordedChart<EquityChartPoint>[] = [];
  const candles: RecordedChart<CandlePoint>[] = [];
  function make<P extends TimePoint>(into: RecordedChart<P>[], container: HTMLElement): ChartHandle<P> {
    const rec: RecordedChart<P> = {
      container,
      calls: [],
      removed: false,
      tones: [],
      shown() {
        let out: P[] = [];
        for (const c of rec.calls) {
          if (c.op === "set") out = [...c.points];
          else if (out.length > 0 && (out[out.length - 1] as P).time === c.point.time) out[out.length - 1] = c.point;
          else out.push(c.point);
        }
        return out;
      },
    };
    into.push(rec);
    return {
      series: {
        setData: (points) => void rec.calls.push({ op: "set", points: [...points] }),
        update: (point) => void rec.calls.push({ op: "update", point }),
      },
      remove: () => {
        rec.removed = true;
      },
    };
  }
  const factory: ChartFactory = {
    equity: (el) => {
      const chart = make(equity, el);
      const rec = equity[equity.length - 1] as RecordedChart<EquityChartPoint>;
      return { ...chart, setTone: (tone) => void rec.tones.push(tone) };
    },
    candles: (el) => make(candles, el),
  };
  return { factory, equity, candles };
}
