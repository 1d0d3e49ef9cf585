// The errors services raise. They know nothing of HTTP: the web error middleware, the JSON API, a
// CLI or a job each decide how to show them. Messages are i18n keys; field messages too.
export type ErrorKind = 'not-found' | 'forbidden' | 'conflict' | 'invalid' | 'rate-limited' | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly messageKey: string,
    /** Per field (form field name or question id), an i18n key. */
    readonly fields: Record<string, string> = {},
    /** Anything the caller may show beyond the message, e.g. the list of what is missing. */
    readonly detail?: unknown,
  ) {
    super(messageKey);
  }
}

export class NotFound extends AppError {
  constructor(messageKey = 'errors.notFound') {
    super('not-found', messageKey);
  }
}

export class Forbidden extends AppError {
  constructor(messageKey = 'errors.forbidden') {
    super('forbidden', messageKey);
  }
}

/** The request is valid but the record's state does not allow it now (e.g. a locked assessment). */
export class Conflict extends AppError {
  constructor(messageKey: string, detail?: unknown) {
    super('conflict', messageKey, {}, detail);
  }
}

/** Input that does not pass validation; `fields` says what is wrong where. */
export class Invalid extends AppError {
  constructor(messageKey: string, fields: Record<string, string> = {}) {
    super('invalid', messageKey, fields);
  }
}

/** The server cannot take this on now (e.g. every report worker busy and the queue full); try again after `retryAfterSeconds`. */
export class Busy extends AppError {
  constructor(
    messageKey = 'errors.busy',
    readonly retryAfterSeconds = 10,
  ) {
    super('unavailable', messageKey);
  }
}
