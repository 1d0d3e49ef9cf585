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

/** How many translations with options each language keeps (names and times make them many; most repeat). */
const REMEMBERED_WITH_OPTIONS = 5000;

/** Options of primitive values only (a count, a name, a time already formatted): the text depends on nothing else. */
function primitiveOptions(options: unknown): options is Record<string, string | number | boolean> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return false;
  for (const v of Object.values(options)) if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
  return true;
}

/**
 * Each language's `t`, made once. A page asks for the same texts hundreds of times (every question's option
 * labels, its level tag, the evidence hint), so a key asked without options is looked up in i18next once per
 * process, and a key with options of plain values once per distinct options (the last few thousand kept);
 * anything else (an array of keys, options holding objects) goes to i18next every time.
 */
const translators = new Map<Locale, TFunction>(
  LOCALES.map((locale) => {
    const fixed = i18n.getFixedT(locale) as unknown as (...args: unknown[]) => string;
    const plain = new Map<string, string>();
    const withOptions = new Map<string, string>();
    const t = (key: string | string[], ...rest: unknown[]) => {
      if (typeof key !== 'string') return fixed(key, ...rest);
      if (rest.length === 0) {
        let text = plain.get(key);
        if (text === undefined) plain.set(key, (text = fixed(key)));
        return text;
      }
      if (rest.length > 1 || !primitiveOptions(rest[0])) return fixed(key, ...rest);
      const memo = `${key}\u0000${JSON.stringify(rest[0])}`;
      let text = withOptions.get(memo);
      if (text === undefined) {
        text = fixed(key, rest[0]);
        if (withOptions.size >= REMEMBERED_WITH_OPTIONS) withOptions.delete(withOptions.keys().next().value!);
        withOptions.set(memo, text);
      }
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

// Building an Intl formatter costs far more than formatting with one (a report formats hundreds of figures
// and dates): one per locale, option and time zone, kept for the life of the thread (a handful in all).
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function formatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, build: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) formatters.set(key, (f = build()));
  return f;
}

/**
 * A figure at `digits` decimals, truncated rather than rounded, so a shown figure never claims a
 * threshold its value has not reached (S = 2.7958 shows as 2.79, T = 0.7996 as 0.79, not 0.80).
 */
export function formatNumber(value: number, locale: Locale, digits = 2): string {
  const f = 10 ** digits;
  const truncated = Math.trunc(value * f + Math.sign(value) * 1e-7) / f;
  const number = formatter(`number ${locale} ${digits}`, () => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  return number.format(truncated);
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
  const dateTime = formatter(`dateTime ${locale} ${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }));
  const text = dateTime.format(when);
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
