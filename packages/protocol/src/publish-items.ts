/**
 * What a publisher may send, one schema per topic form: the topic's pattern and the data its
 * event type takes. `validatePublishItem` (publish.ts) is what the hub runs; these schemas say the
 * same thing in a form JSON Schema can carry, for the OpenAPI/AsyncAPI documents and other
 * languages' clients. What JSON Schema cannot say — that the names in the topic equal the data's
 * (`strategy.X.signal` with `strategy_name: "X"`), and the candle's high/low rule — the hub still
 * checks; publish-items.test.ts keeps the two in agreement on everything else.
 */
import { z } from "zod";
import { AlertDataInput, CandleData, MetricsData, SignalData, TradeClosedData, TradeData } from "./events.ts";
import { MAX_BATCH } from "./publish.ts";
import { SEGMENT_RE } from "./topics.ts";

/** One topic segment, as a regex fragment (SEGMENT_RE without its anchors). */
const SEG = SEGMENT_RE.source.replace(/^\^|\$$/g, "");

function item<D extends z.ZodType>(topic: RegExp, data: D) {
  return z.strictObject({ topic: z.string().max(200).regex(topic), data });
}

export const PublishSignal = item(new RegExp(`^strategy\\.${SEG}\\.signal$`), SignalData);
export const PublishMetrics = item(new RegExp(`^strategy\\.${SEG}\\.metrics$`), MetricsData);
export const PublishTrade = item(/^trade\.executed$/, TradeData);
export const PublishTradeClosed = item(/^trade\.closed$/, TradeClosedData);
export const PublishAlert = item(/^(strategy\.promoted|strategy\.rollback|system\.alert)$/, AlertDataInput);
export const PublishCandle = item(new RegExp(`^market\\.${SEG}\\.${SEG}$`), CandleData);

/** One event as published: `{topic, data}` for any known topic form. */
export const PublishItem = z.union([
  PublishSignal,
  PublishMetrics,
  PublishTrade,
  PublishTradeClosed,
  PublishAlert,
  PublishCandle,
]);
export type PublishItem = z.infer<typeof PublishItem>;

/** The body of `POST /api/v1/events`: one item, or a batch of 1 to MAX_BATCH (all or nothing). */
export const PublishBody = z.union([PublishItem, z.array(PublishItem).min(1).max(MAX_BATCH)]);
