/**
 * A ChartFactory that loads the real one (lightweight-charts, ~160 KB of the ~360 KB bundle) only
 * when the first chart is made, so the page's first script is smaller and the panels render
 * before the charting library has even arrived. It answers at once with stand-in handles that
 * keep what they are given — the last full series, the updates after it, the tone — and hand it
 * to the real chart when the library is there. `null` (no canvas) is still known at once.
 */
import { canvasSupported } from "./canvas-support.ts";
import type { TimePoint } from "./chart-data.ts";
import type { ChartFactory, ChartHandle, EquityChartHandle, Tone } from "./chart-host.ts";

export interface LazyOptions {
  /** Whether charts can be drawn here at all (default: a 2D canvas exists). */
  supported?: (doc: Document) => boolean;
}

/** What a stand-in has been given so far. Invariant: `updates` all came after `data`. */
interface Pending<P extends TimePoint> {
  data: P[] | null;
  updates: P[];
  tone: Tone | null;
}

export function lazyChartFactory(load: () => Promise<ChartFactory>, o: LazyOptions = {}): ChartFactory {
  const supported = o.supported ?? canvasSupported;
  let loading: Promise<ChartFactory> | null = null;
  // One load for every chart; a failed load (network) is tried again by the next chart made.
  const factory = () =>
    (loading ??= load().catch((e) => {
      loading = null;
      throw e;
    }));

  function standIn<P extends TimePoint, H extends ChartHandle<P>>(
    container: HTMLElement,
    make: (f: ChartFactory, el: HTMLElement) => H | null,
  ): ChartHandle<P> & { setTone(t: Tone): void } {
    let real: H | null = null;
    let removed = false;
    const pending: Pending<P> = { data: null, updates: [], tone: null };
    factory().then(
      (f) => {
        if (removed) return;
        real = make(f, container);
        if (!real) return;
        if (pending.data) real.series.setData(pending.data);
        for (const p of pending.updates) real.series.update(p);
        if (pending.tone) (real as unknown as EquityChartHandle).setTone?.(pending.tone);
        pending.data = null;
        pending.updates = [];
      },
      () => undefined, // the chart stays empty; the panels and numbers are unaffected
    );
    return {
      series: {
        setData(points) {
          if (real) return real.series.setData(points);
          pending.data = [...points];
          pending.updates = [];
        },
        update(point) {
          if (real) return real.series.update(point);
          pending.updates.push(point);
        },
      },
      setTone(t) {
        if (real) (real as unknown as EquityChartHandle).setTone?.(t);
        else pending.tone = t;
      },
      remove() {
        removed = true;
        real?.remove();
        real = null;
      },
    };
  }

  return {
    equity: (el) => (supported(el.ownerDocument) ? standIn(el, (f, c) => f.equity(c)) : null),
    candles: (el) => (supported(el.ownerDocument) ? standIn(el, (f, c) => f.candles(c)) : null),
  };
}

/** The page's charts: lightweight-charts, fetched as its own chunk when the first chart mounts. */
export const defaultChartFactory: ChartFactory = lazyChartFactory(() =>
  import("./chart-host.ts").then((m) => m.lightweightChartFactory),
);
