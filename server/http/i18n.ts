// The request's language (remembered cookie, then Accept-Language), its helpers in res.locals,
// and the /lang switch.
import type { Request, RequestHandler, Router } from 'express';
import express from 'express';
import { answerLabel, DEFAULT_LOCALE, formatDate, formatDateTime, formatNumber, isLocale, pick, translator } from '../i18n.js';
import type { BilingualText, Locale, Question } from '../domain/questionnaire/schema.js';
import type { Answer } from '../domain/questionnaire/answers.js';
import { isLocalPath } from '../domain/local-path.js';
import { organizationLabel } from '../domain/organization.js';

const LANG_COOKIE = 'lang';

function localeOf(req: Request): Locale {
  const cookie = req.cookies?.[LANG_COOKIE];
  if (isLocale(cookie)) return cookie;
  const accepted = req.acceptsLanguages('zh-CN', 'zh', 'en');
  if (accepted === 'en') return 'en';
  return DEFAULT_LOCALE;
}

/** Puts the request's language and its helpers (times in the deployment's time zone) into res.locals for views and errors. */
export const i18nMiddleware = (timeZone: string): RequestHandler => (req, res, next) => {
  const locale = localeOf(req);
  res.locals.lang = locale;
  res.locals.t = translator(locale);
  res.locals.pick = (text: BilingualText | undefined) => pick(text, locale);
  res.locals.num = (v: number, digits?: number) => formatNumber(v, locale, digits);
  res.locals.date = (iso: string) => formatDate(iso, locale, timeZone);
  res.locals.dateTime = (iso: string) => formatDateTime(iso, locale, timeZone);
  res.locals.answerText = (question: Question, answer: Answer | null | undefined) => answerLabel(question, answer ?? undefined, res.locals.t, locale);
  /** An organization row as listed or chosen: its name in the page's language, with its credit code. */
  res.locals.orgLabel = (org: { name: string; name_en?: string | null; credit_code?: string | null }) =>
    organizationLabel({ name: org.name, nameEn: org.name_en, creditCode: org.credit_code }, locale);
  res.locals.currentPath = req.originalUrl;
  next();
};

/** A safe local redirect target: a path on this site, never another host. */
export function localPath(value: unknown, fallback = '/'): string {
  return isLocalPath(value) ? value : fallback;
}

/** GET /lang?to=en&next=/path — remembers the choice in a cookie for a year. */
export function languageRoutes(secure: boolean): Router {
  const router = express.Router();
  router.get('/lang', (req, res) => {
    const to = req.query.to;
    if (isLocale(to)) {
      res.cookie(LANG_COOKIE, to, { maxAge: 365 * 24 * 3600 * 1000, httpOnly: true, sameSite: 'lax', secure });
    }
    res.redirect(303, localPath(req.query.next));
  });
  return router;
}
