/**
 * Payments end to end through a real bus (the embedded transport over a SQLite store) and
 * the outbox relay: the command commits the payment and payment.requested, the relay
 * publishes it, the payments flow decides it and has the mock bank (over HTTP, through the
 * resilient caller) make the transfer, and the status events reach a consumer. A bank
 * outage is retried by the bus with delay and ends in one transfer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createBus, createOutboxRelay, type Bus, type OutboxRelay } from '../../../hub/bus/index.js';
import type { FlowMessage } from '../../../hub/bus/flow.js';
import { createStore, type Store } from '../../../hub/store/index.js';
import { createPaymentsCommand, createPaymentsFlow, type PaymentStatusBody, type PaymentView } from '../../../flows/payments/index.js';
import type { PlatformCommand } from '../../../hub/platform/commands.js';
import { eventually } from '../../bus/support.js';
import { entriesWith, marker, project, startBank, type Bank } from './support.js';

describe('payments through the bus (embedded transport, outbox relay, mock bank over HTTP)', function () {
  this.timeout(60_000);
  let bank: Bank;
  let dataDir: string;
  let store: Store;
  let bus: Bus;
  let relay: OutboxRelay;
  let command: PlatformCommand;
  const outcomes: { flow: string; kind: string }[] = [];
  const published: FlowMessage[] = [];

  before(async () => {
    bank = await startBank();
    dataDir = mkdtempSync(join(tmpdir(), 'dbp-payments-'));
    store = createStore({ dataDir });
    await store.start();
    await project(store, bank.account);
    let wake = (): void => undefined;
    bus = createBus({
      store,
      retryDelaysMs: [200, 500],
      handlerTimeoutMs: 20_000,
      metrics: { flowOutcome: (flow, kind) => void outcomes.push({ flow, kind }), flowLag: () => undefined },
      onEmitted: () => wake(),
    });
    relay = createOutboxRelay({ store, bus, pollIntervalMs: 100 });
    wake = () => relay.notify();
    await bus.consume(createPaymentsFlow({ coreBanking: bank.client }));
    await bus.consume({ name: 'payment-statuses', bindings: ['payment.accepted', 'payment.completed', 'payment.rejected', 'payment.failed'], handle: async (message) => void published.push(message) });
    await bus.start();
    await relay.start();
    command = createPaymentsCommand({ store, onCommitted: () => relay.notify() });
  });

  after(async () => {
    await relay?.stop();
    await bus?.stop();
    await store?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await bank?.stop();
  });

  beforeEach(() => {
    bank.mocks.mocks['core-banking'].faults.configure({});
    bank.mocks.mocks['core-banking'].recorder.reset();
  });
  afterEach(() => bank.mocks.mocks['core-banking'].faults.configure({}));

  let keys = 0;
  async function pay(): Promise<PaymentView> {
    const answer = await command.submit({
      clientId: bank.payer.clientId,
      idempotencyKey: `bus-test-${process.pid}-${(keys += 1)}`,
      body: {
        fromAccountId: bank.account.accountId,
        amount: { amount: '7.01', currency: 'EUR' },
        payee: { name: 'A. Payee', iban: bank.payee.iban },
        remittanceInformation: marker('bus'),
        channel: 'WEB',
      },
    });
    expect(answer.status).to.equal(201);
    return answer.body as PaymentView;
  }
  const statusOf = async (paymentId: string): Promise<PaymentView> => (await command.read(bank.payer.clientId, paymentId))!.body as PaymentView;
  const statuses = (paymentId: string): string[] => published.filter((each) => (each.body as PaymentStatusBody).paymentId === paymentId).map((each) => each.routingKey);

  it('runs a payment to COMPLETED with exactly one transfer and one booked debit, and publishes its statuses', async () => {
    const payment = await pay();
    await eventually(async () => (await statusOf(payment.paymentId)).status === 'COMPLETED', 20_000, 'the payment to complete');
    await eventually(() => statuses(payment.paymentId).length === 2, 10_000, 'the status events');
    expect(statuses(payment.paymentId).sort()).to.deep.equal(['payment.accepted', 'payment.completed']);
    const done = await statusOf(payment.paymentId);
    const debits = await entriesWith(bank, bank.account, payment.remittanceInformation!);
    expect(debits.map((each) => [each.creditDebitIndicator, each.status, each.transferId])).to.deep.equal([['DBIT', 'BOOKED', done.transferId]]);
    expect(bank.mocks.mocks['core-banking'].recorder.snapshot().CreateTransfer?.ok).to.equal(1);
    expect(await store.outboxDepth()).to.equal(0);
  });

  it('retries through a bank outage with delay and completes once the bank is back, still with one transfer', async () => {
    const mock = bank.mocks.mocks['core-banking'];
    mock.faults.configure({ operations: { CreateTransfer: { errorRate: 1, errorKinds: { http5xx: 1 } } } });
    const before = outcomes.filter((each) => each.flow === 'payments' && each.kind === 'retry').length;
    const payment = await pay();
    await eventually(() => outcomes.filter((each) => each.flow === 'payments' && each.kind === 'retry').length > before, 20_000, 'a retry of the payment');
    expect((await statusOf(payment.paymentId)).status).to.equal('REQUESTED');
    expect(statuses(payment.paymentId)).to.deep.equal([]);
    mock.faults.configure({});
    await eventually(async () => (await statusOf(payment.paymentId)).status === 'COMPLETED', 20_000, 'the payment to complete after the outage');
    const done = await statusOf(payment.paymentId);
    const debits = await entriesWith(bank, bank.account, payment.remittanceInformation!);
    expect(debits.map((each) => each.transferId)).to.deep.equal([done.transferId]);
    expect(mock.recorder.snapshot().CreateTransfer?.ok).to.equal(1);
    expect(mock.recorder.snapshot().CreateTransfer?.injected).to.be.greaterThan(0);
    await eventually(() => statuses(payment.paymentId).length === 2, 10_000, 'the status events');
  });
});
