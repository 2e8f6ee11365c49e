/** Mapping indicator strength to a confidence in 0..1, rounded to 3 decimals for the wire. */

export function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

export function roundConfidence(x: number): number {
  return Math.round(clamp01(x) * 1000) / 1000;
}

/**
 * A strength centred on 0 (negative = against the signal, positive = for it, in units of
 * `scale`) mapped smoothly to 0.05..0.95 around 0.5.
 */
export function fromStrength(strength: number, scale: number): number {
  return roundConfidence(0.5 + 0.45 * Math.tanh(strength / scale));
}
