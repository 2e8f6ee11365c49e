/**
 * The seam between chart components and lightweight-charts: a factory that makes a chart with
 * one series in a container, or null where there is no canvas (happy-dom, very old browsers),
 * in which case the component shows a text fallback. Tests inject a recording factory. The page
 * loads this module (and the library, ~45% of the bundle) lazily: see lazy-charts.ts.
 */
import {
  CandlestickSeries,
  type ChartOptions,
  ColorType,
  createChart,
  type DeepPartial,
  type IChartApi,
  LineSeries,
} from "lightweight-charts";
import { canvasSupported } from "./canvas-support.ts";
import type { CandlePoint, LinePoint, TimePoint } from "./chart-data.ts";

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

/** A line chart whose line and last-value label take the colour of a tone. */
export interface LineChartHandle extends ChartHandle<LinePoint> {
  setTone(tone: Tone): void;
}

export interface ChartFactory {
  line(container: HTMLElement): LineChartHandle | null;
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
  line(container) {
    if (!canvasSupported(container.ownerDocument)) return null;
    const chart = createChart(container, themeOptions(container));
    const { up, down } = colours(container);
    // The last-value label and price line take the series colour, so one option recolours all three.
    const series = chart.addSeries(LineSeries, { color: up, lineWidth: 2 });
    let tone: Tone = "positive";
    return {
      ...handle<LinePoint>(chart, series),
      setTone(next) {
        if (next === tone) return;
        tone = next;
        series.applyOptions({ color: next === "positive" ? up : down });
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
