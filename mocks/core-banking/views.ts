/**
 * Domain records as plain response values (common/soap/codec.ts conventions) for the
 * shared types: balances, entries, accounts, holds, rates, conversions and fees.
 */
import type { EncodableObject } from '../../common/soap/codec.js';
import { timestamp } from '../shared/calendar.js';
import { formatRate } from '../shared/decimal.js';
import { moneyValue } from '../shared/money.js';
import { moneyView } from './amounts.js';
import type { Balances, ClientAccount } from './core.js';
import type { Conversion, FxPair } from './fx.js';
import type { Hold } from './holds.js';
import type { Counterparty, LedgerEntry } from './ledger.js';
import type { Fee } from './tariff.js';

/** The three balances in the contract's order: BOOKED, AVAILABLE, BLOCKED. */
export function balanceViews(balances: Balances): EncodableObject[] {
  const asOf = timestamp(balances.asOf);
  return [
    { type: 'BOOKED', amount: moneyValue(balances.booked, balances.currency), asOf },
    { type: 'AVAILABLE', amount: moneyValue(balances.available, balances.currency), asOf },
    { type: 'BLOCKED', amount: moneyValue(balances.blocked, balances.currency), asOf },
  ];
}

export function counterpartyView(counterparty: Counterparty): EncodableObject {
  return {
    name: counterparty.name,
    ...(counterparty.iban !== undefined ? { iban: counterparty.iban } : {}),
    ...(counterparty.bic !== undefined ? { bic: counterparty.bic } : {}),
  };
}

export function transactionView(entry: LedgerEntry): EncodableObject {
  const { details } = entry;
  const magnitude = entry.amount < 0n ? -entry.amount : entry.amount;
  const booked = entry.status === 'BOOKED';
  return {
    entryReference: entry.entryReference,
    accountId: entry.accountId,
    status: booked ? 'BOOKED' : 'PENDING',
    kind: details.kind,
    amount: moneyView(magnitude, entry.currency),
    creditDebitIndicator: entry.amount < 0n ? 'DBIT' : 'CRDT',
    ...(details.originalAmount ? { originalAmount: moneyView(details.originalAmount.minor, details.originalAmount.currency) } : {}),
    ...(booked ? { bookingDate: entry.bookingDate! } : {}),
    valueDate: entry.valueDate,
    ...(details.counterparty ? { counterparty: counterpartyView(details.counterparty) } : {}),
    ...(details.remittanceInformation !== undefined ? { remittanceInformation: details.remittanceInformation } : {}),
    ...(details.merchantCategoryCode !== undefined ? { merchantCategoryCode: details.merchantCategoryCode } : {}),
    ...(details.cardId !== undefined ? { cardId: details.cardId } : {}),
    ...(details.transferId !== undefined ? { transferId: details.transferId } : {}),
    ...(details.reversalOf !== undefined ? { reversalOf: details.reversalOf } : {}),
    ...(booked && entry.balanceAfter !== undefined ? { balanceAfter: moneyValue(entry.balanceAfter, entry.currency) } : {}),
  };
}

export function accountView(account: ClientAccount, balances: Balances): EncodableObject {
  return {
    accountId: account.accountId,
    ...(account.iban !== undefined ? { iban: account.iban } : {}),
    currency: account.currency,
    productCode: account.productCode,
    productName: account.productName,
    type: account.type,
    status: account.status,
    openingDate: account.openingDate,
    ...(account.status === 'CLOSED' && account.closingDate !== undefined ? { closingDate: account.closingDate } : {}),
    ownerClientId: account.clientId,
    ...(account.creditLine > 0n ? { creditLine: moneyView(account.creditLine, account.currency) } : {}),
    balance: balanceViews(balances),
  };
}

export function holdView(hold: Hold): EncodableObject {
  return {
    holdId: hold.holdId,
    accountId: hold.accountId,
    amount: moneyView(hold.amount, hold.currency),
    reason: hold.reason,
    status: hold.status,
    placedAt: timestamp(hold.placedAt),
    expiresAt: timestamp(hold.expiresAt),
    ...(hold.releasedAt ? { releasedAt: timestamp(hold.releasedAt) } : {}),
  };
}

export function fxRateView(pair: FxPair): EncodableObject {
  return {
    baseCurrency: pair.baseCurrency,
    quoteCurrency: pair.quoteCurrency,
    buyRate: formatRate(pair.buyRate),
    sellRate: formatRate(pair.sellRate),
    asOf: timestamp(pair.asOf),
  };
}

export function conversionView(conversion: Conversion): EncodableObject {
  return {
    sellAmount: moneyView(conversion.sellAmount, conversion.sellCurrency),
    buyAmount: moneyView(conversion.buyAmount, conversion.buyCurrency),
    baseCurrency: conversion.baseCurrency,
    quoteCurrency: conversion.quoteCurrency,
    rate: formatRate(conversion.rate),
  };
}

export function feeView(fee: Fee, currency: string): EncodableObject {
  return { code: fee.code, description: fee.description, amount: moneyView(fee.amount, currency) };
}
