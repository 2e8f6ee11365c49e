/**
 * Hook shared by the chart components: creates the chart once the container exists, pushes each
 * new version of the data into it (tail `update`s when possible), and does nothing at all while
 * the page is hidden — the data is not even transformed then, since the computed is lazy.
 */
import { effect, type ReadonlySignal } from "@preact/signals";
import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";
import { planSeries, type SeriesPlan, type TimePoint } from "./chart-data.ts";
import type { ChartHandle } from "./chart-host.ts";

/** A series version: `key` names which series it is (another symbol = redraw from scratch). */
export interface SeriesData<P extends TimePoint> {
  key: string;
  points: readonly P[];
}

/** Returns false when no chart could be made here (no canvas): the caller shows a fallback. */
export function useSeriesChart<P extends TimePoint, H extends ChartHandle<P> = ChartHandle<P>>(
  ref: RefObject<HTMLElement | null>,
  create: (el: HTMLElement) => H | null,
  data: ReadonlySignal<SeriesData<P>>,
  visible: ReadonlySignal<boolean>,
  /** Called after each change reached the chart, with what it now shows (e.g. to recolour it). */
  onDrawn?: (chart: H, points: readonly P[]) => void,
): boolean {
  const [available, setAvailable] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = create(el);
    if (!chart) {
      setAvailable(false);
      return;
    }
    let drawn: readonly P[] | null = null;
    let drawnKey: string | null = null;
    let inChart = 0;
    const stop = effect(() => {
      if (!visible.value) return;
      const { key, points } = data.value;
      let plan: SeriesPlan<P> =
        key === drawnKey || (drawnKey === null && points.length === 0)
          ? planSeries(drawn, points)
          : { kind: "set", points: [...points] };
      // `update` only appends; once the chart holds far more than the (capped) data, start over.
      if (plan.kind === "update" && inChart + plan.points.length > 2 * points.length + 100) {
        plan = { kind: "set", points: [...points] };
      }
      if (plan.kind === "set") {
        chart.series.setData(plan.points);
        inChart = plan.points.length;
      } else if (plan.kind === "update") {
        for (const p of plan.points) chart.series.update(p);
        inChart += plan.points.length - 1;
      }
      if (plan.kind === "none" && drawnKey === null) return;
      drawn = points;
      drawnKey = key;
      // The frame around the canvas host (it has the data-testid) tells end-to-end tests how many
      // points the chart was given; set directly, so a data change never re-renders the component.
      (el.parentElement ?? el).dataset.points = String(points.length);
      onDrawn?.(chart, points);
    });
    return () => {
      stop();
      chart.remove();
    };
  }, [ref, create, data, visible, onDrawn]);
  return available;
}
