// Security defaults for every response and form: CSP and other headers (helmet), server-side
// sessions with httpOnly SameSite cookies, CSRF tokens on every unsafe request, rate-limited login.
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { doubleCsrf } from 'csrf-csrf';
import { DatabaseSessionStore } from '../auth/session-store.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { DatabaseRateLimitStore } from './rate-limit-store.js';

export const SESSION_COOKIE = 'zhiping.sid';
const SESSION_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
}

export function sessions(ctx: AppContext): { middleware: RequestHandler; store: DatabaseSessionStore } {
  const store = new DatabaseSessionStore(ctx.db);
  const middleware = session({
    name: SESSION_COOKIE,
    secret: ctx.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: ctx.config.cookieSecure, maxAge: SESSION_MAX_AGE_MS },
  });
  return { middleware, store };
}

/** Anonymous forms (login, setup, register) are bound to a fixed identifier; signed-in ones to the session. */
function sessionIdentifier(req: Request): string {
  return req.session?.userId ? req.sessionID : 'anonymous';
}

export function csrf(ctx: AppContext) {
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => ctx.secret,
    getSessionIdentifier: sessionIdentifier,
    cookieName: ctx.config.cookieSecure ? '__Host-zhiping.csrf' : 'zhiping.csrf',
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: ctx.config.cookieSecure, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const fromForm = (req.body as Record<string, unknown> | undefined)?._csrf;
      const fromHeader = req.headers['x-csrf-token'];
      return typeof fromForm === 'string' ? fromForm : typeof fromHeader === 'string' ? fromHeader : undefined;
    },
    errorConfig: { statusCode: 403, message: 'invalid csrf token', code: 'ERR_BAD_CSRF_TOKEN' },
  });
  /** Gives every view a token for its forms. */
  const exposeToken: RequestHandler = (req, res, next) => {
    res.locals.csrfToken = generateCsrfToken(req, res);
    next();
  };
  return { protect: doubleCsrfProtection, exposeToken };
}

function limiter(ctx: AppContext, prefix: string, limit: number, windowMs: number, skipSuccessfulRequests: boolean): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests,
    store: new DatabaseRateLimitStore(ctx.db, prefix),
    handler: (_req, _res, next) => next(new AppError('rate-limited', 'errors.tooManyAttempts')),
  });
}

/** Failed sign-ins per client address; only failures count, so colleagues behind one office address can still sign in. */
export function loginRateLimit(ctx: AppContext): RequestHandler {
  return limiter(ctx, 'login:', ctx.config.loginRateLimit, 15 * 60 * 1000, true);
}

/** New organizations and accounts per client address and hour. */
export function registrationRateLimit(ctx: AppContext): RequestHandler {
  return limiter(ctx, 'register:', 20, 60 * 60 * 1000, false);
}
