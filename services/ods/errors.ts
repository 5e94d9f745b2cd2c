/**
 * What can go wrong asking the NHS Organisation Data Service. Each has a
 * stable code and a message a practice manager can read; the detail (status,
 * cause) is for the log. A caller treats any of them as "no look-up this
 * time" and lets the person type the name themselves.
 */
export type OdsErrorCode = 'ODS_UNAVAILABLE' | 'ODS_RATE_LIMITED' | 'ODS_BAD_RESPONSE';

export abstract class OdsError extends Error {
  abstract readonly code: OdsErrorCode;
  constructor(
    /** Safe to show to a user. */
    readonly userMessage: string,
    detail: string,
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

/** No answer: the network failed, the request timed out, or ODS answered 5xx. */
export class OdsUnavailableError extends OdsError {
  readonly code = 'ODS_UNAVAILABLE';
  constructor(detail: string) {
    super("I couldn't reach the NHS organisation directory (ODS) just now. Please try again in a few minutes.", detail);
  }
}

/** ODS said "too many requests" (429) twice, or asked us to wait longer than we will. */
export class OdsRateLimitedError extends OdsError {
  readonly code = 'ODS_RATE_LIMITED';
  constructor(
    /** How long ODS asked us to wait, when it said. */
    readonly retryAfterMs: number | undefined,
    detail: string,
  ) {
    super('The NHS organisation directory (ODS) is busy just now. Please try again in a few minutes.', detail);
  }
}

/** ODS answered, but not with what its documentation describes (an unexpected status or shape). */
export class OdsResponseError extends OdsError {
  readonly code = 'ODS_BAD_RESPONSE';
  constructor(detail: string) {
    super("The NHS organisation directory (ODS) gave an answer I couldn't read. Please try again later.", detail);
  }
}
