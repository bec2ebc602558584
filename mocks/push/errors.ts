/**
 * Why a push that the caller waits for (a snapshot) did not complete, with a stable code
 * each, and the HTTP status the admin API answers it with. Live changes never fail this
 * way: they are kept and retried until the hub takes them.
 */

export const PUSH_ERROR_STATUS = {
  /** The mock runs without a CacheControl endpoint: there is nothing to push to. */
  PUSH_NOT_CONFIGURED: 409,
  /** A snapshot of this back office is already being pushed. */
  SNAPSHOT_RUNNING: 409,
  /** The snapshot options are not valid. */
  INVALID_SNAPSHOT_OPTIONS: 400,
  /** The hub answered that a retry cannot help (a non-retryable fault, or an HTTP 4xx). */
  PUSH_REFUSED: 502,
  /** Reading the back office's state for the snapshot failed. */
  SOURCE_FAILED: 500,
  /** The publisher was stopped before the hub acknowledged every event. */
  PUBLISHER_STOPPED: 503,
} as const;

export type PushErrorCode = keyof typeof PUSH_ERROR_STATUS;

export class PushError extends Error {
  override readonly name = 'PushError';
  constructor(
    readonly code: PushErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): number {
    return PUSH_ERROR_STATUS[this.code];
  }
}

/** The hub refused a batch in a way that the same batch sent again cannot change. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
  constructor(
    /** The hub's fault code, or HTTP_<status> when it answered no SOAP fault. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
