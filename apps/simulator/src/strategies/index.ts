export * from "./confidence.ts";
export * from "./macd-divergence.ts";
export * from "./registry.ts";
export * from "./rsi-oversold.ts";
export * from "./support-bounce.ts";
export * from "./trend-following.ts";
export type * from "./types.ts";
export * from "./volume-spike.ts";
