/**
 * `/metrics` for the watch: engines (up, silence, events/s), rule alerts and fired keys, webhook
 * endpoints (deliveries by outcome, backlog, failing). Read from the watch's status at scrape
 * time; endpoints are labelled by id, never by URL.
 */
import client from "prom-client";
import type { Watch } from "../watch/watch.ts";

export function registerWatchMetrics(
  registry: client.Registry,
  p: string,
  watch: Pick<Watch, "status" | "firedByRule">,
): void {
  const registers = [registry];
  const gauge = (name: string, help: string, labelNames: string[], collect: (g: client.Gauge) => void) =>
    new client.Gauge({
      name: p + name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        collect(this);
      },
    });
  gauge("watch_leader", "1 when this instance evaluates rules and delivers webhooks", [], (g) =>
    g.set(watch.status().role === "leader" ? 1 : 0),
  );
  gauge("engine_up", "1 while an engine is within its grace, 0 when stale", ["engine"], (g) => {
    for (const e of watch.status().engines) g.set({ engine: e.engine }, e.state === "up" ? 1 : 0);
  });
  gauge("engine_silent_seconds", "Seconds since an engine's last publish or heartbeat", ["engine"], (g) => {
    for (const e of watch.status().engines) g.set({ engine: e.engine }, e.silent_s);
  });
  gauge("engine_events_per_second", "Events an engine published per second (last 10 s)", ["engine"], (g) => {
    for (const e of watch.status().engines) g.set({ engine: e.engine }, e.events_per_s);
  });
  gauge("rule_active", "Keys of a rule currently fired (total, strategies or engines)", ["rule"], (g) => {
    for (const r of watch.status().rules) g.set({ rule: r.id }, r.active.length);
  });
  new client.Counter({
    name: `${p}rule_alerts_total`,
    help: "Alerts the rules published from this instance, by rule",
    labelNames: ["rule"],
    registers,
    collect() {
      this.reset();
      for (const [rule, n] of watch.firedByRule) this.inc({ rule }, n);
    },
  });
  new client.Counter({
    name: `${p}webhook_deliveries_total`,
    help: "Webhook outcomes by endpoint: delivered, failed (an attempt; retried) and dropped (given up)",
    labelNames: ["endpoint", "outcome"],
    registers,
    collect() {
      this.reset();
      for (const w of watch.status().webhooks) {
        this.inc({ endpoint: w.id, outcome: "delivered" }, w.delivered);
        this.inc({ endpoint: w.id, outcome: "failed" }, w.failed_attempts);
        this.inc({ endpoint: w.id, outcome: "dropped" }, w.dropped);
      }
    },
  });
  gauge("webhook_backlog", "Matching events waiting for delivery, by endpoint", ["endpoint"], (g) => {
    for (const w of watch.status().webhooks) g.set({ endpoint: w.id }, w.backlog);
  });
  gauge("webhook_failing", "1 while an endpoint has failed 5 or more attempts in a row", ["endpoint"], (g) => {
    for (const w of watch.status().webhooks) g.set({ endpoint: w.id }, w.state === "failing" ? 1 : 0);
  });
}
