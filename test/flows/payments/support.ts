/**
 * Support of the payments tests: the mock core banking system over real HTTP behind the
 * real resilient caller (connectors/shared) and the typed client; a client of the seeded
 * dataset who may pay, with an account that has money and a payee at the same bank (an
 * internal transfer, which the bank completes at once); the account projection the
 * command checks ownership against, written the real way (CacheControl's applyEvents);
 * and the flow's handler run on one store transaction, as the bus runs it.
 */
import { expect } from 'chai';
import { pino } from 'pino';
import { CoreBankingClient } from '../../../connectors/core-banking/client.js';
import type { AccountEntry } from '../../../connectors/core-banking/types.js';
import { createOperationCaller, type ManagedOperationCaller } from '../../../connectors/shared/caller.js';
import { FlowError, type FlowMessage } from '../../../hub/bus/flow.js';
import { applyEvents } from '../../../hub/events/apply.js';
import type { Store } from '../../../hub/store/index.js';
import { createPaymentsFlow, type PaymentOutcome, type PaymentsFlowOptions } from '../../../flows/payments/index.js';
import { startMocks, type RunningMocks } from '../../../mocks/index.js';
import type { SeedAccount, SeedClient } from '../../../mocks/seed/dataset.js';
import { balanceChanged } from '../../store/support.js';
import { forClient } from '../timeline/support.js';

export interface Bank {
  readonly mocks: RunningMocks;
  readonly caller: ManagedOperationCaller;
  readonly client: CoreBankingClient;
  /** A KYC-verified client with a funded EUR current account. */
  readonly payer: SeedClient;
  readonly account: SeedAccount;
  /** An EUR account of another client at the same bank. */
  readonly payee: SeedAccount;
  /** Another EUR account of a client, for ownership checks. */
  readonly stranger: SeedAccount;
  stop(): Promise<void>;
}

export async function startBank(): Promise<Bank> {
  const mocks = await startMocks({ clients: 40, seed: 5 });
  const caller = createOperationCaller({
    backOffice: 'core-banking',
    settings: {
      endpoint: mocks.mocks['core-banking'].endpoint,
      timeoutMs: 3000,
      retries: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
      breaker: { failureRate: 0.5, minimumCalls: 1000, windowMs: 10_000, halfOpenAfterMs: 5000 },
    },
    logger: pino({ level: 'silent' }),
  });
  await caller.start();
  const client = new CoreBankingClient(caller);
  const { dataset } = mocks;
  let chosen: { payer: SeedClient; account: SeedAccount } | undefined;
  for (const payer of dataset.clients.filter((each) => each.kycStatus === 'VERIFIED')) {
    for (const account of dataset.accounts.filter((each) => each.clientId === payer.clientId && each.currency === 'EUR' && each.type === 'CURRENT')) {
      const balances = await client.getBalances({ accountId: account.accountId, clientId: payer.clientId });
      if (balances.available && balances.available.minor >= 300_000n) {
        chosen = { payer, account };
        break;
      }
    }
    if (chosen) break;
  }
  if (!chosen) throw new Error('the seeded dataset has no verified client with 3000 EUR available; change the seed');
  const others = dataset.accounts.filter((each) => each.clientId !== chosen!.payer.clientId && each.currency === 'EUR');
  if (others.length < 2) throw new Error('the seeded dataset has too few EUR accounts; change the seed');
  return {
    mocks,
    caller,
    client,
    ...chosen,
    payee: others[0]!,
    stranger: others[1]!,
    async stop() {
      await caller.stop();
      await mocks.stop();
    },
  };
}

/** Writes the accounts' projections to the store, through CacheControl's path. */
export async function project(store: Store, ...accounts: readonly SeedAccount[]): Promise<void> {
  const events = accounts.map((account) => forClient(balanceChanged(account.accountId, 1, { BOOKED: '100.00', AVAILABLE: '100.00' }, account.currency), account.clientId));
  const results = await applyEvents(store, 'CORE_BANKING', events, new Date());
  expect(results.map((result) => result.result)).to.deep.equal(accounts.map(() => 'ACCEPTED'));
}

export interface Emitted {
  readonly routingKey: string;
  readonly messageId: string;
  readonly body: unknown;
}

/** The flow's handler on one store transaction per message, as the bus runs it; records what it emits (committed only). */
export function runner(store: Store, options: PaymentsFlowOptions): { handle(message: FlowMessage): Promise<PaymentOutcome | 'UNRELATED'>; emitted: Emitted[] } {
  const flow = createPaymentsFlow(options);
  const emitted: Emitted[] = [];
  return {
    emitted,
    async handle(message) {
      const pending: Emitted[] = [];
      const outcome = await store.transaction('test', (ex) =>
        flow.handlePayment(message, {
          ex,
          emit: async (routingKey, messageId, body) => {
            pending.push({ routingKey, messageId, body });
          },
        }),
      );
      emitted.push(...pending);
      return outcome;
    },
  };
}

/** The payment.requested message the command wrote for a payment, from the outbox. */
export async function requested(store: Store, paymentId: string, attempt = 1): Promise<FlowMessage> {
  const row = (await store.pending(10_000)).find((each) => each.eventId === paymentId);
  if (!row) throw new Error(`no outbox message ${paymentId}`);
  expect(row.routingKey).to.equal('payment.requested');
  return { messageId: row.eventId, routingKey: row.routingKey, body: JSON.parse(row.payload) as unknown, attempt };
}

/** The FlowError a promise rejects with (store.transaction wraps it in a HubError whose cause it is). */
export async function flowError(promise: Promise<unknown>): Promise<FlowError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && !(current instanceof FlowError); depth += 1) current = (current as { cause?: unknown }).cause;
  expect(current, `a FlowError, got ${String(error)}`).to.be.instanceOf(FlowError);
  return current as FlowError;
}

/** Today's entries of an account at the bank that carry this remittance information. */
export async function entriesWith(bank: Bank, account: SeedAccount, remittanceInformation: string): Promise<AccountEntry[]> {
  const today = new Date().toISOString().slice(0, 10);
  const page = await bank.client.getTransactions({ accountId: account.accountId, clientId: account.clientId, period: { from: today, to: today }, page: { limit: 500 } });
  return page.items.filter((entry) => entry.remittanceInformation === remittanceInformation);
}

let serial = 0;
/** A unique remittance text, so that a test finds its own entries at the bank. */
export const marker = (tag: string): string => `${tag} ${process.pid}-${Date.now().toString(36)}-${(serial += 1)}`;
