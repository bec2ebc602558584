/**
 * Card limits: twelve combinations of limit type (PURCHASE, CASH_WITHDRAWAL, ONLINE,
 * CONTACTLESS) and period (PER_TRANSACTION, DAILY, MONTHLY), each capped by the card
 * product's maximum. A transaction counts against every limit type it falls under
 * (an online purchase against PURCHASE and ONLINE); DAILY and MONTHLY count the UTC
 * calendar day and month of authorisedAt.
 */
import { currencyExponent, parseAmount } from '../../common/money.js';
import { ContractFault } from '../server/types.js';
import { moneyOrFault } from '../shared/money.js';
import type { CardRecord, LimitKey, LimitPeriod, LimitType } from './model.js';
import { LIMIT_PERIODS, LIMIT_TYPES, limitKey } from './model.js';
import { productMaximum } from './products.js';

/** How the card was used at the point of sale; decides the ONLINE and CONTACTLESS limits. */
export type PaymentChannel = 'CHIP' | 'CONTACTLESS' | 'ONLINE';
export const PAYMENT_CHANNELS: readonly PaymentChannel[] = ['CHIP', 'CONTACTLESS', 'ONLINE'];

/** ISO 18245: 6010 manual cash (bank counter), 6011 ATM. */
const CASH_MCCS: ReadonlySet<string> = new Set(['6010', '6011']);

export function isCashMcc(mcc: string): boolean {
  return CASH_MCCS.has(mcc);
}

export function limitTypesFor(mcc: string, channel: PaymentChannel): LimitType[] {
  if (isCashMcc(mcc)) return ['CASH_WITHDRAWAL'];
  if (channel === 'ONLINE') return ['PURCHASE', 'ONLINE'];
  if (channel === 'CONTACTLESS') return ['PURCHASE', 'CONTACTLESS'];
  return ['PURCHASE'];
}

/** Used part of a DAILY or MONTHLY limit, in minor units of the card's currency. */
export type UsageOf = (limitType: LimitType, period: Exclude<LimitPeriod, 'PER_TRANSACTION'>) => bigint;

export interface LimitView {
  readonly limitType: LimitType;
  readonly period: LimitPeriod;
  readonly amount: bigint;
  readonly currency: string;
  readonly productMaximum: bigint;
  /** Present for DAILY and MONTHLY. */
  readonly used?: bigint;
}

export function limitViews(card: CardRecord, usage: UsageOf): LimitView[] {
  const views: LimitView[] = [];
  for (const limitType of LIMIT_TYPES) {
    for (const period of LIMIT_PERIODS) {
      views.push({
        limitType,
        period,
        amount: card.limits.get(limitKey(limitType, period)) ?? 0n,
        currency: card.currency,
        productMaximum: productMaximum(card.productCode, card.currency, limitType, period),
        ...(period === 'PER_TRANSACTION' ? {} : { used: usage(limitType, period) }),
      });
    }
  }
  return views;
}

export interface LimitBreach {
  readonly limitType: LimitType;
  readonly period: LimitPeriod;
  readonly limit: bigint;
}

/** The first limit an amount would break, counting what the day and month already used. */
export function firstBreach(card: CardRecord, limitTypes: readonly LimitType[], amount: bigint, usage: UsageOf): LimitBreach | undefined {
  for (const limitType of limitTypes) {
    for (const period of LIMIT_PERIODS) {
      const limit = card.limits.get(limitKey(limitType, period)) ?? 0n;
      const already = period === 'PER_TRANSACTION' ? 0n : usage(limitType, period);
      if (already + amount > limit) return { limitType, period, limit };
    }
  }
  return undefined;
}

export interface LimitSetting {
  readonly limitType: LimitType;
  readonly period: LimitPeriod;
  readonly amount: string;
  readonly currency: string;
}

/**
 * SetCardLimits, all or nothing: every setting is checked (repeated combination, currency,
 * amount, product maximum) before any is applied. `field` paths count the limits from 1.
 */
export function applyLimitSettings(card: CardRecord, settings: readonly LimitSetting[]): void {
  const seen = new Set<LimitKey>();
  const accepted: [LimitKey, bigint][] = [];
  settings.forEach((setting, index) => {
    const field = `limit[${index + 1}]`;
    const key = limitKey(setting.limitType, setting.period);
    if (seen.has(key)) throw new ContractFault('SCHEMA_VIOLATION', `limit ${key} is given twice`, { field });
    seen.add(key);
    moneyOrFault(`${field}/amount/currency`, () => currencyExponent(setting.currency));
    if (setting.currency !== card.currency) {
      throw new ContractFault('CURRENCY_MISMATCH', `limits of card ${card.cardId} are in ${card.currency}, not ${setting.currency}`, { field: `${field}/amount/currency` });
    }
    const minor = moneyOrFault(`${field}/amount/amount`, () => parseAmount(setting.amount, setting.currency).minor);
    const maximum = productMaximum(card.productCode, card.currency, setting.limitType, setting.period);
    if (minor > maximum) {
      throw new ContractFault('LIMIT_EXCEEDED', `limit ${key} of ${setting.amount} ${setting.currency} is above the product maximum`, { field: `${field}/amount/amount` });
    }
    accepted.push([key, minor]);
  });
  for (const [key, minor] of accepted) card.limits.set(key, minor);
}
