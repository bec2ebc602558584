/**
 * The fraud rules a payment passes before the bank is asked to move money, as pure
 * functions of the payment and of what the flow looked up for it (the client's recent
 * payments, whether the payee was paid before, the account's status). Each rule gives a
 * Decision with its reason; the payment is rejected when any rule rejects it.
 *
 * Limits are per currency, written as decimal strings like the wire: a currency without a
 * limit of a rule is not limited by that rule (the bank's own limits still apply and end
 * in payment.failed with LIMIT_EXCEEDED). The defaults are documented in docs/flows.md.
 */
import { compareMoney, formatAmount, MoneyError, parseAmount, type Money } from '../../common/money.js';
import type { AccountStatus } from '../../connectors/core-banking/types.js';
import { PAYMENT_CHANNELS, type Decision, type PaymentChannel } from './types.js';

/** Amounts per currency code, as decimal strings ("10000.00"). */
export type LimitsByCurrency = Readonly<Record<string, string>>;

export interface FraudRulesInput {
  /** The most one payment may be, per channel. */
  readonly channelLimits?: Partial<Readonly<Record<PaymentChannel, LimitsByCurrency>>>;
  readonly velocity?: {
    /** The sliding window, ending at the payment's submission. */
    readonly windowMs?: number;
    /** The most payments a client may submit in the window, this one included. */
    readonly maxCount?: number;
    /** The most a client may pay in the window, this payment included, per currency. */
    readonly maxSum?: LimitsByCurrency;
  };
  /** A payee the client never paid before may receive at most this much, per currency. */
  readonly newPayeeLimit?: LimitsByCurrency;
}

export interface FraudRules {
  readonly channelLimits: Readonly<Record<PaymentChannel, ReadonlyMap<string, Money>>>;
  readonly velocity: { readonly windowMs: number; readonly maxCount: number; readonly maxSum: ReadonlyMap<string, Money> };
  readonly newPayeeLimit: ReadonlyMap<string, Money>;
}

const per = (amount: string): LimitsByCurrency => ({ EUR: amount, USD: amount, GBP: amount, CHF: amount });

export const DEFAULT_FRAUD_RULES: {
  readonly channelLimits: Readonly<Record<PaymentChannel, LimitsByCurrency>>;
  readonly velocity: { readonly windowMs: number; readonly maxCount: number; readonly maxSum: LimitsByCurrency };
  readonly newPayeeLimit: LimitsByCurrency;
} = {
  channelLimits: { MOBILE: per('10000.00'), WEB: per('25000.00'), ATM: per('1000.00'), KIOSK: per('2000.00'), STANDING_ORDER: per('25000.00') },
  velocity: { windowMs: 3_600_000, maxCount: 10, maxSum: per('20000.00') },
  newPayeeLimit: per('1000.00'),
};

/** Checks and parses the configured limits; throws a RangeError naming the bad one. */
export function resolveFraudRules(input: FraudRulesInput = {}): FraudRules {
  const limits = (values: LimitsByCurrency, path: string): ReadonlyMap<string, Money> =>
    new Map(
      Object.entries(values).map(([currency, amount]) => {
        try {
          return [currency, parseAmount(amount, currency)] as const;
        } catch (error) {
          if (error instanceof MoneyError) throw new RangeError(`fraud rules: ${path}.${currency}: ${error.message}`);
          throw error;
        }
      }),
    );
  const channels = { ...DEFAULT_FRAUD_RULES.channelLimits, ...input.channelLimits };
  const velocity = {
    windowMs: input.velocity?.windowMs ?? DEFAULT_FRAUD_RULES.velocity.windowMs,
    maxCount: input.velocity?.maxCount ?? DEFAULT_FRAUD_RULES.velocity.maxCount,
    maxSum: input.velocity?.maxSum ?? DEFAULT_FRAUD_RULES.velocity.maxSum,
  };
  if (!Number.isSafeInteger(velocity.windowMs) || velocity.windowMs <= 0) throw new RangeError('fraud rules: velocity.windowMs must be a positive whole number');
  if (!Number.isSafeInteger(velocity.maxCount) || velocity.maxCount < 1) throw new RangeError('fraud rules: velocity.maxCount must be at least 1');
  return {
    channelLimits: Object.fromEntries(PAYMENT_CHANNELS.map((channel) => [channel, limits(channels[channel] ?? {}, `channelLimits.${channel}`)])) as FraudRules['channelLimits'],
    velocity: { windowMs: velocity.windowMs, maxCount: velocity.maxCount, maxSum: limits(velocity.maxSum, 'velocity.maxSum') },
    newPayeeLimit: limits(input.newPayeeLimit ?? DEFAULT_FRAUD_RULES.newPayeeLimit, 'newPayeeLimit'),
  };
}

