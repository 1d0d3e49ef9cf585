// Errors routes throw, and the one middleware that turns any error into a response:
// zod → 400 with field messages, NotFound → 404, Forbidden → 403, anything else → 500 with a logged id.
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(messageKey);
  }
}

export class NotFound extends HttpError {
  constructor() {
    super(404, 'errors.notFound');
  }
}

export class Forbidden extends HttpError {
  constructor(messageKey = 'errors.forbidden') {
    super(403, messageKey);
  }
}

export class Conflict extends HttpError {
  constructor(messageKey: string) {
    super(409, messageKey);
  }
}

export class BadRequest extends HttpError {
  constructor(messageKey: string, fields: Record<string, string> = {}) {
    super(400, messageKey, fields);
  }
}

/** The first message for each field path, e.g. { email: 'errors.email' }. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    out[key] ??= issue.message;
  }
  return out;
}

export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || (req.accepts(['html', 'json']) === 'json');
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFound());

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let messageKey = 'errors.server';
    let fields: Record<string, string> = {};
    let errorId: string | undefined;
    if (err instanceof HttpError) {
      ({ status, messageKey, fields } = err);
    } else if (err instanceof z.ZodError) {
      status = 400;
      messageKey = 'errors.invalidInput';
      fields = fieldErrors(err);
    } else if ((err as { code?: string }).code === 'EBADCSRFTOKEN' || (err as { code?: string }).code === 'ERR_BAD_CSRF_TOKEN') {
      status = 403;
      messageKey = 'errors.csrf';
    } else if (typeof (err as { status?: number }).status === 'number' && (err as { status: number }).status < 500) {
      status = (err as { status: number }).status;
      messageKey = status === 413 ? 'errors.tooLarge' : 'errors.invalidInput';
    } else {
      errorId = randomUUID();
      logger.error({ err, errorId, method: req.method, url: req.originalUrl }, 'request failed');
    }
    if (res.headersSent) return;
    const t = res.locals.t ?? ((k: string) => k);
    const translatedFields = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(v, { defaultValue: v })]));
    res.status(status);
    if (wantsJson(req)) {
      res.json({ error: t(messageKey), status, fields: translatedFields, errorId });
      return;
    }
    res.render('error', { status, message: t(messageKey), fields: translatedFields, errorId });
  };
}
