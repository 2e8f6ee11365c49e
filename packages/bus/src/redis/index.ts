export { type RedisBusOptions, redactUrl } from "./options.ts";
export { createRedisBus, REDIS_ENGINE, type RedisBus } from "./redis-bus.ts";
