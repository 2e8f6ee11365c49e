/**
 * The name tabs share a connection under (BroadcastChannel and Web Lock alike): a prefix, the
 * channel protocol version, and a hash of what the connection is — hub URL(s), topics, filter —
 * so only tabs that would open the very same connection share one. Topic and filter order do not
 * matter; a tab that changes its subscription moves to another name (another leader).
 */
import { type Filter, filterKey } from "@tickerwire/protocol";

/** Bumped when the messages between tabs change, so tabs of two SDK versions never share. */
export const CHANNEL_VERSION = "v2";
export const DEFAULT_CHANNEL_PREFIX = "tickerwire";

/** FNV-1a, 32 bits, from a seed: two seeds give a 64-bit name that collides practically never. */
function fnv1a(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

export function hashText(text: string): string {
  return fnv1a(text, 0x811c9dc5) + fnv1a(text, 0x050c5d1f);
}

export function channelName(
  urls: readonly string[],
  topics: readonly string[],
  filter: Filter | undefined,
  prefix = DEFAULT_CHANNEL_PREFIX,
): string {
  const canonical = JSON.stringify([[...urls], [...new Set(topics)].sort(), filterKey(filter)]);
  return `${prefix}:${CHANNEL_VERSION}:${hashText(canonical)}`;
}
