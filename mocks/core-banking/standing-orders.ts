/**
 * Standing orders: a fixed amount in the debtor account's currency, paid on a schedule
 * counted from firstExecutionDate (an execution date on a weekend moves to the next
 * business day; later dates are still counted from the first). Each execution is a
 * transfer of its own; a failed execution does not stop the order. Executions are
 * idempotent per order and scheduled date, so running the job twice pays once.
 */
import type { Money } from '../../common/money.js';
import { addDays, addMonths } from '../shared/calendar.js';
import { compareText } from '../shared/compare.js';
import type { BankCore } from './core.js';
import { nextBusinessDay } from './dates.js';
import { fault } from './faults.js';
import type { Channel } from './tariff.js';
import { firstFailure, type CreditorInstruction, type TransferDesk, type TransferInstruction } from './transfers.js';

export type Frequency = 'WEEKLY' | 'MONTHLY' | 'QUARTERLY' | 'YEARLY';
export type StandingOrderStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED';

export interface StandingOrderInstruction {
  readonly clientId: string;
  readonly debtorAccountId: string;
  readonly creditor: CreditorInstruction;
  readonly amount: Money;
  readonly remittanceInformation?: string;
  readonly frequency: Frequency;
  readonly firstExecutionDate: string;
  readonly lastExecutionDate?: string;
  readonly channel: Channel;
}

export interface StandingOrder {
  readonly standingOrderId: string;
  readonly instruction: StandingOrderInstruction;
  readonly createdAt: Date;
  status: StandingOrderStatus;
  cancelledAt: Date | undefined;
  lastTransferId: string | undefined;
  /** Index of the next scheduled date (0 is firstExecutionDate). */
  nextIndex: number;
  /** Scheduled dates already executed. */
  readonly executed: Set<string>;
}

const MONTHS: Readonly<Record<Exclude<Frequency, 'WEEKLY'>, number>> = { MONTHLY: 1, QUARTERLY: 3, YEARLY: 12 };

function scheduledDate(order: StandingOrderInstruction, index: number): string {
  return order.frequency === 'WEEKLY' ? addDays(order.firstExecutionDate, 7 * index) : addMonths(order.firstExecutionDate, MONTHS[order.frequency] * index);
}

/** The business day of the index-th execution, or undefined when it would fall after lastExecutionDate. */
export function executionDateOf(order: StandingOrder, index: number): string | undefined {
  const date = nextBusinessDay(scheduledDate(order.instruction, index));
  const last = order.instruction.lastExecutionDate;
  return last !== undefined && date > last ? undefined : date;
}

export class StandingOrderBook {
  private readonly orders = new Map<string, StandingOrder>();

  constructor(
    private readonly core: BankCore,
    private readonly transfers: TransferDesk,
  ) {}

  create(idempotencyKey: string, instruction: StandingOrderInstruction): StandingOrder {
    return this.core.idempotency.run({ operation: 'CreateStandingOrder', idempotencyKey, content: instruction }, () => {
      this.check(instruction);
      const order: StandingOrder = {
        standingOrderId: this.core.nextId('SO', (id) => this.orders.has(id)),
        instruction,
        createdAt: this.core.now(),
        status: 'ACTIVE',
        cancelledAt: undefined,
        lastTransferId: undefined,
        nextIndex: 0,
        executed: new Set(),
      };
      this.orders.set(order.standingOrderId, order);
      return order;
    });
  }

  requireFor(standingOrderId: string, clientId: string): StandingOrder {
    const order = this.orders.get(standingOrderId);
    if (!order || order.instruction.clientId !== clientId) {
      throw fault('STANDING_ORDER_NOT_FOUND', `no standing order ${standingOrderId}`, 'standingOrderId');
    }
    return order;
  }

  /** The client's orders (optionally of one debtor account) in createdAt, then id order. */
  list(clientId: string, accountId: string | undefined, includeInactive: boolean): StandingOrder[] {
    return [...this.orders.values()]
      .filter(
        (order) =>
          order.instruction.clientId === clientId &&
          (accountId === undefined || order.instruction.debtorAccountId === accountId) &&
          (includeInactive || order.status === 'ACTIVE'),
      )
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareText(a.standingOrderId, b.standingOrderId));
  }

  cancel(order: StandingOrder): StandingOrder {
    if (order.status === 'CANCELLED') return order;
    if (order.status === 'COMPLETED') throw fault('INVALID_STATE', `standing order ${order.standingOrderId} is completed`, 'standingOrderId');
    order.status = 'CANCELLED';
    order.cancelledAt = this.core.now();
    return order;
  }

  /** The bank cancels the orders of a closed account. */
  cancelForAccount(accountId: string): void {
    for (const order of this.orders.values()) {
      if (order.status === 'ACTIVE' && order.instruction.debtorAccountId === accountId) this.cancel(order);
    }
  }

  /** Executes every scheduled date up to `date` that has not been executed yet. */
  run(date: string): void {
    for (const order of this.orders.values()) {
      while (order.status === 'ACTIVE') {
        const executionDate = executionDateOf(order, order.nextIndex);
        if (executionDate === undefined) {
          order.status = 'COMPLETED';
          break;
        }
        if (executionDate > date) break;
        const scheduled = scheduledDate(order.instruction, order.nextIndex);
        if (!order.executed.has(scheduled)) {
          order.executed.add(scheduled);
          const transfer = this.transfers.createForStandingOrder(order.standingOrderId, this.transferInstruction(order.instruction, executionDate), date);
          order.lastTransferId = transfer.transferId;
        }
        order.nextIndex += 1;
      }
    }
  }

  private transferInstruction(instruction: StandingOrderInstruction, executionDate: string): TransferInstruction {
    return {
      clientId: instruction.clientId,
      debtorAccountId: instruction.debtorAccountId,
      creditor: instruction.creditor,
      amount: instruction.amount,
      ...(instruction.remittanceInformation !== undefined ? { remittanceInformation: instruction.remittanceInformation } : {}),
      requestedExecutionDate: executionDate,
      channel: instruction.channel,
    };
  }

  private check(instruction: StandingOrderInstruction): void {
    const today = this.core.today();
    const evaluation = this.transfers.evaluate(this.transferInstruction(instruction, instruction.firstExecutionDate), {
      asOf: today,
      checkPeriod: false,
      checkFunds: false,
    });
    const failures = [...evaluation.failures];
    if (evaluation.debtor && instruction.amount.currency !== evaluation.debtor.currency) {
      failures.push({ code: 'CURRENCY_MISMATCH', message: "the amount must be in the debtor account's currency", field: 'amount/currency' });
    }
    const { firstExecutionDate: first, lastExecutionDate: last } = instruction;
    if (first < today || first > addDays(today, 365)) {
      failures.push({ code: 'INVALID_PERIOD', message: 'firstExecutionDate must be between today and 365 days ahead', field: 'firstExecutionDate' });
    } else if (last !== undefined && nextBusinessDay(first) > last) {
      failures.push({ code: 'INVALID_PERIOD', message: 'no execution date lies between firstExecutionDate and lastExecutionDate', field: 'lastExecutionDate' });
    }
    const failure = firstFailure({ ...evaluation, failures });
    if (failure) throw fault(failure.code, failure.message, failure.field.replace(/^transfer\//, ''));
  }
}
