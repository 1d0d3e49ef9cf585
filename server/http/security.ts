// Security defaults for every response and form: CSP and other headers (helmet), no caching of
// dynamic responses, server-side sessions with httpOnly SameSite cookies, CSRF tokens on every
// unsafe request, and per-address limits on registration and setup.
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { doubleCsrf } from 'csrf-csrf';
import { DatabaseSessionStore } from './session-store.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { DatabaseRateLimitStore } from './rate-limit-store.js';

export const SESSION_COOKIE = 'zhiping.sid';

/** Browser features the app never uses, denied to it and to anything it might embed. */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'web-share',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

const YEAR_S = 365 * 24 * 3600;

export function securityHeaders(cookieSecure: boolean): RequestHandler {
  const headers = helmet({
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
    // HSTS only where the site is served over HTTPS (COOKIE_SECURE); on a plain-HTTP intranet it
    // would only confuse. Sibling hosts are not ours to commit, so no includeSubDomains.
    strictTransportSecurity: cookieSecure ? { maxAge: YEAR_S, includeSubDomains: false } : false,
    // Same-origin pages send their address, so a stale form can lead back to the page it came from.
    referrerPolicy: { policy: 'same-origin' },
  });
  return (req, res, next) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    headers(req, res, next);
  };
}

/**
 * With COOKIE_SECURE=true, a request that did not arrive over HTTPS through a trusted proxy gets no
 * session cookie from express-session (silently). Say so once in the log: the proxy is not sending
 * X-Forwarded-Proto, or TRUST_PROXY does not name it.
 */
export function warnWhenNotSecure(ctx: AppContext): RequestHandler {
  let warned = !ctx.config.cookieSecure;
  return (req, _res, next) => {
    if (!warned && !req.secure) {
      warned = true;
      ctx.logger.warn(
        { remoteAddress: req.socket.remoteAddress, forwardedProto: req.get('x-forwarded-proto') ?? null },
        'COOKIE_SECURE=true but a request did not come over HTTPS through a trusted proxy: browsers get no session cookie. Check that the proxy sends X-Forwarded-Proto and that TRUST_PROXY names it',
      );
    }
    next();
  };
}

/** Pages, downloads and redirects of the app are never stored by a browser or a proxy (static files are). */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

export function sessions(ctx: AppContext): { middleware: RequestHandler; store: DatabaseSessionStore } {
  const store = new DatabaseSessionStore(ctx.db, ctx.config.sessionIdleMs, ctx.config.sessionLifetimeMs);
  const middleware = session({
    name: SESSION_COOKIE,
    secret: ctx.secret,
    store,
    resave: false,
    saveUninitialized: false,
    // Every request moves the idle expiry on; the absolute lifetime is enforced by the store.
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: ctx.config.cookieSecure, maxAge: ctx.config.sessionIdleMs },
  });
  return { middleware, store };
}

/** Anonymous forms (login, setup, register) are bound to a fixed identifier; signed-in ones to the session. */
function sessionIdentifier(req: Request): string {
  return req.session?.userId ? req.sessionID : 'anonymous';
}

export const CSRF_ERROR_CODE = 'ERR_BAD_CSRF_TOKEN';

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
    errorConfig: { statusCode: 403, message: 'invalid csrf token', code: CSRF_ERROR_CODE },
  });
  /**
   * Gives every view a token for its forms, made when a view first asks for it. Set before the check,
   * so that even the error page of a refused request can show the signed-in header's sign-out form.
   */
  const exposeToken: RequestHandler = (req, res, next) => {
    let token: string | undefined;
    Object.defineProperty(res.locals, 'csrfToken', {
      configurable: true,
      enumerable: true,
      get: () => (token ??= generateCsrfToken(req, res)),
    });
    next();
  };
  return { protect: doubleCsrfProtection, exposeToken };
}

function limiter(ctx: AppContext, prefix: string, limit: number, windowMs: number): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new DatabaseRateLimitStore(ctx.db, prefix),
    // TRUST_PROXY is validated at start-up; these checks would only repeat it in the log.
    validate: { trustProxy: false, xForwardedForHeader: false },
    handler: (_req, _res, next) => next(new AppError('rate-limited', 'errors.tooManyAttempts')),
  });
}

/** New organizations and accounts per client address and hour. */
export function registrationRateLimit(ctx: AppContext): RequestHandler {
  return limiter(ctx, 'register:', 20, 60 * 60 * 1000);
}

/** Setup-code guesses per client address and hour (the code itself is far too long to guess). */
export function setupRateLimit(ctx: AppContext): RequestHandler {
  return limiter(ctx, 'setup:', 20, 60 * 60 * 1000);
}
