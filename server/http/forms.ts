// Renders a form page again after a zod failure, with messages next to the fields and the input kept.
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { fieldErrors, invalidFields } from './errors.js';
import { flash } from './flash.js';

/** Parses `body`; on failure renders `view` with status 400, `errors` and the typed `values` (never passwords). */
export function parseForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  res: Response,
  view: string,
  locals: Record<string, unknown> = {},
): z.infer<S> | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  renderFormErrors(res, view, fieldErrors(parsed.error), body, locals);
  return undefined;
}

export function renderFormErrors(
  res: Response,
  view: string,
  errors: Record<string, string>,
  body: unknown,
  locals: Record<string, unknown> = {},
  status = 400,
): void {
  res.status(status).render(view, { ...locals, errors, values: typedValues(body) });
}

/** What was typed into a form, to show it again: without its tokens (`_csrf`, `_once`) and never a password. */
export function typedValues(body: unknown): Record<string, unknown> {
  const values = { ...(body as Record<string, unknown> | undefined) };
  for (const key of Object.keys(values)) if (/password/i.test(key) || key.startsWith('_')) delete values[key];
  return values;
}

/**
 * Runs a form's action. Done: the one-time message `done` and a 303 to `next`. Input the service refused
 * (Invalid, or a zod error): `showAgain(fields, typed)` renders the form again with status 400, the messages
 * next to the fields and what was typed. Anything else is thrown on.
 */
export async function formAction(
  req: Request,
  res: Response,
  action: () => Promise<unknown>,
  outcome: { done: string; next: string; showAgain: (fields: Record<string, string>, typed: Record<string, unknown>) => Promise<void> },
): Promise<void> {
  try {
    await action();
  } catch (err) {
    const fields = invalidFields(err);
    if (!fields) throw err;
    return outcome.showAgain(fields, typedValues(req.body));
  }
  flash(req, outcome.done);
  res.redirect(303, outcome.next);
}
