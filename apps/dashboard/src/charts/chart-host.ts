/**
 * The seam between chart components and lightweight-charts: a factory that makes a chart with
 * one series in a container, or null where there is no canvas (happy-dom, very old browsers),
 * in which case the component shows a text fallback. Tests inject a recording factory. The page
 * loads this module (and the library, ~45% of the bundle) lazily: see lazy-charts.ts.
 */
import {
  BaselineSeries,
  CandlestickSeries,
  type ChartOptions,
  ColorType,
  createChart,
  type DeepPartial,
  type IChartApi,
  LineSeries,
} from "lightweight-charts";
import { canvasSupported } from "./canvas-support.ts";
import type { CandlePoint, EquityChartPoint, TimePoint } from "./chart-data.ts";

export interface SeriesHandle<P extends TimePoint> {
  setData(points: readonly P[]): void;
  /** Replaces the last point (same time) or appends a newer one. */
  update(point: P): void;
}

export interface ChartHandle<P extends TimePoint> {
  readonly series: SeriesHandle<P>;
  remove(): void;
}

/** Which colour a signed line is drawn in: profits green, losses tomato (like the summary card). */
export type Tone = "positive" | "negative";

/**
 * The cumulative P&L chart: the line (its last-value label in the colour of a tone) and, in a
 * band at the bottom, the drawdown below the running peak. One point feeds both series.
 */
export interface EquityChartHandle extends ChartHandle<EquityChartPoint> {
  setTone(tone: Tone): void;
}

export interface ChartFactory {
  equity(container: HTMLElement): EquityChartHandle | null;
  candles(container: HTMLElement): ChartHandle<CandlePoint> | null;
}

/** Theme colours from the page's CSS variables (styles.css), so charts match dark and light. */
function themeOptions(container: HTMLElement): DeepPartial<ChartOptions> {
  const css = container.ownerDocument.defaultView?.getComputedStyle(container);
  const v = (name: string, fallback: string) => css?.getPropertyValue(name).trim() || fallback;
  const border = v("--border", "#30363d");
  return {
    autoSize: true, // follows the container's size through ResizeObserver
    layout: {
      background: { type: ColorType.Solid, color: "transparent" },
      textColor: v("--muted", "#8b949e"),
      // The logo injects an inline <style>, which the strict CSP refuses; the page footer credits
      // TradingView instead, as its licence asks.
      attributionLogo: false,
    },
    grid: { vertLines: { color: border }, horzLines: { color: border } },
    timeScale: { timeVisible: true, secondsVisible: true, borderColor: border },
    rightPriceScale: { borderColor: border },
  };
}

function colours(container: HTMLElement) {
  const css = container.ownerDocument.defaultView?.getComputedStyle(container);
  const v = (name: string, fallback: string) => css?.getPropertyValue(name).trim() || fallback;
  return { up: v("--positive", "#00e676"), down: v("--negative", "#ff6347") };
}

/** `#rrggbb` at `alpha` opacity (`rgba(...)`); any other colour form is returned as it is. */
export function translucent(colour: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!m) return colour;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => Number.parseInt(h as string, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Our points carry `time` in seconds, which is what the library's branded UTCTimestamp is. */
function handle<P extends TimePoint>(
  chart: IChartApi,
  series: { setData(d: never[]): void; update(d: never): void },
): ChartHandle<P> {
  return {
    series: {
      setData: (points) => {
        series.setData(points as never[]);
        chart.timeScale().fitContent();
      },
      update: (point) => series.update(point as never),
    },
    remove: () => chart.remove(),
  };
}

export const lightweightChartFactory: ChartFactory = {
  equity(container) {
    if (!canvasSupported(container.ownerDocument)) return null;
    const chart = createChart(container, themeOptions(container));
    const { up, down } = colours(container);
    // The last-value label and price line take the series colour, so one option recolours all three.
    const line = chart.addSeries(LineSeries, { color: up, lineWidth: 2 });
    // Drawdown (<= 0) on its own scale in the bottom band: the area between 0 and the curve
    // ("underwater"), so the deeper the dip, the bigger the red.
    const drawdown = chart.addSeries(BaselineSeries, {
      priceScaleId: "drawdown",
      baseValue: { type: "price", price: 0 },
      topLineColor: "transparent",
      topFillColor1: "transparent",
      topFillColor2: "transparent",
      bottomLineColor: down,
      bottomFillColor1: translucent(down, 0.15),
      bottomFillColor2: translucent(down, 0.45),
      lineWidth: 1,
      lastValueVisible: false,
      priceLineVisible: false,
    });
    chart.priceScale("drawdown").applyOptions({ scaleMargins: { top: 0.78, bottom: 0 } });
    line.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.26 } });
    const both = {
      setData(points: never[]) {
        const ps = points as EquityChartPoint[];
        line.setData(ps.map((p) => ({ time: p.time, value: p.value })) as never[]);
        drawdown.setData(ps.map((p) => ({ time: p.time, value: p.drawdown })) as never[]);
      },
      update(point: never) {
        const p = point as EquityChartPoint;
        line.update({ time: p.time, value: p.value } as never);
        drawdown.update({ time: p.time, value: p.drawdown } as never);
      },
    };
    let tone: Tone = "positive";
    return {
      ...handle<EquityChartPoint>(chart, both),
      setTone(next) {
        if (next === tone) return;
        tone = next;
        line.applyOptions({ color: next === "positive" ? up : down });
      },
    };
  },
  candles(container) {
    if (!canvasSupported(container.ownerDocument)) return null;
    const chart = createChart(container, themeOptions(container));
    const { up, down } = colours(container);
    const series = chart.addSeries(CandlestickSeries, {
      upColor: up,
      downColor: down,
      borderVisible: false,
      wickUpColor: up,
      wickDownColor: down,
    });
    return handle(chart, series);
  },
};
