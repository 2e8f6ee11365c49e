export * from "./crossover.ts";
export * from "./ema.ts";
export * from "./macd.ts";
export * from "./rsi.ts";
export * from "./sma.ts";
export * from "./support.ts";
