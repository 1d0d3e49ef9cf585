// Renders a form page again after a zod failure, with messages next to the fields and the input kept.
import type { Response } from 'express';
import type { z } from 'zod';
import { fieldErrors } from './errors.js';

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
  const values = { ...(body as Record<string, unknown>) };
  for (const key of Object.keys(values)) if (/password/i.test(key) || key.startsWith('_')) delete values[key];
  res.status(status).render(view, { ...locals, errors, values });
}
