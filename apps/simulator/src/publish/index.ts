export * from "./errors.ts";
export * from "./http-publisher.ts";
export * from "./post-batch.ts";
export * from "./retry-policy.ts";
