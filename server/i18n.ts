// Translations (zh-CN default, en) and locale-aware formatting, for pages and reports alike.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { projectRoot } from './config.js';
import { isNotApplicable, type Answer } from './domain/questionnaire/answers.js';
import { LOCALES, type BilingualText, type Locale, type Question } from './domain/questionnaire/schema.js';
import { describeAnswer } from './domain/questionnaire/types/index.js';

export type { Locale, TFunction };

export const DEFAULT_LOCALE: Locale = 'zh-CN';

const resources = Object.fromEntries(
  LOCALES.map((l) => [l, { translation: JSON.parse(readFileSync(resolve(projectRoot, 'locales', `${l}.json`), 'utf8')) }]),
);

const i18n = i18next.createInstance();
await i18n.init({
  resources,
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  initAsync: false,
});

/**
 * Each language's `t`, made once. A page asks for the same plain keys hundreds of times (every
 * question's option labels), so a key asked without options is looked up in i18next once per process;
 * calls with options (interpolation, plurals) go to i18next every time.
 */
const translators = new Map<Locale, TFunction>(
  LOCALES.map((locale) => {
    const fixed = i18n.getFixedT(locale);
    const plain = new Map<string, string>();
    const t = (key: string | string[], ...rest: unknown[]) => {
      if (rest.length > 0 || typeof key !== 'string') return (fixed as unknown as (...args: unknown[]) => string)(key, ...rest);
      let text = plain.get(key);
      if (text === undefined) plain.set(key, (text = fixed(key)));
      return text;
    };
    return [locale, t as unknown as TFunction];
  }),
);

export function translator(locale: Locale): TFunction {
  return translators.get(locale)!;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Picks the text of a bilingual field in the given locale. */
export function pick(text: BilingualText | undefined, locale: Locale): string {
  return text ? text[locale] : '';
}

/**
 * Intl formatters by what they format (locale, digits, time zone): building one costs far more than using it
 * (a list page formats hundreds of times), and they hold no state between uses. The keys are few and fixed.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function formatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let cached = formatters.get(key) as F | undefined;
  if (!cached) formatters.set(key, (cached = make()));
  return cached;
}

/**
 * A figure at `digits` decimals, truncated rather than rounded, so a shown figure never claims a
 * threshold its value has not reached (S = 2.7958 shows as 2.79, T = 0.7996 as 0.79, not 0.80).
 */
export function formatNumber(value: number, locale: Locale, digits = 2): string {
  const f = 10 ** digits;
  const truncated = Math.trunc(value * f + Math.sign(value) * 1e-7) / f;
  return formatter(`number ${locale} ${digits}`, () => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })).format(truncated);
}

/** A gap to a threshold: "< 0.01" when it is above zero but below what `digits` decimals can show. */
export function formatGap(value: number, locale: Locale, digits = 2): string {
  const smallest = 10 ** -digits;
  return value > 0 && value < smallest ? `< ${formatNumber(smallest, locale, digits)}` : formatNumber(value, locale, digits);
}

/** The deployment's time zone when none is given (TIME_ZONE in the configuration). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export function formatDate(iso: string, locale: Locale, timeZone = DEFAULT_TIME_ZONE): string {
  return formatter(`date ${locale} ${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone })).format(new Date(iso));
}

/** A moment in the given time zone, with the zone named by its offset (e.g. "GMT+8"). */
export function formatDateTime(iso: string, locale: Locale, timeZone = DEFAULT_TIME_ZONE): string {
  const when = new Date(iso);
  const text = formatter(`moment ${locale} ${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone })).format(when);
  const zone = formatter(`offset ${timeZone}`, () => new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' }))
    .formatToParts(when)
    .find((p) => p.type === 'timeZoneName')?.value;
  return zone ? `${text} ${zone}` : text;
}

/** The answer in words, in the report's language. */
export function answerLabel(question: Question, answer: Answer | undefined, t: TFunction, locale: Locale): string {
  if (answer === undefined) return t('report.unanswered');
  if (isNotApplicable(answer)) return t('question.na');
  return describeAnswer(question, answer, { t, pick: (text) => pick(text, locale), listSeparator: locale === 'en' ? '; ' : '；' });
}