export interface RuleInput {
  readonly amount: Money;
  readonly channel: PaymentChannel;
  /** Amounts of the client's other payments submitted in the window before this one (not rejected, not failed). */
  readonly recent: readonly Money[];
  /** Whether the client paid this payee (IBAN) before: a payment to it is executing or completed. */
  readonly payeeKnown: boolean;
}

const pass = (rule: Decision['rule'], reason: string): Decision => ({ rule, outcome: 'PASS', reason });
const reject = (rule: Decision['rule'], reasonCode: string, reason: string): Decision => ({ rule, outcome: 'REJECT', reasonCode, reason });
const show = (money: Money): string => `${formatAmount(money)} ${money.currency}`;

export function channelAmountLimit(input: RuleInput, rules: FraudRules): Decision {
  const limit = rules.channelLimits[input.channel].get(input.amount.currency);
  if (!limit) return pass('CHANNEL_AMOUNT_LIMIT', `no ${input.channel} limit for ${input.amount.currency}`);
  return compareMoney(input.amount, limit) > 0
    ? reject('CHANNEL_AMOUNT_LIMIT', 'CHANNEL_LIMIT_EXCEEDED', `${show(input.amount)} is above the ${input.channel} limit of ${show(limit)}`)
    : pass('CHANNEL_AMOUNT_LIMIT', `${show(input.amount)} is within the ${input.channel} limit of ${show(limit)}`);
}

export function velocity(input: RuleInput, rules: FraudRules): Decision {
  const { windowMs, maxCount, maxSum } = rules.velocity;
  const minutes = `${Math.round(windowMs / 60_000)} min`;
  const count = input.recent.length + 1;
  if (count > maxCount) return reject('VELOCITY', 'VELOCITY_COUNT_EXCEEDED', `${count} payments within ${minutes}; at most ${maxCount} allowed`);
  const limit = maxSum.get(input.amount.currency);
  const sum = input.recent.filter((each) => each.currency === input.amount.currency).reduce((total, each) => total + each.minor, input.amount.minor);
  const total: Money = { minor: sum, currency: input.amount.currency };
  if (limit && compareMoney(total, limit) > 0) return reject('VELOCITY', 'VELOCITY_SUM_EXCEEDED', `${show(total)} within ${minutes}; at most ${show(limit)} allowed`);
  return pass('VELOCITY', `${count} payments, ${show(total)} within ${minutes}`);
}

export function newPayeeLargeAmount(input: RuleInput, rules: FraudRules): Decision {
  if (input.payeeKnown) return pass('NEW_PAYEE_LARGE_AMOUNT', 'the payee was paid before');
  const limit = rules.newPayeeLimit.get(input.amount.currency);
  if (limit && compareMoney(input.amount, limit) > 0) {
    return reject('NEW_PAYEE_LARGE_AMOUNT', 'NEW_PAYEE_AMOUNT_EXCEEDED', `${show(input.amount)} to a new payee is above ${show(limit)}`);
  }
  return pass('NEW_PAYEE_LARGE_AMOUNT', limit ? `a new payee, ${show(input.amount)} is within ${show(limit)}` : `a new payee, no limit for ${input.amount.currency}`);
}

/** The rules that need nothing but the hub's own data, in the order they are evaluated. */
export function localDecisions(input: RuleInput, rules: FraudRules): Decision[] {
  return [channelAmountLimit(input, rules), velocity(input, rules), newPayeeLargeAmount(input, rules)];
}

/** The source account as the bank sees it: only an OPEN account may be debited. */
export function accountStatusDecision(status: AccountStatus | 'NOT_FOUND'): Decision {
  switch (status) {
    case 'OPEN':
      return pass('ACCOUNT_STATUS', 'the account is open');
    case 'BLOCKED':
      return reject('ACCOUNT_STATUS', 'ACCOUNT_BLOCKED', 'the account is blocked for debits');
    case 'CLOSED':
      return reject('ACCOUNT_STATUS', 'ACCOUNT_CLOSED', 'the account is closed');
    case 'NOT_FOUND':
      return reject('ACCOUNT_STATUS', 'ACCOUNT_NOT_FOUND', 'the bank does not know the account for this client');
  }
}

export function firstRejection(decisions: readonly Decision[]): Decision | undefined {
  return decisions.find((decision) => decision.outcome === 'REJECT');
}
