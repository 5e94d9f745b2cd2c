/**
 * The product's error catalogue. Every error a user or operator can meet has
 * a stable code and a message written for a practice manager; the technical
 * detail goes to the log, never to the chat.
 */
export type ErrorCode =
  'CONFLICT' | 'ALREADY_EXISTS' | 'NOT_FOUND' | 'VALIDATION' | 'FORBIDDEN' | 'STORE_BUSY' | 'STORE_UNAVAILABLE';

export class AppError extends Error {
  /** The technical detail for the log, when one was given (ids and versions, never what anyone typed). */
  readonly detail?: string;

  constructor(
    readonly code: ErrorCode,
    /** Safe to show to a user: plain British English, no internals. It may quote what they typed: never log it. */
    readonly userMessage: string,
    detail?: string,
  ) {
    super(detail ?? userMessage);
    this.name = new.target.name;
    this.detail = detail;
  }
}

/**
 * What the log may say about a known error: its code, the field it is about
 * and its technical detail. Not its message, which without a detail is the
 * user message, and that can quote what the person typed.
 */
export function appErrorLogFields(error: AppError): { code: ErrorCode; field?: string; detail?: string } {
  const field = (error as { field?: unknown }).field;
  return { code: error.code, field: typeof field === 'string' ? field : undefined, detail: error.detail };
}

/** A conditional write lost a race: someone else changed the record first. */
export class ConflictError extends AppError {
  constructor(detail: string) {
    super('CONFLICT', 'Someone else changed this at the same moment. Please try again.', detail);
  }
}

/** A create-only write found the key already taken. */
export class AlreadyExistsError extends AppError {
  constructor(detail: string) {
    super('ALREADY_EXISTS', 'That already exists.', detail);
  }
}

export class NotFoundError extends AppError {
  constructor(userMessage: string, detail?: string) {
    super('NOT_FOUND', userMessage, detail);
  }
}

/** Input failed validation; `field` names what to fix. */
export class ValidationError extends AppError {
  constructor(
    readonly field: string,
    userMessage: string,
  ) {
    super('VALIDATION', userMessage);
  }
}

/** The person is not allowed to do this (not an admin, not the practice's lead). */
export class ForbiddenError extends AppError {
  constructor(userMessage: string) {
    super('FORBIDDEN', userMessage);
  }
}

/** The store is throttling or briefly unavailable; nothing was written. */
export class StoreBusyError extends AppError {
  constructor(detail: string) {
    super('STORE_BUSY', 'The bot is very busy just now. Nothing was saved; please try again in a minute.', detail);
  }
}
