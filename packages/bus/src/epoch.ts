/**
 * The epoch names one history: a short random id made when a store is created. A resume cursor
 * from another epoch (the store was replaced or wiped) cannot be trusted, so the reader starts over.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const EPOCH_LENGTH = 8;

/** Fills a byte array with random values (injected so tests can be deterministic). */
export type RandomBytes = (n: number) => Uint8Array;

const cryptoBytes: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));

/**
 * A new epoch id of [A-Za-z0-9] (62^8 ≈ 2e14 values). Bytes at or above 248 are redrawn so every
 * character is equally likely (248 = 4 × 62).
 */
export function newEpoch(random: RandomBytes = cryptoBytes, length = EPOCH_LENGTH): string {
  let out = "";
  // Bounded: each draw accepts a byte with probability 248/256, so 16 rounds are plenty.
  for (let round = 0; round < 16 && out.length < length; round++) {
    for (const b of random(length * 2)) {
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  if (out.length < length) throw new Error("newEpoch: the random source keeps returning bytes >= 248");
  return out;
}
