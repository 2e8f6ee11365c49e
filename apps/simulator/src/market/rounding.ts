/** Rounding of published numbers: prices to a tick size that suits their magnitude, money to cents. */

/** Decimals a price is quoted with: 2 above 100, 4 above 1, else 6. */
export function priceDecimals(price: number): number {
  if (price >= 100) return 2;
  if (price >= 1) return 4;
  return 6;
}

export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

export function roundPrice(price: number): number {
  return roundTo(price, priceDecimals(price));
}
