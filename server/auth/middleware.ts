// Who is signed in, and guards for pages that need a user or a platform admin.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../context.js';
import type { User } from '../db/schema.js';
import { Forbidden } from '../errors.js';
import { findUserById } from './users-repo.js';

export function loadUser(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const id = req.session?.userId;
    const user = id ? await findUserById(ctx.db, id) : undefined;
    // A deactivated account is signed out wherever it still had a session.
    if (user?.deactivated_at) {
      req.session.destroy(() => {
        res.locals.user = null;
        next();
      });
      return;
    }
    res.locals.user = user ?? null;
    next();
  };
}

export function currentUser(res: Response): User {
  const user = res.locals.user as User | null;
  if (!user) throw new Forbidden();
  return user;
}

/** The signed-in user, or null for a visitor. */
export function optionalUser(res: Response): User | null {
  return (res.locals.user as User | null) ?? null;
}

/**
 * A browser that has signed in keeps this harmless mark (no id, no secret) until it signs out, so that a
 * sign-in page reached without a session can say the session ended rather than ask as if for the first time.
 */
const SIGNED_IN_BEFORE = 'zhiping.signed-in';
const MARK_MAX_AGE_MS = 90 * 24 * 3600_000;

/** Whether this browser's last session ended without it signing out (idle, too old, signed out elsewhere). */
export function sessionEnded(req: Request, res: Response): boolean {
  return !res.locals.user && req.cookies?.[SIGNED_IN_BEFORE] === '1';
}

/** Forgets the mark once the sign-in page has said so. */
export function forgetSessionEnded(res: Response): void {
  res.clearCookie(SIGNED_IN_BEFORE, { path: '/' });
}

export const requireUser: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (res.locals.user) return next();
  res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
};

export const requirePlatformAdmin: RequestHandler = (_req, res, next) => {
  next(res.locals.user?.is_platform_admin === 1 ? undefined : new Forbidden());
};

/** Starts a fresh session for `user` (a new id, so a session fixed before sign-in is worthless). */
export function signIn(req: Request, user: User): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.userId = user.id;
      req.session.signedInAt = Date.now();
      // For the account page's list of sessions: which browser, from where.
      req.session.userAgent = (req.get('user-agent') ?? '').slice(0, 300);
      req.session.address = req.ip;
      req.res?.cookie(SIGNED_IN_BEFORE, '1', { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: MARK_MAX_AGE_MS });
      req.session.save((e) => (e ? reject(e) : resolve()));
    }),
  );
}

export function signOut(req: Request): Promise<void> {
  if (req.res) forgetSessionEnded(req.res);
  return new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
}
