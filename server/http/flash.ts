// One-time messages after an action ("saved", "submitted", "consultant created"): kept in the session by
// the action, shown once on the next page, then gone — the address bar carries no ?saved=1.
import type { Request, RequestHandler, Response } from 'express';

export function flash(req: Request, messageKey: string): void {
  if (req.session) req.session.flash = messageKey;
}

/**
 * A message for one field of the next page (already in the user's language), for a form that cannot
 * be shown again with its input, such as a refused file upload: the page shows it next to the field.
 */
export function flashFieldError(req: Request, field: string, message: string): void {
  if (req.session) req.session.flashField = { field, message };
}

export const flashMessages: RequestHandler = (req, res, next) => {
  const key = req.session?.flash;
  if (key) {
    res.locals.flash = res.locals.t(key);
    delete req.session.flash;
  }
  const field = req.session?.flashField;
  res.locals.flashField = field ? { [field.field]: field.message } : {};
  if (field) delete req.session.flashField;
  next();
};

/** The cookie that carries a one-time message to a browser without a session (see `flashVisitor`). */
export const NOTICE_COOKIE = 'zhiping.notice';

/**
 * The messages a browser without a session may be shown once: after registering or setting a new
 * password (which end or never start a session), or after a form refused as stale. The cookie names
 * one of them, never the text, so nothing a visitor sends is shown back.
 */
const VISITOR_NOTICES = {
  'form-expired': { key: 'errors.formExpired', kind: 'notice' },
  registered: { key: 'login.registered', kind: 'flash' },
  'password-reset': { key: 'login.passwordReset', kind: 'flash' },
} as const;

export type VisitorNotice = keyof typeof VISITOR_NOTICES;

/** A one-time message for the next page of a browser that has no session to keep it in. */
export function flashVisitor(res: Response, notice: VisitorNotice, cookieSecure: boolean): void {
  res.cookie(NOTICE_COOKIE, notice, { httpOnly: true, sameSite: 'lax', secure: cookieSecure, path: '/', maxAge: 60_000 });
}

/** Shows the message named by the notice cookie once, then clears it. */
export const noticeFromCookie: RequestHandler = (req, res, next) => {
  const name = req.cookies?.[NOTICE_COOKIE];
  if (typeof name === 'string' && Object.hasOwn(VISITOR_NOTICES, name)) {
    const { key, kind } = VISITOR_NOTICES[name as VisitorNotice];
    res.locals[kind] = res.locals.t(key);
    res.clearCookie(NOTICE_COOKIE, { path: '/' });
  }
  next();
};
