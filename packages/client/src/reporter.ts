/**
 * Sends the hub a lag report at most once per `intervalMs`: over the WebSocket as a `report`
 * message, or on SSE (which cannot send) POSTed to `<hub>/api/v1/client-reports`. Fire and
 * forget: a failed POST is reported at level "debug" and never affects the connection.
 */
import type { ReportMessage } from "@tickerwire/protocol";
import { ClientError } from "./errors.ts";
import type { Link } from "./link.ts";
import { reportDue } from "./report.ts";
import type { ClientEnv, ClientLogger, TransportKind } from "./types.ts";
import { reportUrl } from "./urls.ts";

export interface ReporterHost {
  /** The open main link, or null while not connected (then no report is due). */
  openLink(): Link | null;
  build(transport: TransportKind): ReportMessage;
  report(error: ClientError): void;
}

export class Reporter {
  #timer: unknown = null;
  #lastSentAt: number | null = null;
  #stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly env: ClientEnv,
    private readonly log: ClientLogger,
    private readonly host: ReporterHost,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.#timer !== null || this.#stopped) return;
    this.#timer = this.env.setInterval(() => this.tick(), this.intervalMs);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.env.clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Sends a report when one is due and a connection is open; a late or doubled tick sends nothing. */
  tick(): void {
    if (this.#stopped) return;
    const now = this.env.now();
    if (!reportDue(this.#lastSentAt, now, this.intervalMs)) return;
    const link = this.host.openLink();
    if (!link?.transport) return;
    const msg = this.host.build(link.kind);
    this.#lastSentAt = now;
    if (link.kind === "ws") {
      if (!link.transport.send(msg)) this.log.debug?.("lag report not sent: socket not open");
    } else {
      this.#post(link.base, msg);
    }
  }

  #post(base: string, msg: ReportMessage): void {
    const fail = (why: string, cause?: unknown) => {
      if (this.#stopped) return;
      this.host.report(
        new ClientError("report_failed", `lag report not delivered: ${why}`, {
          transport: "sse",
          level: "debug",
          cause,
        }),
      );
    };
    const f = this.env.fetch;
    if (!f) {
      fail("no fetch in this environment");
      return;
    }
    let pending: Promise<Response>;
    try {
      pending = f(reportUrl(base), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(msg),
      });
    } catch (e) {
      fail(String(e), e);
      return;
    }
    pending.then(
      (res) => {
        // Nothing to read: free the connection.
        res.body?.cancel().catch(() => {});
        if (!res.ok) fail(`HTTP ${res.status}`);
      },
      (e: unknown) => fail(e instanceof Error ? e.message : String(e), e),
    );
  }
}
