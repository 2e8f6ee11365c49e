export * from "./connection.ts";
export * from "./counters.ts";
export * from "./hub.ts";
export * from "./replay-plan.ts";
export type { Session } from "./session.ts";
