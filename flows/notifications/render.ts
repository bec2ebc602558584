/**
 * Fills a kind's templates in the client's language. Money is formatted from its decimal
 * string by the currency's minor digits (Intl formats the string exactly; it never becomes a
 * JS number), dates in the language's long style (an xs:date has no time zone to shift it),
 * instants in the bank's time zone. A placeholder without a parameter is an error, never a
 * message with "{amount}" in it.
 */
import { MoneyError, currencyExponent, formatAmount, parseAmount } from '../../common/money.js';
import { FALLBACK_LANGUAGE, LANGUAGES, type ContentByChannel, type Language, type NotificationIntent, type Param } from './model.js';
import { EMAIL_FOOTER, PHRASES, PRODUCT_NAMES, TEMPLATES } from './templates.js';

export class RenderError extends Error {
  override readonly name = 'RenderError';
}

export interface LanguageChoice {
  readonly language: Language;
  /** The BCP 47 tag for Intl: the client's own ("en-GB") when its language has templates. */
  readonly locale: string;
}

/** The templates' language for a cmn:LanguageCode ("ru", "en-GB"); anything else falls back to English. */
export function chooseLanguage(code: string | undefined): LanguageChoice {
  const base = code?.split('-')[0]?.toLowerCase();
  const language = LANGUAGES.find((candidate) => candidate === base);
  if (!language || !code) return { language: FALLBACK_LANGUAGE, locale: FALLBACK_LANGUAGE };
  try {
    return { language, locale: Intl.getCanonicalLocales(code)[0] ?? language };
  } catch {
    return { language, locale: language };
  }
}

export interface RenderOptions {
  readonly language: Language;
  readonly locale: string;
  /** IANA time zone of instants ("Europe/Moscow"); default UTC. */
  readonly timeZone?: string;
}

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** The notification in every channel's shape. Throws RenderError when a value is missing or invalid. */
export function render(intent: NotificationIntent, options: RenderOptions): ContentByChannel {
  const template = TEMPLATES[intent.kind];
  const texts = template.texts[options.language];
  const values = new Map<string, string>();
  for (const name of template.params) {
    const param = intent.params[name];
    if (!param) throw new RenderError(`${intent.kind}: no value for {${name}}`);
    values.set(name, formatParam(param, options));
  }
  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (_, name: string) => {
      const value = values.get(name);
      if (value === undefined) throw new RenderError(`${intent.kind}/${options.language}: {${name}} is not a parameter of this kind`);
      return value;
    });
  return {
    email: { subject: fill(texts.email.subject), text: `${fill(texts.email.text)}\n\n${EMAIL_FOOTER[options.language]}\n` },
    sms: { text: fill(texts.sms) },
    push: { title: fill(texts.push.title), body: fill(texts.push.body) },
  };
}

/**
 * Intl formatters are costly to build and immutable once built, so each locale/option set
 * is built once per process (a few locales and currencies: the caches stay small).
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cachedFormat<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, build: () => T): T {
  let format = formatters.get(key) as T | undefined;
  if (!format) formatters.set(key, (format = build()));
  return format;
}

export function formatParam(param: Param, options: RenderOptions): string {
  switch (param.type) {
    case 'money':
      return formatMoney(param.amount, param.currency, options.locale);
    case 'date': {
      const date = new Date(`${param.value}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(param.value) || Number.isNaN(date.getTime())) throw new RenderError(`${param.value} is not a date YYYY-MM-DD`);
      return cachedFormat(`date|${options.locale}`, () => new Intl.DateTimeFormat(options.locale, { dateStyle: 'long', timeZone: 'UTC' })).format(date);
    }
    case 'instant': {
      const instant = new Date(param.value);
      if (Number.isNaN(instant.getTime())) throw new RenderError(`${param.value} is not an instant`);
      const timeZone = options.timeZone ?? 'UTC';
      return cachedFormat(`instant|${options.locale}|${timeZone}`, () => new Intl.DateTimeFormat(options.locale, { dateStyle: 'long', timeStyle: 'short', timeZone })).format(instant);
    }
    case 'text':
      return param.value?.trim() || PHRASES[options.language][param.fallback];
    case 'card':
      return `*${param.maskedPan.replace(/[^0-9]/g, '').slice(-4)}`;
    case 'product':
      return PRODUCT_NAMES[options.language][param.value];
  }
}

/**
 * "€1,250.50" in English, "1 250,50 €" in Russian: the wire amount is checked against its
 * currency, written with exactly its minor digits, and given to Intl as a string.
 */
export function formatMoney(amount: string, currency: string, locale: string): string {
  let canonical: string;
  let digits: number;
  try {
    canonical = formatAmount(parseAmount(amount, currency, { signed: true }));
    digits = currencyExponent(currency);
  } catch (error) {
    if (error instanceof MoneyError) throw new RenderError(`${amount} ${currency}: ${error.message}`);
    throw error;
  }
  const format = cachedFormat(`money|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }));
  // Intl.NumberFormat reads a decimal string exactly (ECMA-402 "Intl.NumberFormat v3").
  return (format.format as (value: string) => string)(canonical);
}
