export * from "./monitor.ts";
export * from "./policy.ts";
export * from "./thresholds.ts";
