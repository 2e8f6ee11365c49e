/**
 * The background probe of one open phase: while the main link is open on a fallback transport,
 * the preferred one is tried again every `preferredRetryMs`, and the Connector switches to it
 * once it says `connected` (the switch starts a new open phase, with a new Prober). The probe is
 * `none`, `scheduled` (its timer) or `trying` (its link); whatever it holds is released with the
 * phase that owns it.
 */
import type { ClientError } from "./errors.ts";
import { type Link, stopLink } from "./link.ts";
import type { ClientEnv, ClientLogger, TransportKind } from "./types.ts";

export type ProbeState = { kind: "none" } | { kind: "scheduled"; timer: unknown } | { kind: "trying"; link: Link };

/** How a probe opens its link: `create` first (so the phase owns the link), then `launch`. */
export interface ProbeLinks {
  create(kind: TransportKind): Link;
  launch(link: Link): ClientError | null;
}

export class Prober {
  #state: ProbeState = { kind: "none" };

  /** `better`: the transport to probe for, or null when the main link already uses it (or probing is off). */
  constructor(
    private readonly better: TransportKind | null,
    private readonly everyMs: number,
    private readonly env: ClientEnv,
    private readonly log: ClientLogger,
    private readonly links: ProbeLinks,
  ) {}

  get state(): ProbeState {
    return this.#state;
  }

  /** The link being tried, if any. */
  get link(): Link | null {
    return this.#state.kind === "trying" ? this.#state.link : null;
  }

  /** Arms the next try, unless one is pending or probing is pointless. */
  schedule(): void {
    const better = this.better;
    if (this.#state.kind !== "none" || better === null || this.everyMs <= 0) return;
    const timer = this.env.setTimeout(() => this.#try(better), this.everyMs);
    this.#state = { kind: "scheduled", timer };
  }

  /** The try failed, or was opened with a subscription that changed since: start over. */
  restart(): void {
    this.release();
    this.schedule();
  }

  /** Stops what the probe holds: its timer, or its link unless `kept` (it is taking over). */
  release(kept: readonly Link[] = []): void {
    const s = this.#state;
    this.#state = { kind: "none" };
    if (s.kind === "scheduled") this.env.clearTimeout(s.timer);
    else if (s.kind === "trying" && !kept.includes(s.link)) stopLink(s.link, this.env);
  }

  #try(better: TransportKind): void {
    if (this.#state.kind !== "scheduled") return;
    this.log.debug?.(`trying ${better} in the background`);
    const link = this.links.create(better);
    this.#state = { kind: "trying", link };
    const error = this.links.launch(link);
    if (error === null) return;
    this.log.debug?.(error.message);
    this.restart();
  }
}
