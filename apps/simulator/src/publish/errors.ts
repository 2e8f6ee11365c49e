/** Why publishing stopped: the hub refused a batch (4xx), or it stayed unreachable for too long. */
import type { ErrorCode, Issue } from "@tickerwire/protocol";

/** The hub answered 4xx: the batch is wrong and retrying cannot help. */
export class PublishRejectedError extends Error {
  override readonly name = "PublishRejectedError";
  constructor(
    readonly status: number,
    /** The hub's error code, when its answer was a protocol `ErrorBody`. */
    readonly code: ErrorCode | undefined,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

/** Every attempt failed (network errors, timeouts, 5xx) until the attempt limit. */
export class PublishGaveUpError extends Error {
  override readonly name = "PublishGaveUpError";
  constructor(
    readonly attempts: number,
    readonly lastReason: string,
  ) {
    super(`gave up after ${attempts} attempts: ${lastReason}`);
  }
}

/** The publisher was closed or aborted before the events were sent. */
export class PublisherClosedError extends Error {
  override readonly name = "PublisherClosedError";
}
