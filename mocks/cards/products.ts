/**
 * The card products the mock card system offers, their schemes, their limits (defaults and
 * maximums) and the rules of how many cards a client may hold. The bank's real catalog is
 * configuration of the card system; these values are the mock's, chosen to be plausible
 * and easy to hit in tests.
 */
import { currencyExponent } from '../../common/money.js';
import type { CardScheme, CardType, LimitKey, LimitPeriod, LimitType } from './model.js';
import { LIMIT_PERIODS, LIMIT_TYPES, limitKey } from './model.js';

export interface CardProduct {
  readonly code: string;
  readonly name: string;
  readonly type: CardType;
  /** Schemes the product is offered on; the first is the bank's default. */
  readonly schemes: readonly CardScheme[];
  /** Multiplies the product maximums of the base table (premium products allow more). */
  readonly tier: bigint;
}

export const PRODUCTS: readonly CardProduct[] = [
  { code: 'DEBIT_CLASSIC', name: 'Classic Debit', type: 'DEBIT', schemes: ['VISA', 'MASTERCARD', 'MIR', 'UNIONPAY'], tier: 1n },
  { code: 'DEBIT_GOLD', name: 'Gold Debit', type: 'DEBIT', schemes: ['VISA', 'MASTERCARD'], tier: 2n },
  { code: 'CREDIT_CLASSIC', name: 'Classic Credit', type: 'CREDIT', schemes: ['VISA', 'MASTERCARD', 'MIR'], tier: 1n },
  { code: 'CREDIT_PLATINUM', name: 'Platinum Credit', type: 'CREDIT', schemes: ['VISA', 'MASTERCARD'], tier: 3n },
  { code: 'PREPAID_BASIC', name: 'Prepaid', type: 'PREPAID', schemes: ['MASTERCARD', 'VISA'], tier: 1n },
];

const DEFAULT_PRODUCT: Readonly<Record<CardType, string>> = { DEBIT: 'DEBIT_CLASSIC', CREDIT: 'CREDIT_CLASSIC', PREPAID: 'PREPAID_BASIC' };

export function findProduct(code: string): CardProduct | undefined {
  return PRODUCTS.find((product) => product.code === code);
}

export function defaultProduct(type: CardType): CardProduct {
  return findProduct(DEFAULT_PRODUCT[type])!;
}

const SCHEME_NAMES: Readonly<Record<CardScheme, string>> = { VISA: 'Visa', MASTERCARD: 'Mastercard', MIR: 'Mir', UNIONPAY: 'UnionPay', OTHER: 'Private label' };

/** The marketing name shown with the card ("Visa Classic Debit"). */
export function productDisplayName(productCode: string, scheme: CardScheme): string {
  const product = findProduct(productCode);
  return `${SCHEME_NAMES[scheme]} ${product?.name ?? productCode}`;
}

/** How many cards that are not final (or are still on order) an account and a client may hold. */
export const MAX_CARDS_PER_ACCOUNT = 4;
export const MAX_CARDS_PER_CLIENT = 10;

/** New cards are valid for four years (expiry month = issue month + 48). */
export const VALIDITY_MONTHS = 48;

/**
 * Limits in major units of a "strong" currency (EUR, USD, GBP, CHF): the default every new
 * card gets and the maximum of a tier-1 product. Weaker currencies scale by CURRENCY_SCALE.
 */
const BASE_LIMITS: Readonly<Record<LimitType, Readonly<Record<LimitPeriod, { readonly default: bigint; readonly maximum: bigint }>>>> = {
  PURCHASE: {
    PER_TRANSACTION: { default: 3000n, maximum: 10000n },
    DAILY: { default: 5000n, maximum: 20000n },
    MONTHLY: { default: 20000n, maximum: 100000n },
  },
  CASH_WITHDRAWAL: {
    PER_TRANSACTION: { default: 1000n, maximum: 2000n },
    DAILY: { default: 1000n, maximum: 3000n },
    MONTHLY: { default: 5000n, maximum: 20000n },
  },
  ONLINE: {
    PER_TRANSACTION: { default: 1500n, maximum: 10000n },
    DAILY: { default: 3000n, maximum: 10000n },
    MONTHLY: { default: 10000n, maximum: 50000n },
  },
  CONTACTLESS: {
    PER_TRANSACTION: { default: 100n, maximum: 500n },
    DAILY: { default: 500n, maximum: 2000n },
    MONTHLY: { default: 2000n, maximum: 10000n },
  },
};

/** Roughly how many units of the currency buy one unit of the base table. */
const CURRENCY_SCALE: Readonly<Record<string, bigint>> = {
  RUB: 100n,
  KZT: 500n,
  JPY: 150n,
  CNY: 8n,
  SEK: 10n,
  NOK: 10n,
  DKK: 7n,
  CZK: 25n,
  PLN: 4n,
  TRY: 35n,
  UZS: 13000n,
  KGS: 90n,
};

function toMinor(major: bigint, currency: string): bigint {
  return major * (CURRENCY_SCALE[currency] ?? 1n) * 10n ** BigInt(currencyExponent(currency));
}

/** The twelve limits a new card of the product starts with, in minor units of `currency`. */
export function defaultLimits(currency: string): Map<LimitKey, bigint> {
  const limits = new Map<LimitKey, bigint>();
  for (const limitType of LIMIT_TYPES) {
    for (const period of LIMIT_PERIODS) limits.set(limitKey(limitType, period), toMinor(BASE_LIMITS[limitType][period].default, currency));
  }
  return limits;
}

/** The most the product allows for one limit, in minor units of `currency`. */
export function productMaximum(productCode: string, currency: string, limitType: LimitType, period: LimitPeriod): bigint {
  const tier = findProduct(productCode)?.tier ?? 1n;
  return toMinor(BASE_LIMITS[limitType][period].maximum * tier, currency);
}

/** BINs of the mock bank per scheme and card type, used when the dataset has no card to learn one from. */
export const DEFAULT_BINS: Readonly<Record<CardScheme, Readonly<Record<CardType, string>>>> = {
  VISA: { DEBIT: '427683', CREDIT: '455987', PREPAID: '404136' },
  MASTERCARD: { DEBIT: '535110', CREDIT: '547712', PREPAID: '516874' },
  MIR: { DEBIT: '220070', CREDIT: '220412', PREPAID: '220215' },
  UNIONPAY: { DEBIT: '621483', CREDIT: '625914', PREPAID: '623058' },
  OTHER: { DEBIT: '990001', CREDIT: '990002', PREPAID: '990003' },
};
