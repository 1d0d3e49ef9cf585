// The device cookie: a browser that signed in to an account gets a signed, long-lived cookie naming
// that account. Its later sign-in attempts to the same account are throttled on their own counter, so
// failures others cause on the account never hold its owner up (see login-throttle.ts).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { normalizeEmail } from './users-repo.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;

export const deviceCookieName = (secure: boolean) => (secure ? '__Host-zhiping.device' : 'zhiping.device');

const accountTag = (email: string) => createHash('sha256').update(normalizeEmail(email)).digest('base64url').slice(0, 22);
const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(`device|${payload}`).digest('base64url');

export function setDeviceCookie(res: Response, secret: string, secure: boolean, email: string): void {
  const payload = `${randomBytes(16).toString('base64url')}.${accountTag(email)}`;
  res.cookie(deviceCookieName(secure), `${payload}.${sign(secret, payload)}`, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: YEAR_MS,
  });
}

/** The device's id when the request carries a genuine device cookie for `email`. */
export function deviceIdFor(req: Request, secret: string, secure: boolean, email: string): string | undefined {
  const value = req.cookies?.[deviceCookieName(secure)];
  if (typeof value !== 'string') return undefined;
  const [id, tag, mac] = value.split('.');
  if (!id || !tag || !mac || tag !== accountTag(email)) return undefined;
  const expected = Buffer.from(sign(secret, `${id}.${tag}`));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}
