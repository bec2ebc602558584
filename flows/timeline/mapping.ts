/**
 * What an event means for the client's timeline, as pure functions:
 * - an account entry (TransactionPosted) or a payment status is a movement: one entry per
 *   account entry (account + entryReference) or payment (paymentId), whose id is derived
 *   from that key, so a later version (booked after pending, completed after accepted)
 *   finds the entry and updates it;
 * - a card, application, loan or deposit change is a product change: it carries the
 *   product's state, and becomes an entry only when that state differs from what the
 *   product's previous entry showed (a card status sent again, a deposit whose interest
 *   accrued, a loan repayment already shown as its account entry make none).
 */
import { createHash } from 'node:crypto';
import { formatAmount, type Money } from '../../common/money.js';
import type { ParsedEvent } from '../../hub/events/parse.js';
import type { InstallmentRecord } from '../../hub/store/types.js';
import type { PaymentStatusEvent, TimelineInput } from './messages.js';
import type { DepositChange, LoanChange, LoanChangeDetails, PostingDetails, TimelineEntry, WireMoney } from './types.js';

/** An entry keyed by what it is about; it replaces the stored one when it supersedes it (see supersedes()). */
export interface MovementChange {
  readonly mode: 'movement';
  readonly entry: TimelineEntry;
}

/** A product's new state; the entry depends on the state its previous entry showed. */
export interface ProductChange {
  readonly mode: 'product';
  /** The product, such as 'CARD:CD1'. */
  readonly subject: string;
  /** The event's sequence: entries of one product are compared in this order. */
  readonly sequence: bigint;
  /** The product's state as JSON, kept with the entry for the next comparison. */
  readonly state: string;
  /** The entry, given the state of the product's previous entry; undefined when nothing worth showing changed. */
  entryFor(previousState: string | undefined): TimelineEntry | undefined;
}

export type TimelineChange = MovementChange | ProductChange;

/** An opaque, fixed-length entry id: 32 hex digits of SHA-256 (no case to fold on any collation). */
export function entryIdOf(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

export function timelineChange(input: TimelineInput, messageId: string): TimelineChange {
  return input.source === 'payment' ? { mode: 'movement', entry: paymentEntry(input.payment, messageId) } : changeOf(input.event, messageId);
}

/** How far a movement has come: a later stage is never replaced by an earlier one. */
export function stageOf(entry: Pick<TimelineEntry, 'kind' | 'status'>): number {
  if (entry.kind === 'POSTING') return entry.status === 'BOOKED' ? 2 : 1;
  if (entry.kind === 'PAYMENT') return entry.status === 'ACCEPTED' ? 1 : 2;
  return 0;
}

/**
 * Whether `incoming` should replace the stored version of the same movement: a later
 * stage always does, the same stage when it is not older, an earlier stage never (a
 * pending entry delivered again after its booking).
 */
export function supersedes(incoming: TimelineEntry, stored: TimelineEntry): boolean {
  const stage = stageOf(incoming) - stageOf(stored);
  return stage > 0 || (stage === 0 && incoming.updatedAt.getTime() >= stored.updatedAt.getTime());
}

const wire = (money: Money): WireMoney => ({ amount: formatAmount(money), currency: money.currency });

/** Copies the defined values only, so that entries compare and serialise without undefined keys. */
function defined<T extends object>(value: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) result[key] = item;
  return result as T;
}

function paymentEntry(payment: PaymentStatusEvent, messageId: string): TimelineEntry {
  return {
    entryId: entryIdOf('payment', payment.paymentId),
    clientId: payment.clientId,
    kind: 'PAYMENT',
    occurredAt: payment.occurredAt,
    updatedAt: payment.occurredAt,
    status: payment.status,
    amount: payment.amount,
    references: { accountId: payment.accountId, paymentId: payment.paymentId },
    details: defined({ reason: payment.reason }),
    sourceMessageId: messageId,
  };
}

