/** Handlers of the payment operations: transfers and standing orders. */
import type { EncodableObject } from '../../common/soap/codec.js';
import { keysetPage, pageInfo } from '../shared/paging.js';
import { moneyView } from './amounts.js';
import { requestCursor } from './cursor.js';
import type { OperationHandlers } from './handlers.js';
import { standingOrderView, transferView } from './payment-views.js';
import * as read from './request.js';
import type { Frequency } from './standing-orders.js';
import type { CoreBankingState } from './state.js';
import { firstFailure } from './transfers.js';
import { conversionView, feeView } from './views.js';

const FREQUENCIES: readonly Frequency[] = ['WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY'];

export function paymentHandlers(state: CoreBankingState): OperationHandlers {
  const core = state.core;
  const transfers = state.transfers;
  const orders = state.standingOrders;

  return {
    SimulateTransfer: (request) => {
      const instruction = read.transferInstruction(request);
      const evaluation = transfers.evaluate(instruction, { asOf: core.today(), checkPeriod: true });
      const failure = firstFailure(evaluation);
      const pricing = evaluation.pricing;
      const currency = evaluation.debtor?.currency;
      const response: EncodableObject = {
        wouldSucceed: failure === undefined,
        ...(failure ? { faultCode: failure.code, reason: failure.message.slice(0, 140) } : {}),
        ...(evaluation.scheme ? { scheme: evaluation.scheme } : {}),
        ...(evaluation.executionDate ? { executionDate: evaluation.executionDate } : {}),
      };
      if (pricing && currency) {
        Object.assign(response, {
          ...(pricing.fees.length > 0 ? { fee: pricing.fees.map((fee) => feeView(fee, currency)) } : {}),
          totalFees: moneyView(pricing.totalFees, currency),
          ...(pricing.conversion ? { conversion: conversionView(pricing.conversion) } : {}),
          totalDebit: moneyView(pricing.totalDebit, currency),
        });
      }
      return response;
    },

    CreateTransfer: (request) => {
      const transfer = transfers.create(read.text(request, 'idempotencyKey'), read.transferInstruction(request));
      return { transfer: transferView(transfer) };
    },

    GetTransferStatus: (request) => {
      const transfer = transfers.requireFor(read.text(request, 'transferId'), read.optionalText(request, 'clientId'));
      return { transfer: transferView(transfer) };
    },

    CancelTransfer: (request) => {
      const transfer = transfers.requireFor(read.text(request, 'transferId'), read.text(request, 'clientId'));
      read.channel(request);
      return { transfer: transferView(transfers.cancel(transfer, read.optionalText(request, 'reason'))) };
    },

    CreateStandingOrder: (request) => {
      const remittanceInformation = read.optionalText(request, 'remittanceInformation');
      const lastExecutionDate = read.optionalDate(request, 'lastExecutionDate');
      const order = orders.create(read.text(request, 'idempotencyKey'), {
        clientId: read.text(request, 'clientId'),
        debtorAccountId: read.text(request, 'debtorAccountId'),
        creditor: read.creditor(request),
        amount: read.money(request, 'amount'),
        ...(remittanceInformation !== undefined ? { remittanceInformation } : {}),
        frequency: read.oneOf(request, 'frequency', FREQUENCIES),
        firstExecutionDate: read.date(request, 'firstExecutionDate'),
        ...(lastExecutionDate !== undefined ? { lastExecutionDate } : {}),
        channel: read.channel(request),
      });
      return { standingOrder: standingOrderView(order) };
    },

    ListStandingOrders: (request) => {
      const client = core.requireClient(read.text(request, 'clientId'));
      const accountId = read.optionalText(request, 'accountId');
      if (accountId !== undefined) core.ownedAccount(client.clientId, accountId);
      const includeInactive = read.flag(request, 'includeInactive');
      const list = orders.list(client.clientId, accountId, includeInactive);
      const page = keysetPage(list, read.page(request), {
        cursor: requestCursor(`so|${client.clientId}|${accountId ?? ''}|${includeInactive}`),
        positionOf: (order) => [order.createdAt.getTime(), order.standingOrderId],
        isAfter: (order, [createdAt, id]) => {
          const time = order.createdAt.getTime();
          return time > Number(createdAt) || (time === Number(createdAt) && order.standingOrderId > String(id));
        },
      });
      return { standingOrder: page.items.map(standingOrderView), page: pageInfo(page) };
    },

    CancelStandingOrder: (request) => {
      const order = orders.requireFor(read.text(request, 'standingOrderId'), read.text(request, 'clientId'));
      read.channel(request);
      return { standingOrder: standingOrderView(orders.cancel(order)) };
    },
  };
}
