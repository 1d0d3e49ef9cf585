// One-time form tokens: a double click, a resent form or five concurrent posts of one form view do
// its action once. Each render of a form gets a fresh token (views call `onceToken(purpose)` in a
// hidden `_once` field); it is signed for the user and the purpose and valid for a day. The action
// consumes it by inserting it into form_submissions inside the action's own transaction (OnceGuard),
// together with the id of what it made or changed. A repeat finds the token used and gets that id,
// so the route answers it exactly as it answered the first: the same redirect, nothing done twice.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../context.js';
import { findFormSubmission, insertFormSubmission, ONCE_TOKEN_TTL_MS, type OnceGuard } from '../db/form-submissions.js';
import { FormExpired } from './errors.js';

export const ONCE_FIELD = '_once';

const mac = (secret: string, userId: string, purpose: string, issued: string, nonce: string) =>
  createHmac('sha256', secret).update(`once|${userId}|${purpose}|${issued}|${nonce}`).digest('base64url');

export function issueOnceToken(secret: string, userId: string, purpose: string, now = Date.now()): string {
  const issued = now.toString(36);
  const nonce = randomBytes(16).toString('base64url');
  return `${issued}.${nonce}.${mac(secret, userId, purpose, issued, nonce)}`;
}

/** The token's nonce when it was issued by us to `userId` for `purpose` and has not expired. */
export function verifyOnceToken(secret: string, userId: string, purpose: string, token: unknown, now = Date.now()): string | undefined {
  if (typeof token !== 'string') return undefined;
  const [issued, nonce, given] = token.split('.');
  if (!issued || !nonce || !given) return undefined;
  const age = now - parseInt(issued, 36);
  if (!(age >= 0 && age <= ONCE_TOKEN_TTL_MS)) return undefined;
  const expected = Buffer.from(mac(secret, userId, purpose, issued, nonce));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? nonce : undefined;
}

/** Lets views put a fresh token into a form: `<input type="hidden" name="_once" value="<%= onceToken('assessment.start') %>">`. */
export function onceTokens(ctx: AppContext): RequestHandler {
  return (_req, res, next) => {
    res.locals.onceToken = (purpose: string) => (res.locals.user ? issueOnceToken(ctx.secret, res.locals.user.id, purpose) : '');
    next();
  };
}

export interface OnceOutcome {
  /** The id of what the form made or changed, from this submission or the first one. */
  resultId: string;
  /** True when an earlier submission of the same form view already did the action. */
  repeated: boolean;
}

/**
 * Runs a form's action once per form view. `action` receives the guard to hand to the service (which
 * calls it first in its transaction) and returns the id of what it made or changed. A missing, forged
 * or expired token is refused as a stale form (FormExpired: back to the page with a notice).
 */
export async function submitOnce(
  ctx: AppContext,
  req: Request,
  res: Response,
  purpose: string,
  action: (guard: OnceGuard) => Promise<string>,
): Promise<OnceOutcome> {
  const userId: string | undefined = res.locals.user?.id;
  const token = userId ? verifyOnceToken(ctx.secret, userId, purpose, (req.body as Record<string, unknown> | undefined)?.[ONCE_FIELD]) : undefined;
  if (!userId || !token) throw new FormExpired();
  const earlier = async () => {
    const row = await findFormSubmission(ctx.db, token);
    return row && row.user_id === userId && row.purpose === purpose ? { resultId: row.result, repeated: true } : undefined;
  };
  const done = await earlier();
  if (done) return done;
  const guard: OnceGuard = (trx, resultId) => insertFormSubmission(trx, { token, userId, purpose, result: resultId });
  try {
    return { resultId: await action(guard), repeated: false };
  } catch (err) {
    // A concurrent submission of the same view may have committed first (our insert then failed, or
    // our action found its work already done): answer as it did. Any other failure stands.
    const repeat = await earlier();
    if (repeat) return repeat;
    throw err;
  }
}

/** Whether the request carries a one-time token at all (a form view that had one). */
export function hasOnceToken(req: Request): boolean {
  return typeof (req.body as Record<string, unknown> | undefined)?.[ONCE_FIELD] === 'string';
}