function changeOf(event: ParsedEvent, messageId: string): TimelineChange {
  const body = event.body;
  const at = event.occurredAt;
  switch (body.type) {
    case 'TransactionPosted': {
      const t = body.transaction;
      const details: PostingDetails = defined({
        transactionKind: t.kind,
        valueDate: t.valueDate,
        bookingDate: t.bookingDate,
        counterparty: t.counterparty && defined({ ...t.counterparty }),
        merchantCategoryCode: t.merchantCategoryCode,
        remittanceInformation: t.remittanceInformation,
        originalAmount: t.originalAmount && wire(t.originalAmount),
        reversalOf: t.reversalOf,
        balanceAfter: t.balanceAfter && wire(t.balanceAfter),
      });
      return {
        mode: 'movement',
        entry: {
          entryId: entryIdOf('posting', t.accountId, t.entryReference),
          clientId: t.clientId,
          kind: 'POSTING',
          occurredAt: at,
          updatedAt: at,
          status: t.status,
          amount: t.amount,
          creditDebitIndicator: t.creditDebitIndicator,
          references: defined({ accountId: t.accountId, entryReference: t.entryReference, cardId: t.cardId, transferId: t.transferId }),
          details,
          sourceMessageId: messageId,
        },
      };
    }
    case 'CardStatusChanged': {
      const card = body.card;
      return product(`CARD:${card.cardId}`, event, { status: card.status }, (previous: { status: string } | undefined) =>
        previous?.status === card.status
          ? undefined
          : {
              ...base(event, messageId, card.clientId),
              kind: 'CARD_STATUS',
              status: card.status,
              references: { cardId: card.cardId },
              details: defined({ maskedPan: card.maskedPan, reason: card.reason, previousStatus: previous?.status }),
            },
      );
    }
    case 'ApplicationStatusChanged': {
      const application = body.application;
      const state = defined({ status: application.status, reason: application.reason });
      return product(`APPLICATION:${application.applicationId}`, event, state, (previous: { status: string; reason?: string } | undefined) =>
        previous?.status === state.status && previous.reason === state.reason
          ? undefined
          : {
              ...base(event, messageId, application.clientId),
              kind: 'APPLICATION_STATUS',
              status: application.status,
              references: { applicationId: application.applicationId },
              details: defined({ productType: application.productType, reason: application.reason, productId: application.productId, previousStatus: previous?.status }),
            },
      );
    }
    case 'LoanScheduleChanged': {
      const loan = body.loan;
      const schedule = [...loan.schedule].sort((a, b) => a.number - b.number);
      const state: LoanState = {
        status: loan.status,
        overdue: schedule.filter((line) => line.status === 'OVERDUE').map((line) => line.number),
        // The plan itself (dates and totals), not the payments made against it.
        plan: entryIdOf(...schedule.map((line) => `${line.number}|${line.dueDate}|${formatAmount(line.total)}|${line.total.currency}`)),
      };
      return product(`LOAN:${loan.loanId}`, event, state, (previous: LoanState | undefined) => {
        const changes: LoanChange[] = previous
          ? [
              ...(previous.status !== state.status ? (['STATUS'] as const) : []),
              ...(previous.overdue.join(',') !== state.overdue.join(',') ? (['OVERDUE'] as const) : []),
              ...(previous.plan !== state.plan ? (['SCHEDULE'] as const) : []),
            ]
          : ['NEW'];
        if (changes.length === 0) return undefined;
        const next = schedule.find((line) => line.status !== 'PAID');
        return {
          ...base(event, messageId, loan.clientId),
          kind: 'LOAN_CHANGE',
          status: loan.status,
          amount: loan.outstandingPrincipal,
          references: { loanId: loan.loanId },
          details: defined({
            changes,
            previousStatus: changes.includes('STATUS') ? previous?.status : undefined,
            overdueInstallments: state.overdue,
            nextInstallment: next && nextInstallment(next),
            installments: schedule.length,
          }),
        };
      });
    }
    case 'DepositChanged': {
      const deposit = body.deposit;
      const state: DepositState = { status: deposit.status, principal: wire(deposit.principal) };
      return product(`DEPOSIT:${deposit.depositId}`, event, state, (previous: DepositState | undefined) => {
        const principalChanged = previous !== undefined && (previous.principal.amount !== state.principal.amount || previous.principal.currency !== state.principal.currency);
        const changes: DepositChange[] = previous
          ? [...(previous.status !== state.status ? (['STATUS'] as const) : []), ...(principalChanged ? (['PRINCIPAL'] as const) : [])]
          : ['NEW'];
        // Interest accrues every day: on its own it is not news.
        if (changes.length === 0) return undefined;
        return {
          ...base(event, messageId, deposit.clientId),
          kind: 'DEPOSIT_CHANGE',
          status: deposit.status,
          amount: deposit.principal,
          references: { depositId: deposit.depositId },
          details: defined({
            changes,
            previousStatus: changes.includes('STATUS') ? previous?.status : undefined,
            previousPrincipal: principalChanged ? previous?.principal : undefined,
            accruedInterest: wire(deposit.accruedInterest),
            interestRate: deposit.interestRate,
            maturityDate: deposit.maturityDate,
          }),
        };
      });
    }
    default:
      // readMessage() passes only the kinds above.
      throw new Error(`no timeline entry for ${body.type}`);
  }
}

interface LoanState {
  readonly status: string;
  readonly overdue: readonly number[];
  readonly plan: string;
}

interface DepositState {
  readonly status: string;
  readonly principal: WireMoney;
}

function base(event: ParsedEvent, messageId: string, clientId: string) {
  return { entryId: entryIdOf('message', messageId), clientId, occurredAt: event.occurredAt, updatedAt: event.occurredAt, sourceMessageId: messageId };
}

function product<S extends object>(subject: string, event: ParsedEvent, state: S, entryFor: (previous: S | undefined) => TimelineEntry | undefined): ProductChange {
  return {
    mode: 'product',
    subject,
    sequence: event.sequence,
    state: JSON.stringify(state),
    entryFor: (previous) => entryFor(previous === undefined ? undefined : (JSON.parse(previous) as S)),
  };
}

function nextInstallment(line: InstallmentRecord): NonNullable<LoanChangeDetails['nextInstallment']> {
  return { number: line.number, dueDate: line.dueDate, total: wire(line.total) };
}
