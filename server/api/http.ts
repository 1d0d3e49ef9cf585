// The JSON API's HTTP plumbing: bearer-token authentication (no session, no cookie, no CSRF), the
// per-token rate limit in the shared database store, and the one error handler that answers every
// refusal as { error: { code, message, fields } } — never a page, never a stack.
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError, Busy, NotFound, type ErrorKind } from '../errors.js';
import { DatabaseRateLimitStore } from '../http/rate-limit-store.js';
import { translator, type Locale } from '../i18n.js';
import { InsufficientScope, InvalidFields, Unauthenticated } from './errors.js';
import { authenticateToken, type TokenHolder } from './tokens.js';

/** Requests per token and minute (every process shares the counters). */
export const API_RATE_LIMIT = 300;

/** The request's language, for messages and default titles: Accept-Language only (the API has no cookie). */
export function apiLocale(req: Request): Locale {
  return req.acceptsLanguages('zh-CN', 'zh', 'en') === 'en' ? 'en' : 'zh-CN';
}

export function tokenHolder(res: Response): TokenHolder {
  const holder = res.locals.apiToken as TokenHolder | undefined;
  if (!holder) throw new Unauthenticated();
  return holder;
}

export function authenticate(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const holder = match ? await authenticateToken(ctx, match[1]) : undefined;
    if (!holder) {
      res.setHeader('WWW-Authenticate', match ? 'Bearer realm="zhiping", error="invalid_token"' : 'Bearer realm="zhiping"');
      throw new Unauthenticated();
    }
    res.locals.apiToken = holder;
    next();
  };
}

/** A read-scope token may only read. */
export function requireScope(res: Response, scope: 'read' | 'write'): void {
  if (scope === 'write' && tokenHolder(res).scope !== 'write') throw new InsufficientScope();
}

export function perTokenRateLimit(ctx: AppContext): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: API_RATE_LIMIT,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new DatabaseRateLimitStore(ctx.db, 'api:'),
    keyGenerator: (_req, res) => tokenHolder(res).tokenId,
    validate: { trustProxy: false, xForwardedForHeader: false },
    handler: (_req, _res, next) => next(new AppError('rate-limited', 'errors.tooManyAttempts')),
  });
}

const STATUS: Record<ErrorKind, number> = { 'not-found': 404, forbidden: 403, conflict: 409, invalid: 400, 'rate-limited': 429, unavailable: 503 };
const CODE: Record<ErrorKind, string> = { 'not-found': 'not_found', forbidden: 'forbidden', conflict: 'conflict', invalid: 'invalid', 'rate-limited': 'rate_limited', unavailable: 'unavailable' };

interface ApiErrorOut {
  status: number;
  code: string;
  messageKey: string;
  params?: Record<string, unknown>;
  fields: { path: string; reason: string }[];
  detail?: unknown;
}

function describe(err: unknown, t: ReturnType<typeof translator>): ApiErrorOut | undefined {
  const tr = (key: string, params?: Record<string, unknown>) => t(key, { defaultValue: key, ...params });
  if (err instanceof Unauthenticated) return { status: 401, code: 'unauthorized', messageKey: err.messageKey, fields: [] };
  if (err instanceof InsufficientScope) return { status: 403, code: 'insufficient_scope', messageKey: err.messageKey, fields: [] };
  if (err instanceof AppError) {
    const params = err.detail && typeof err.detail === 'object' && !Array.isArray(err.detail) ? (err.detail as Record<string, unknown>) : undefined;
    const fieldParams = err instanceof InvalidFields ? err.fieldParams : {};
    return {
      status: STATUS[err.kind],
      code: CODE[err.kind],
      messageKey: err.messageKey,
      params,
      fields: Object.entries(err.fields).map(([path, key]) => ({ path, reason: tr(key, fieldParams[path]) })),
      detail: err.detail,
    };
  }
  if (err instanceof z.ZodError) {
    return {
      status: 400,
      code: 'invalid',
      messageKey: 'errors.invalidInput',
      fields: err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', reason: tr(i.message) })),
    };
  }
  const e = err as { type?: string; status?: number };
  if (e.type === 'entity.parse.failed') return { status: 400, code: 'invalid_json', messageKey: 'api.errors.json', fields: [] };
  if (e.type === 'entity.too.large') return { status: 413, code: 'too_large', messageKey: 'errors.tooLarge', fields: [] };
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return { status: e.status, code: 'bad_request', messageKey: 'errors.invalidInput', fields: [] };
  return undefined;
}

export const apiNotFound: RequestHandler = () => {
  throw new NotFound('api.errors.noSuchEndpoint');
};

export function apiErrorHandler(ctx: AppContext): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const t = translator(apiLocale(req));
    let out = describe(err, t);
    let errorId: string | undefined;
    if (!out) {
      errorId = randomUUID();
      ctx.logger.error({ err, errorId, method: req.method, url: req.originalUrl }, 'API request failed');
      out = { status: 500, code: 'server_error', messageKey: 'errors.server', fields: [] };
    }
    if (err instanceof Busy) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    res.status(out.status).json({
      error: {
        code: out.code,
        message: t(out.messageKey, { defaultValue: out.messageKey, ...out.params }),
        fields: out.fields,
        ...(out.detail !== undefined ? { detail: out.detail } : {}),
        ...(errorId ? { error_id: errorId } : {}),
      },
    });
  };
}
