/**
 * `connectShared()`: many tabs, one hub connection. Tabs of one browser with the same hub URL,
 * topics and filter elect a leader with the Web Locks API; the leader runs a real `connect()`
 * client and rebroadcasts everything over a BroadcastChannel; the others present the same
 * HubClient from those messages. When the leader's tab closes, the browser releases its lock, the
 * next tab takes it and connects resuming from its own cursor: nothing lost, nothing doubled.
 *
 * Sharing is per subscription: `subscribe`/`unsubscribe`/`setFilter` move a tab to the group of
 * its new subscription (another channel, another leader) and never change what the others see.
 * Without BroadcastChannel or `navigator.locks` (old browsers, non-secure http origins other than
 * localhost, Bun without injection) it is a plain `connect()` with `role: "solo"`.
 *
 * @example
 * const client = connectShared({ url: location.origin, topics: ["strategy.*.signal"] });
 * client.on("event", render);
 * console.log(client.role); // "leader" in one tab, "follower" in the others
 */
import { connectSolo } from "../client.ts";
import { resolveEnv } from "../env.ts";
import type { SharedClientOptions, SharedHubClient } from "../types.ts";
import { type SharedEnv, sharedClient } from "./shared-client.ts";

let tabCounter = 0;

/** A random id for this tab's membership (crypto when there is one: also on non-secure origins). */
function newTabId(random: () => number): string {
  const bytes = new Uint8Array(8);
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex}-${++tabCounter}`;
}

export function connectShared(options: SharedClientOptions): SharedHubClient {
  const env = resolveEnv(options.env);
  const locks = env.locks;
  if (!env.BroadcastChannel || !locks) {
    options.logger?.debug?.("no BroadcastChannel or Web Locks here: connecting without sharing");
    return connectSolo(options);
  }
  return sharedClient(options, env as SharedEnv, locks, newTabId(env.random));
}
