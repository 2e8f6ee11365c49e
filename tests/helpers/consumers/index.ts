/** Opens a raw test consumer of a given kind and waits for the hub's `connected` message. */
import type { Consumer, ConsumerKind, ConsumerOptions } from "./consumer.ts";
import { EventSourceConsumer } from "./eventsource.ts";
import { FetchSseConsumer } from "./fetch-sse.ts";
import { WsConsumer } from "./ws.ts";

export type { Consumer, ConsumerKind, ConsumerOptions, EndInfo, Predicate } from "./consumer.ts";
export { CONSUMER_KINDS, SSE_KINDS } from "./consumer.ts";
export { EventSourceConsumer, FetchSseConsumer, WsConsumer };

/** Creates the consumer without waiting (for tests of refused connections). */
export function createConsumer(kind: ConsumerKind, baseUrl: string, options: ConsumerOptions = {}): Consumer {
  if (kind === "ws") return new WsConsumer(baseUrl, options);
  if (kind === "eventsource") return new EventSourceConsumer(baseUrl, options);
  return new FetchSseConsumer(baseUrl, options);
}

/**
 * Connects and resolves once `connected` arrived (so the subscription is live), else rejects.
 * @example const c = await openConsumer("ws", hub.url, { topics: ["trade.>"] });
 */
export async function openConsumer(
  kind: ConsumerKind,
  baseUrl: string,
  options: ConsumerOptions = {},
): Promise<Consumer> {
  const c = createConsumer(kind, baseUrl, options);
  try {
    await c.waitFor((x) => x.controlOf("connected").length > 0, options.connectTimeoutMs ?? 5000);
  } catch (e) {
    await c.close();
    throw e;
  }
  return c;
}

/**
 * Tracks the consumers a test file opens so `afterEach(() => pool.closeAll())` leaves no socket
 * or stream behind, whatever the test did.
 */
export class ConsumerPool {
  private readonly live = new Set<Consumer>();

  async open(kind: ConsumerKind, baseUrl: string, options: ConsumerOptions = {}): Promise<Consumer> {
    return this.track(await openConsumer(kind, baseUrl, options));
  }

  track<C extends Consumer>(c: C): C {
    this.live.add(c);
    return c;
  }

  async closeAll(): Promise<void> {
    const all = [...this.live];
    this.live.clear();
    await Promise.all(all.map((c) => c.close()));
  }
}
