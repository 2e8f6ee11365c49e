/**
 * Opens the Connector's links: numbers each attempt (its generation), builds its endpoint URL from
 * the subscription against the failover URL in use, starts its transport and arms its open
 * timeout. Every transport callback goes to the Connector only while the Connector's current
 * phase owns the link, so an abandoned attempt can never act.
 */
import type { ConnectedMessage, ServerMessage } from "@tickerwire/protocol";
import { ClientError } from "./errors.ts";
import { createLink, type Link, type Subscription, stopLink } from "./link.ts";
import type { ResolvedOptions } from "./options.ts";
import type { TransportClose, TransportFactory } from "./transports/index.ts";
import type { ClientEnv, ClientLogger, TransportKind } from "./types.ts";
import { endpointUrl } from "./urls.ts";

/** The Connector's side: `owns` gates every other call. */
export interface LinkHandlers {
  owns(link: Link): boolean;
  connected(link: Link, m: ConnectedMessage): void;
  /** Any other message. */
  message(link: Link, m: ServerMessage): void;
  invalid(link: Link, error: ClientError): void;
  closed(link: Link, info: TransportClose): void;
  openTimedOut(link: Link): void;
}

export class LinkOpener {
  /** The last link's generation number. */
  #gen = 0;
  /** The failover URL links are opened against. */
  #urlIndex = 0;

  constructor(
    private readonly o: Pick<ResolvedOptions, "urls" | "snapshot" | "openTimeoutMs">,
    private readonly env: ClientEnv,
    private readonly log: ClientLogger,
    private readonly factories: Record<TransportKind, TransportFactory>,
    private readonly handlers: LinkHandlers,
  ) {}

  /** Moves on to the next URL of the failover list (a whole round failed on this one). */
  rotate(): void {
    this.#urlIndex = (this.#urlIndex + 1) % this.o.urls.length;
  }

  /** A new link (no transport yet) for this subscription; `version` is the subscription's. */
  create(kind: TransportKind, sub: Subscription, version: number): Link {
    const base = this.o.urls[this.#urlIndex] ?? "";
    const url = endpointUrl(base, kind, { ...sub, snapshot: this.o.snapshot });
    return createLink(++this.#gen, kind, { base, url }, sub, version);
  }

  /**
   * Starts the transport of a link the caller's phase already owns (so even a callback made while
   * the factory runs finds it) and arms its open timeout; the error when the factory threw.
   */
  launch(link: Link): ClientError | null {
    let transport: ReturnType<TransportFactory>;
    try {
      const callbacks = this.#callbacks(link);
      transport = this.factories[link.kind]({ url: link.url, env: this.env, logger: this.log, callbacks });
    } catch (e) {
      stopLink(link, this.env);
      return new ClientError("transport_failed", `could not open ${link.kind}: ${String(e)}`, {
        transport: link.kind,
        cause: e,
      });
    }
    // A transport that failed while being created has been handled (and replaced) by its callback.
    if (!this.handlers.owns(link)) {
      transport.close();
      return null;
    }
    link.transport = transport;
    if (this.o.openTimeoutMs > 0) {
      link.openTimer = this.env.setTimeout(() => {
        link.openTimer = null;
        if (!link.connected && this.handlers.owns(link)) this.handlers.openTimedOut(link);
      }, this.o.openTimeoutMs);
    }
    return null;
  }

  #callbacks(link: Link) {
    const h = this.handlers;
    return {
      message: (m: ServerMessage) => {
        if (!h.owns(link)) return;
        if (m.type === "connected") h.connected(link, m);
        else h.message(link, m);
      },
      invalid: (error: ClientError) => {
        if (h.owns(link)) h.invalid(link, error);
      },
      activity: () => {
        if (h.owns(link)) link.watchdog?.touch();
      },
      closed: (info: TransportClose) => {
        if (h.owns(link)) h.closed(link, info);
      },
    };
  }
}
