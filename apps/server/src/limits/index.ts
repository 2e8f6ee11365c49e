/** Limits: token buckets, per-IP connection counts, client IP behind proxies, rejection counters. */
export { clientIp, normalizeIp, parseTrustedProxies, type TrustedProxies } from "./client-ip.ts";
export { ConnTracker } from "./conn-tracker.ts";
export { createLimitRejections, LIMIT_NAMES, type LimitName, type LimitRejections } from "./rejections.ts";
export { type BucketSpec, KeyedBuckets, TokenBucket } from "./token-bucket.ts";
