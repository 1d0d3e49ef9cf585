// One-time messages after an action ("saved", "submitted", "consultant created"): kept in the session by
// the action, shown once on the next page, then gone — the address bar carries no ?saved=1.
import type { Request, RequestHandler } from 'express';

export function flash(req: Request, messageKey: string): void {
  if (req.session) req.session.flash = messageKey;
}

export const flashMessages: RequestHandler = (req, res, next) => {
  const key = req.session?.flash;
  if (key) {
    res.locals.flash = res.locals.t(key);
    delete req.session.flash;
  }
  next();
};
