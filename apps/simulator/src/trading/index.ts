export * from "./exit-rules.ts";
export * from "./metrics.ts";
export * from "./pnl.ts";
export * from "./positions.ts";
