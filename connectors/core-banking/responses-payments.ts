/**
 * The responses of CoreBanking's payment operations (transfers, standing orders, holds,
 * exchange rates and conversion quotes), read from the content of the response wrapper as
 * node-soap parsed it into the types of ./types.ts. Pure: no I/O, no clock. A response that
 * does not fit the contract throws a CoreBankingResponseError naming the element.
 */
import { present, SoapReader } from './read.js';
import { FAULT_CODES, readConversion, readCreditor, readFee, readPage } from './response-shapes.js';
import {
  CHANNELS,
  HOLD_STATUSES,
  STANDING_ORDER_FREQUENCIES,
  STANDING_ORDER_STATUSES,
  TRANSFER_SCHEMES,
  TRANSFER_STATUSES,
  type ConversionQuote,
  type FxRate,
  type Hold,
  type Page,
  type StandingOrder,
  type Transfer,
  type TransferSimulation,
  type Fee,
} from './types.js';

/** Fees in the debtor account's currency, as the total debit. */
function readFees(r: SoapReader, debtorCurrency: string | undefined): Fee[] {
  const fees = r.list('fee').map(readFee);
  if (debtorCurrency !== undefined) r.sameCurrency(debtorCurrency, Object.fromEntries(fees.map((fee, index) => [`fee[${index + 1}]/amount`, fee.amount])));
  return fees;
}

function readTransfer(r: SoapReader): Transfer {
  const conversion = r.optObj('conversion');
  const totalDebit = r.money('totalDebit');
  return present(
    {
      transferId: r.text('transferId'),
      status: r.oneOf('status', TRANSFER_STATUSES),
      debtorAccountId: r.text('debtorAccountId'),
      creditor: readCreditor(r.obj('creditor')),
      amount: r.money('amount'),
      scheme: r.oneOf('scheme', TRANSFER_SCHEMES),
      executionDate: r.date('executionDate'),
      fees: readFees(r, totalDebit.currency),
      totalDebit,
      channel: r.oneOf('channel', CHANNELS),
      createdAt: r.instant('createdAt'),
      statusChangedAt: r.instant('statusChangedAt'),
    },
    {
      reasonCode: r.optOneOf('reasonCode', FAULT_CODES),
      externalReasonCode: r.optText('externalReasonCode'),
      reason: r.optText('reason'),
      remittanceInformation: r.optText('remittanceInformation'),
      requestedExecutionDate: r.optDate('requestedExecutionDate'),
      quoteId: r.optText('quoteId'),
      conversion: conversion ? readConversion(conversion) : undefined,
      standingOrderId: r.optText('standingOrderId'),
      entryReference: r.optText('entryReference'),
    },
  );
}

function readStandingOrder(r: SoapReader): StandingOrder {
  return present(
    {
      standingOrderId: r.text('standingOrderId'),
      status: r.oneOf('status', STANDING_ORDER_STATUSES),
      clientId: r.text('clientId'),
      debtorAccountId: r.text('debtorAccountId'),
      creditor: readCreditor(r.obj('creditor')),
      amount: r.money('amount'),
      frequency: r.oneOf('frequency', STANDING_ORDER_FREQUENCIES),
      firstExecutionDate: r.date('firstExecutionDate'),
      channel: r.oneOf('channel', CHANNELS),
      createdAt: r.instant('createdAt'),
    },
    {
      remittanceInformation: r.optText('remittanceInformation'),
      lastExecutionDate: r.optDate('lastExecutionDate'),
      nextExecutionDate: r.optDate('nextExecutionDate'),
      lastTransferId: r.optText('lastTransferId'),
      cancelledAt: r.optInstant('cancelledAt'),
    },
  );
}

export function readSimulateTransferResponse(value: unknown): TransferSimulation {
  const r = SoapReader.response(value, 'SimulateTransferResponse');
  const conversion = r.optObj('conversion');
  const totalFees = r.optMoney('totalFees');
  const totalDebit = r.optMoney('totalDebit');
  const debtorCurrency = totalDebit?.currency ?? totalFees?.currency;
  if (debtorCurrency !== undefined) r.sameCurrency(debtorCurrency, { totalFees });
  return present(
    { wouldSucceed: r.bool('wouldSucceed'), fees: readFees(r, debtorCurrency) },
    {
      faultCode: r.optOneOf('faultCode', FAULT_CODES),
      reason: r.optText('reason'),
      scheme: r.optOneOf('scheme', TRANSFER_SCHEMES),
      executionDate: r.optDate('executionDate'),
      totalFees,
      conversion: conversion ? readConversion(conversion) : undefined,
      totalDebit,
    },
  );
}

/** CreateTransfer, GetTransferStatus and CancelTransfer answer the transfer. */
export function readTransferResponse(value: unknown, operation: string): Transfer {
  return readTransfer(SoapReader.response(value, `${operation}Response`).obj('transfer'));
}

/** CreateStandingOrder and CancelStandingOrder answer the standing order. */
export function readStandingOrderResponse(value: unknown, operation: string): StandingOrder {
  return readStandingOrder(SoapReader.response(value, `${operation}Response`).obj('standingOrder'));
}

export function readListStandingOrdersResponse(value: unknown): Page<StandingOrder> {
  const r = SoapReader.response(value, 'ListStandingOrdersResponse');
  return readPage(r, r.list('standingOrder').map(readStandingOrder));
}

function readHold(r: SoapReader): Hold {
  return present(
    {
      holdId: r.text('holdId'),
      accountId: r.text('accountId'),
      amount: r.money('amount'),
      reason: r.text('reason'),
      status: r.oneOf('status', HOLD_STATUSES),
      placedAt: r.instant('placedAt'),
      expiresAt: r.instant('expiresAt'),
    },
    { releasedAt: r.optInstant('releasedAt') },
  );
}

/** PlaceHold and ReleaseHold answer the hold. */
export function readHoldResponse(value: unknown, operation: string): Hold {
  return readHold(SoapReader.response(value, `${operation}Response`).obj('hold'));
}

export function readGetFxRatesResponse(value: unknown): FxRate[] {
  return SoapReader.response(value, 'GetFxRatesResponse')
    .list('rate')
    .map((r) => ({
      baseCurrency: r.text('baseCurrency'),
      quoteCurrency: r.text('quoteCurrency'),
      buyRate: r.rate('buyRate'),
      sellRate: r.rate('sellRate'),
      asOf: r.instant('asOf'),
    }));
}

export function readGetConversionQuoteResponse(value: unknown): ConversionQuote {
  const r = SoapReader.response(value, 'GetConversionQuoteResponse');
  return { quoteId: r.text('quoteId'), conversion: readConversion(r.obj('conversion')), validUntil: r.instant('validUntil') };
}
