/**
 * The payments flow: consumes payment.requested (written by the Platform API command with
 * the payment row), runs the fraud rules, and has CoreBanking make the transfer with the
 * payment id as its idempotency key; every status change is written to the payment and
 * published (payment.accepted, payment.completed, payment.rejected, payment.failed) in the
 * bus's one transaction.
 *
 * The transfer is called inside that transaction: if the process dies after the bank took
 * the transfer but before the commit, the message is delivered again and CreateTransfer is
 * sent again under the same key, and the bank answers the transfer it made the first time.
 */
import { classifyFailure } from '../../connectors/core-banking/errors.js';
import type { CoreBankingClient } from '../../connectors/core-banking/client.js';
import type { AccountStatus } from '../../connectors/core-banking/types.js';
import type { FlowContext, FlowDefinition, FlowMessage } from '../../hub/bus/flow.js';
import { bankFailure, handlingFailure, unreadable } from './errors.js';
import { clipText, PAYMENT_REQUESTED, statusEvent, transferInstruction, transferOutcome, type EventStatus } from './mapping.js';
import { executingByTransfer, insertPayment, payeeKnown, paymentById, recentAmounts, transferBooked, updateStatus, type StatusUpdate } from './records.js';
import { parsePaymentRequest, requestHash } from './validation.js';
import { accountStatusDecision, firstRejection, localDecisions, resolveFraudRules, type FraudRulesInput } from './rules.js';
import type { PaymentRecord } from './types.js';

export const PAYMENTS_FLOW = 'payments';
/** Booked postings complete the payments whose transfer the bank took but had not executed yet. */
export const POSTING_ROUTING_KEY = 'account.transaction.posted';
export const PAYMENTS_BINDINGS: readonly string[] = [PAYMENT_REQUESTED, POSTING_ROUTING_KEY];
/**
 * Deliveries before a payment.requested message is dead-lettered. With the bus's delays
 * (1 s, 10 s, then 60 s) 20 attempts ride out a bank that is away for about 18 minutes,
 * longer than a nightly close.
 */
export const DEFAULT_PAYMENT_ATTEMPTS = 20;
const MAX_REASON = 1000;

export interface PaymentsFlowOptions {
  readonly coreBanking: Pick<CoreBankingClient, 'getAccount' | 'createTransfer'>;
  readonly rules?: FraudRulesInput;
  readonly now?: () => Date;
  readonly maxAttempts?: number;
}

/** What handling one message did to its payment, for tests and logs. */
export type PaymentOutcome = 'REJECTED' | 'COMPLETED' | 'EXECUTING' | 'FAILED' | 'ALREADY_HANDLED';

