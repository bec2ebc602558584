/**
 * Readers of the shapes that several CoreBanking responses share (cmn:Balance,
 * cmn:Transaction, cmn:Installment, cmn:PageInfo, cb:Creditor, cb:Fee, cb:Conversion), for
 * the response readers of ./responses-*.ts.
 */
import type { ContractErrorCode } from '../../hub/errors/catalog.js';
import { CONTRACT_ERRORS } from '../../hub/errors/catalog.js';
import type { BalanceValue } from '../../hub/store/types.js';
import { CoreBankingResponseError } from './errors.js';
import { present, type SoapReader } from './read.js';
import {
  BALANCE_TYPES,
  INSTALLMENT_STATUSES,
  TRANSACTION_KINDS,
  type AccountEntry,
  type AccountReference,
  type Balance,
  type Balances,
  type Conversion,
  type Creditor,
  type Fee,
  type Installment,
  type Page,
} from './types.js';

/** The values of cmn:FaultCode, as reasonCode and faultCode elements carry them. */
export const FAULT_CODES = Object.keys(CONTRACT_ERRORS) as ContractErrorCode[];
/** Instalment and payment numbers: xs:positiveInteger, far above the schedules' maxOccurs. */
export const MAX_LINE_NUMBER = 100_000;

/** A cmn:Balance; negative on an overdraft. */
export function readBalance(r: SoapReader): Balance {
  return { type: r.oneOf('type', BALANCE_TYPES), amount: r.money('amount', true), asOf: r.instant('asOf') };
}

/** The `balance` list of an account or GetBalances: at least one, one per type, all in one currency. */
export function readBalances(r: SoapReader): Balances {
  const items = r.list('balance');
  if (items.length === 0) r.fail('balance', 'is missing');
  const byType: Partial<Record<'booked' | 'available' | 'blocked', BalanceValue>> = {};
  let currency: string | undefined;
  for (const item of items) {
    const balance = readBalance(item);
    const key = balance.type === 'BOOKED' ? 'booked' : balance.type === 'AVAILABLE' ? 'available' : 'blocked';
    if (byType[key]) throw new CoreBankingResponseError(item.path, `a second ${balance.type} balance`);
    if (currency !== undefined && balance.amount.currency !== currency) throw new CoreBankingResponseError(item.path, `balances in ${currency} and ${balance.amount.currency}`);
    currency = balance.amount.currency;
    byType[key] = { minor: balance.amount.minor, asOf: balance.asOf };
  }
  return { currency: currency!, ...byType };
}

export function readAccountReference(r: SoapReader): AccountReference {
  const iban = r.optText('iban');
  const accountId = r.optText('accountId');
  if ((iban === undefined) === (accountId === undefined)) throw new CoreBankingResponseError(r.path, 'must name exactly one of iban and accountId');
  return iban !== undefined ? { iban } : { accountId: accountId! };
}

export function readCreditor(r: SoapReader): Creditor {
  return present({ account: readAccountReference(r.obj('account')), name: r.text('name') }, { bic: r.optText('bic') });
}

export function readFee(r: SoapReader): Fee {
  return { code: r.text('code'), description: r.text('description'), amount: r.money('amount') };
}

export function readConversion(r: SoapReader): Conversion {
  return {
    sellAmount: r.money('sellAmount'),
    buyAmount: r.money('buyAmount'),
    baseCurrency: r.text('baseCurrency'),
    quoteCurrency: r.text('quoteCurrency'),
    rate: r.rate('rate'),
  };
}

/** A cmn:PageInfo with the items of its page; a page that says more follow must say where. */
export function readPage<T>(r: SoapReader, items: T[]): Page<T> {
  const info = r.obj('page');
  if (!info.bool('hasMore')) return { items };
  return { items, nextCursor: info.text('nextCursor') };
}

/** A cmn:Transaction, with the rules the schema cannot state (booking date, reversal). */
export function readEntry(r: SoapReader): AccountEntry {
  const status = r.oneOf('status', ['BOOKED', 'PENDING'] as const);
  const kind = r.oneOf('kind', TRANSACTION_KINDS);
  const bookingDate = r.optDate('bookingDate');
  if ((status === 'BOOKED') !== (bookingDate !== undefined)) r.fail('bookingDate', 'must be present exactly when status is BOOKED');
  const reversalOf = r.optText('reversalOf');
  if ((kind === 'REVERSAL') !== (reversalOf !== undefined)) r.fail('reversalOf', 'must be present exactly when kind is REVERSAL');
  const amount = r.money('amount');
  const balanceAfter = r.optMoney('balanceAfter', true);
  r.sameCurrency(amount.currency, { balanceAfter });
  const counterparty = r.optObj('counterparty');
  return present(
    {
      accountId: r.text('accountId'),
      entryReference: r.text('entryReference'),
      status,
      kind,
      amount,
      creditDebitIndicator: r.oneOf('creditDebitIndicator', ['CRDT', 'DBIT'] as const),
      valueDate: r.date('valueDate'),
    },
    {
      originalAmount: r.optMoney('originalAmount'),
      bookingDate,
      counterparty: counterparty ? present({ name: counterparty.text('name') }, { iban: counterparty.optText('iban'), bic: counterparty.optText('bic') }) : undefined,
      remittanceInformation: r.optText('remittanceInformation'),
      merchantCategoryCode: r.optText('merchantCategoryCode'),
      cardId: r.optText('cardId'),
      transferId: r.optText('transferId'),
      reversalOf,
      balanceAfter,
    },
  );
}

/** A cmn:Installment: total = principal + interest + fees, all in one currency. */
export function readInstallment(r: SoapReader): Installment {
  const installment = present(
    {
      number: r.int('number', 1, MAX_LINE_NUMBER),
      dueDate: r.date('dueDate'),
      principal: r.money('principal'),
      interest: r.money('interest'),
      total: r.money('total'),
      status: r.oneOf('status', INSTALLMENT_STATUSES),
    },
    { fees: r.optMoney('fees') },
  );
  r.sameCurrency(installment.total.currency, { principal: installment.principal, interest: installment.interest, fees: installment.fees });
  return installment;
}
