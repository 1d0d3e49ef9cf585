// Refusals particular to the JSON API. Like server/errors.ts they know nothing of HTTP.
import { AppError, Invalid } from '../errors.js';

/** Invalid input whose field messages need parameters (an answer's "at most {{max}}"). */
export class InvalidFields extends Invalid {
  constructor(
    fields: Record<string, string>,
    readonly fieldParams: Record<string, Record<string, string | number>>,
  ) {
    super('errors.invalidInput', fields);
  }
}

/** No valid token: missing, unknown, revoked, expired, or its user deactivated. */
export class Unauthenticated extends AppError {
  constructor() {
    super('forbidden', 'api.errors.unauthenticated');
  }
}

/** A read-scope token asked to change something. */
export class InsufficientScope extends AppError {
  constructor() {
    super('forbidden', 'api.errors.scope');
  }
}
