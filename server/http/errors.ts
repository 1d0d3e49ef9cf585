// The one middleware that turns any error into a response: zod and Invalid → 400 with field messages,
// NotFound → 404, Forbidden → 403, Conflict → 409, anything else → 500 with a logged id.
// No response ever carries a stack, a file path or template source, whatever NODE_ENV says: a view
// that fails to render falls back to a fixed page. A stale form (CSRF or one-time token refused)
// leads back to the page it came from with a notice; nothing it carried is kept.
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { User } from '../db/schema.js';
import { AppError, Busy, type ErrorKind } from '../errors.js';
import { flashVisitor } from './flash.js';

const STATUS: Record<ErrorKind, number> = { 'not-found': 404, forbidden: 403, conflict: 409, invalid: 400, 'rate-limited': 429, unavailable: 503 };

function statusOf(err: AppError): number {
  return STATUS[err.kind];
}

/** A form sent from a page too old to trust (its CSRF or one-time token is no longer valid). */
export class FormExpired extends AppError {
  constructor() {
    super('forbidden', 'errors.formExpired');
  }
}

/** Where a refused form came from: the same-site page in Referer, else the home page. */
function pageBefore(req: Request): string {
  const referer = req.get('referer');
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.hostname === req.hostname ? url.pathname + url.search : '/';
  } catch {
    return '/';
  }
}

/** Where a user goes from an error page when no page before it is known: their list, or the first page. */
function homeOf(user: User | null | undefined): { href: string; key: string } {
  if (!user) return { href: '/', key: 'errors.home' };
  return user.is_consultant === 1 ? { href: '/review', key: 'errors.toQueue' } : { href: '/assessments', key: 'errors.toAssessments' };
}

function isStaleForm(err: unknown): boolean {
  return err instanceof FormExpired || (err as { code?: string } | null)?.code === 'ERR_BAD_CSRF_TOKEN';
}

const FALLBACK_PAGE = (status: number) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${status}</title></head><body><h1>${status}</h1><p><a href="/">Zhiping 智评</a></p></body></html>`;

/** Renders the error page; if even that fails, a fixed page with nothing but the status. */
function renderError(res: Response, logger: Logger, locals: Record<string, unknown>): void {
  res.render('error', locals, (err, html) => {
    if (err) {
      logger.error({ err }, 'rendering the error page failed');
      res.type('html').send(FALLBACK_PAGE(res.statusCode));
      return;
    }
    res.send(html);
  });
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

/** The field messages of an input error (zod's or a service's Invalid), or undefined for any other error. */
export function invalidFields(err: unknown): Record<string, string> | undefined {
  if (err instanceof z.ZodError) return fieldErrors(err);
  return err instanceof AppError && err.kind === 'invalid' ? err.fields : undefined;
}

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new AppError('not-found', 'errors.notFound'));

export function errorHandler(logger: Logger, cookieSecure: boolean): ErrorRequestHandler {
  return (err, req, res, next) => {
    // Too late for a page: Express's own handler (in production mode, see app.ts) closes the connection.
    if (res.headersSent) return next(err);
    if (isStaleForm(err) && req.method === 'POST' && !wantsJson(req) && !req.xhr) {
      flashVisitor(res, 'form-expired', cookieSecure);
      res.redirect(303, pageBefore(req));
      return;
    }
    let status = 500;
    let messageKey = 'errors.server';
    let fields: Record<string, string> = {};
    let errorId: string | undefined;
    let params: Record<string, unknown> | undefined;
    if (err instanceof AppError) {
      status = statusOf(err);
      if (err instanceof Busy) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      ({ messageKey, fields } = err);
      // A detail that is a plain object fills the message's placeholders (e.g. whose section it is).
      if (err.detail && typeof err.detail === 'object' && !Array.isArray(err.detail)) params = err.detail as Record<string, unknown>;
    } else if (err instanceof z.ZodError) {
      status = 400;
      messageKey = 'errors.invalidInput';
      fields = fieldErrors(err);
    } else if (isStaleForm(err)) {
      status = 403;
      messageKey = 'errors.formExpired';
    } else if (typeof (err as { status?: number }).status === 'number' && (err as { status: number }).status < 500) {
      status = (err as { status: number }).status;
      messageKey = status === 413 ? 'errors.tooLarge' : 'errors.invalidInput';
    } else {
      errorId = randomUUID();
      logger.error({ err, errorId, method: req.method, url: req.originalUrl }, 'request failed');
    }
    const t: (key: string, options?: Record<string, unknown>) => string = res.locals.t ?? ((k: string) => k);
    const translatedFields = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, t(v, { defaultValue: v })]));
    res.status(status);
    if (wantsJson(req)) {
      res.json({ error: t(messageKey, params), status, fields: translatedFields, errorId });
      return;
    }
    const back = pageBefore(req);
    renderError(res, logger, {
      status,
      message: t(messageKey, params),
      fields: translatedFields,
      errorId,
      back: back !== '/' && back !== req.originalUrl ? back : null,
      home: homeOf(res.locals.user as User | null | undefined),
    });
  };
}
