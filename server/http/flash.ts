// One-time messages after an action ("saved", "submitted", "consultant created"): kept in the session by
// the action, shown once on the next page, then gone — the address bar carries no ?saved=1.
import type { Request, RequestHandler } from 'express';

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
