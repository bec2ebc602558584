/** Transfers and standing orders as plain response values. */
import type { EncodableObject } from '../../common/soap/codec.js';
import { timestamp } from '../shared/calendar.js';
import { moneyView } from './amounts.js';
import { executionDateOf, type StandingOrder } from './standing-orders.js';
import type { CreditorInstruction, Transfer } from './transfers.js';
import { conversionView, feeView } from './views.js';

export function creditorView(creditor: CreditorInstruction): EncodableObject {
  return {
    account: 'iban' in creditor.account ? { iban: creditor.account.iban } : { accountId: creditor.account.accountId },
    name: creditor.name,
    ...(creditor.bic !== undefined ? { bic: creditor.bic } : {}),
  };
}

export function transferView(transfer: Transfer): EncodableObject {
  const { instruction } = transfer;
  return {
    transferId: transfer.transferId,
    status: transfer.status,
    ...(transfer.reasonCode !== undefined ? { reasonCode: transfer.reasonCode } : {}),
    ...(transfer.externalReasonCode !== undefined ? { externalReasonCode: transfer.externalReasonCode } : {}),
    ...(transfer.reason !== undefined ? { reason: transfer.reason } : {}),
    debtorAccountId: instruction.debtorAccountId,
    creditor: creditorView(instruction.creditor),
    amount: moneyView(instruction.amount.minor, instruction.amount.currency),
    ...(instruction.remittanceInformation !== undefined ? { remittanceInformation: instruction.remittanceInformation } : {}),
    scheme: transfer.scheme,
    ...(instruction.requestedExecutionDate !== undefined ? { requestedExecutionDate: instruction.requestedExecutionDate } : {}),
    executionDate: transfer.executionDate,
    ...(instruction.quoteId !== undefined ? { quoteId: instruction.quoteId } : {}),
    ...(transfer.conversion ? { conversion: conversionView(transfer.conversion) } : {}),
    ...(transfer.fees.length > 0 ? { fee: transfer.fees.map((fee) => feeView(fee, transfer.debtorCurrency)) } : {}),
    totalDebit: moneyView(transfer.totalDebit, transfer.debtorCurrency),
    channel: instruction.channel,
    ...(transfer.standingOrderId !== undefined ? { standingOrderId: transfer.standingOrderId } : {}),
    createdAt: timestamp(transfer.createdAt),
    statusChangedAt: timestamp(transfer.statusChangedAt),
    ...(transfer.entryReference !== undefined ? { entryReference: transfer.entryReference } : {}),
  };
}

export function standingOrderView(order: StandingOrder): EncodableObject {
  const { instruction } = order;
  const next = order.status === 'ACTIVE' ? executionDateOf(order, order.nextIndex) : undefined;
  return {
    standingOrderId: order.standingOrderId,
    status: order.status,
    clientId: instruction.clientId,
    debtorAccountId: instruction.debtorAccountId,
    creditor: creditorView(instruction.creditor),
    amount: moneyView(instruction.amount.minor, instruction.amount.currency),
    ...(instruction.remittanceInformation !== undefined ? { remittanceInformation: instruction.remittanceInformation } : {}),
    frequency: instruction.frequency,
    firstExecutionDate: instruction.firstExecutionDate,
    ...(instruction.lastExecutionDate !== undefined ? { lastExecutionDate: instruction.lastExecutionDate } : {}),
    ...(next !== undefined ? { nextExecutionDate: next } : {}),
    ...(order.lastTransferId !== undefined ? { lastTransferId: order.lastTransferId } : {}),
    channel: instruction.channel,
    createdAt: timestamp(order.createdAt),
    ...(order.status === 'CANCELLED' && order.cancelledAt ? { cancelledAt: timestamp(order.cancelledAt) } : {}),
  };
}
