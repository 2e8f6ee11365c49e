/** Why publishing stopped: the hub refused a batch (4xx), or it stayed unreachable for too long. */

export interface RejectionIssue {
  index?: number;
  path?: (string | number)[];
  message: string;
}

/** The hub answered 4xx: the batch is wrong and retrying cannot help. */
export class PublishRejectedError extends Error {
  override readonly name = "PublishRejectedError";
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly issues: RejectionIssue[] = [],
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