export function createPaymentsFlow(options: PaymentsFlowOptions): FlowDefinition & { handlePayment(message: FlowMessage, context: FlowContext): Promise<PaymentOutcome | 'UNRELATED'> } {
  const rules = resolveFraudRules(options.rules);
  const now = options.now ?? (() => new Date());
  const bank = options.coreBanking;

  async function accountStatus(payment: PaymentRecord, traceparent: string | undefined): Promise<AccountStatus | 'NOT_FOUND'> {
    try {
      const account = await bank.getAccount({ accountId: payment.fromAccountId, clientId: payment.clientId }, traceparent ? { traceparent } : undefined);
      return account.ownerClientId === payment.clientId ? account.status : 'NOT_FOUND';
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind === 'REJECTED' && failure.notFound) return 'NOT_FOUND';
      if (failure.kind === 'REJECTED' && failure.code === 'ACCOUNT_CLOSED') return 'CLOSED';
      if (failure.kind === 'REJECTED' && failure.code === 'ACCOUNT_BLOCKED') return 'BLOCKED';
      throw bankFailure(error, `GetAccount ${payment.fromAccountId}`);
    }
  }

  async function change(context: FlowContext, payment: PaymentRecord, update: StatusUpdate, event?: EventStatus): Promise<void> {
    const at = now();
    const clipped = update.reason !== undefined ? { ...update, reason: clipText(update.reason, MAX_REASON) } : update;
    await updateStatus(context.ex, payment.paymentId, clipped, at);
    if (event) {
      const { routingKey, messageId, body } = statusEvent(payment, event, at, update.reasonCode);
      await context.emit(routingKey, messageId, body);
    }
  }

  /**
   * A payment of a standing order (flows/recurring-payments) arrives without a row: the
   * scheduler wrote only the message, whose ids derive from the order and the due date, so
   * a repeated firing finds the row this created and changes nothing.
   */
  async function standingOrderPayment(context: FlowContext, paymentId: string, body: Record<string, unknown>): Promise<PaymentRecord | undefined> {
    if (body.channel !== 'STANDING_ORDER') return undefined;
    const at = now();
    const { fromAccountId, amount, payee, remittanceInformation, channel } = body;
    const request = parsePaymentRequest({ fromAccountId, amount, payee, remittanceInformation, channel }, at.toISOString().slice(0, 10), ['STANDING_ORDER']);
    if (typeof body.clientId !== 'string') throw unreadable('SCHEMA_VIOLATION', 'a standing order payment must name its client');
    const record: PaymentRecord = { ...request, paymentId, clientId: body.clientId, idempotencyKey: paymentId, requestHash: requestHash(request), status: 'REQUESTED', decisions: [], createdAt: at, updatedAt: at };
    await insertPayment(context.ex, record);
    return record;
  }

  /** A booked posting of a transfer the bank had taken: its payment is COMPLETED. */
  async function posting(message: FlowMessage, context: FlowContext): Promise<PaymentOutcome | 'UNRELATED'> {
    const event = message.body as { type?: unknown; payload?: { transaction?: { transferId?: unknown; status?: unknown } } } | null;
    const transaction = event?.payload?.transaction;
    if (event?.type !== 'TransactionPosted' || typeof transaction?.transferId !== 'string' || transaction.status !== 'BOOKED') return 'UNRELATED';
    try {
      const payment = await executingByTransfer(context.ex, transaction.transferId);
      if (!payment) return 'UNRELATED';
      await change(context, payment, { status: 'COMPLETED', transferId: transaction.transferId }, 'COMPLETED');
      return 'COMPLETED';
    } catch (error) {
      throw handlingFailure(error);
    }
  }

  async function handlePayment(message: FlowMessage, context: FlowContext): Promise<PaymentOutcome | 'UNRELATED'> {
    if (message.routingKey === POSTING_ROUTING_KEY) return posting(message, context);
    if (message.routingKey !== PAYMENT_REQUESTED) throw unreadable('UNSUPPORTED_MESSAGE', `the payments flow does not handle ${message.routingKey}`);
    const body = message.body as { paymentId?: unknown; clientId?: unknown } | null;
    const paymentId = body && typeof body === 'object' ? body.paymentId : undefined;
    if (typeof paymentId !== 'string' || paymentId !== message.messageId) {
      throw unreadable('SCHEMA_VIOLATION', `payment.requested must carry the payment id ${message.messageId} as paymentId`);
    }
    try {
      const payment = (await paymentById(context.ex, paymentId)) ?? (await standingOrderPayment(context, paymentId, body as Record<string, unknown>));
      if (!payment) throw unreadable('PAYMENT_NOT_FOUND', `no payment ${paymentId}`);
      if (payment.clientId !== body!.clientId) throw unreadable('SCHEMA_VIOLATION', `payment ${paymentId} is not of client ${String(body!.clientId)}`);
      if (payment.status !== 'REQUESTED' && payment.status !== 'ACCEPTED') return 'ALREADY_HANDLED';

      if (payment.status === 'REQUESTED') {
        const windowStart = new Date(payment.createdAt.getTime() - rules.velocity.windowMs);
        const decisions = localDecisions(
          {
            amount: payment.amount,
            channel: payment.channel,
            recent: await recentAmounts(context.ex, payment.clientId, payment.paymentId, windowStart, payment.createdAt),
            payeeKnown: await payeeKnown(context.ex, payment.clientId, payment.payee.iban, payment.paymentId),
          },
          rules,
        );
        // The bank is asked only when the hub's own rules pass.
        if (!firstRejection(decisions)) decisions.push(accountStatusDecision(await accountStatus(payment, message.traceparent)));
        const rejection = firstRejection(decisions);
        if (rejection) {
          await change(context, payment, { status: 'REJECTED', reasonCode: rejection.reasonCode!, reason: rejection.reason, decisions }, 'REJECTED');
          return 'REJECTED';
        }
        await change(context, payment, { status: 'ACCEPTED', decisions }, 'ACCEPTED');
      }

      let outcome;
      try {
        const transfer = await bank.createTransfer(payment.paymentId, transferInstruction(payment), message.traceparent ? { traceparent: message.traceparent } : undefined);
        outcome = transferOutcome(transfer);
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.kind !== 'REJECTED') throw bankFailure(error, `CreateTransfer for payment ${payment.paymentId}`);
        await change(context, payment, { status: 'FAILED', reasonCode: failure.code, reason: error instanceof Error ? error.message : failure.code }, 'FAILED');
        return 'FAILED';
      }
      // A transfer the bank took but has not executed completes when its booked posting is
      // pushed (posting() below); if that posting is already here, it completes now.
      if (outcome.status === 'EXECUTING' && outcome.transferId && (await transferBooked(context.ex, outcome.transferId))) outcome = { ...outcome, status: 'COMPLETED' as const };
      if (outcome.status === 'COMPLETED') await change(context, payment, { status: 'COMPLETED', transferId: outcome.transferId }, 'COMPLETED');
      else if (outcome.status === 'EXECUTING') await change(context, payment, { status: 'EXECUTING', transferId: outcome.transferId });
      else await change(context, payment, { status: 'FAILED', transferId: outcome.transferId, reasonCode: outcome.reasonCode, reason: outcome.reason }, 'FAILED');
      return outcome.status;
    } catch (error) {
      throw handlingFailure(error);
    }
  }

  return {
    name: PAYMENTS_FLOW,
    bindings: PAYMENTS_BINDINGS,
    // payment.requested is keyed by the client: one client's payments are decided in the
    // order they were submitted, so velocity and new-payee see the earlier ones decided.
    ordering: 'per-aggregate',
    maxAttempts: options.maxAttempts ?? DEFAULT_PAYMENT_ATTEMPTS,
    handle: async (message, context) => {
      await handlePayment(message, context);
    },
    handlePayment,
  };
}
