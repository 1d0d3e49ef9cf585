// The one middleware that turns any error into a response: zod and Invalid → 400 with field messages,
// NotFound → 404, Forbidden → 403, Conflict → 409, anything else → 500 with a logged id.
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError, type ErrorKind } from '../errors.js';

const STATUS: Record<ErrorKind, number> = { 'not-found': 404, forbidden: 403, conflict: 409, invalid: 400, 'rate-limited': 429, unavailable: 503 };

function statusOf(err: AppError): number {
  return STATUS[err.kind];
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

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new AppError('not-found', 'errors.notFound'));

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let messageKey = 'errors.server';
    let fields: Record<string, string> = {};
    let errorId: string | undefined;
    if (err instanceof AppError) {
      status = statusOf(err);
      ({ messageKey, fields } = err);
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
