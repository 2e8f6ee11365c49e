/**
 * Load process: writes a long trading history straight into a hub's SQLite log through the bus
 * API — each batch validated as the hub validates a publish, committed by the local bus, and
 * folded into the desk state (@tickerwire/desk) as the bus's projection, checkpointed with the
 * log exactly as the hub does — so a hub started on the file restores the state from its last
 * checkpoint instead of taking a million HTTP posts first. Reports how long it took, and the
 * ledger's totals summed here from the published closes (an independent check of the hub's).
 */
import { createLocalBus, type Projection, type StoredEvent } from "@tickerwire/bus";
import { applyEvent, createDeskState, parseDesk, serializeDesk } from "@tickerwire/desk";
import { type HubEvent, type PublishableEvent, validatePublishItem } from "@tickerwire/protocol";
import { deskBatch } from "../workloads/desk-stream.ts";
import { emit, readConfig } from "./control.ts";

interface Config {
  path: string;
  events: number;
  strategies: number;
  openPositions: number;
  batch: number;
}

/** The hub's desk projection (apps/server/src/desk/desk-book.ts), without its snapshot cache. */
function deskProjection(): Projection {
  let state = createDeskState();
  return {
    seq: () => state.seq,
    apply(batch: readonly StoredEvent[]) {
      for (const e of batch) {
        const { json: _json, ...event } = e;
        applyEvent(state, event as HubEvent);
      }
    },
    serialize: () => serializeDesk(state),
    restore(checkpoint) {
      state = parseDesk(checkpoint);
    },
    reset() {
      state = createDeskState();
    },
  };
}

const cfg = readConfig<Config>();
const bus = createLocalBus({ path: cfg.path, maxEvents: cfg.events * 2, projection: deskProjection() });
const ledger = { closed: 0, wins: 0, realizedCents: 0 };
/** Batches in flight: the bus commits the ones waiting together (group commit), in call order. */
const IN_FLIGHT = 8;
const inFlight = new Set<Promise<unknown>>();
const t0 = performance.now();
for (let k = 0; ; k++) {
  const items = deskBatch({ ...cfg }, k);
  if (!items) break;
  const events: PublishableEvent[] = items.map((item, i) => {
    const r = validatePublishItem(item, i);
    if (!r.ok) throw new Error(`batch ${k}: ${JSON.stringify(r.issues)}`);
    return r.value;
  });
  for (const e of events) {
    if (e.type !== "trade_closed") continue;
    ledger.closed++;
    if (e.data.pnl > 0) ledger.wins++;
    ledger.realizedCents += Math.round(e.data.pnl * 100);
  }
  const p = bus.publish(events);
  inFlight.add(p);
  p.then(
    () => inFlight.delete(p),
    () => inFlight.delete(p),
  );
  if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
}
await Promise.all(inFlight);
const ms = performance.now() - t0;
await bus.close();
emit("report", { events: cfg.events, ms, ...ledger });
process.exit(0);
