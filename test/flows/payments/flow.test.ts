/**
 * The payments flow's handler on every database, against the mock core banking system
 * over real HTTP through the real resilient caller: a payment to completion with exactly
 * one debit at the bank, each fraud rule rejecting with its reason, a bank outage retried
 * under the same idempotency key, and a refusal of the bank ending FAILED with its reason.
 */
import { expect } from 'chai';
import { createPaymentsCommand, type PaymentStatusBody, type PaymentView, type FraudRulesInput } from '../../../flows/payments/index.js';
import type { Store } from '../../../hub/store/index.js';
import { forEachDatabase } from '../../store/support.js';
import { entriesWith, flowError, marker, project, requested, runner, startBank, type Bank } from './support.js';

describe('payments flow against the mock core banking system', function () {
  this.timeout(60_000);
  let bank: Bank;

  before(async () => {
    bank = await startBank();
  });
  after(async () => {
    await bank?.stop();
  });

  const mock = () => bank.mocks.mocks['core-banking'];
  const calls = (operation: string): number => mock().recorder.snapshot()[operation]?.ok ?? 0;

  async function fixture(name: string, input: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${mock().url}/admin/fixtures/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
    expect(response.status, await response.clone().text()).to.equal(200);
  }

  forEachDatabase('payments flow', (db) => {
    let store: Store;
    beforeEach(async () => {
      store = db().store;
      await project(store, bank.account, bank.stranger);
      mock().faults.configure({});
      mock().recorder.reset();
    });
    afterEach(() => mock().faults.configure({}));

    let keys = 0;
    async function submit(overrides: Record<string, unknown> = {}): Promise<PaymentView> {
      const command = createPaymentsCommand({ store });
      const answer = await command.submit({
        clientId: bank.payer.clientId,
        idempotencyKey: `flow-test-${process.pid}-${(keys += 1)}`,
        body: {
          fromAccountId: bank.account.accountId,
          amount: { amount: '12.34', currency: 'EUR' },
          payee: { name: 'A. Payee', iban: bank.payee.iban },
          remittanceInformation: marker('flow'),
          channel: 'MOBILE',
          ...overrides,
        },
      });
      return answer.body as PaymentView;
    }
    const reread = async (paymentId: string): Promise<PaymentView> => (await createPaymentsCommand({ store }).read(bank.payer.clientId, paymentId))!.body as PaymentView;
    const flowOn = (rules?: FraudRulesInput) => runner(store, { coreBanking: bank.client, ...(rules ? { rules } : {}) });

    it('completes an internal payment: one transfer under the payment id, one booked debit, accepted and completed published', async () => {
      const payment = await submit();
      const flow = flowOn();
      expect(await flow.handle(await requested(store, payment.paymentId))).to.equal('COMPLETED');
      const done = await reread(payment.paymentId);
      expect(done.status).to.equal('COMPLETED');
      expect(done.transferId).to.be.a('string');
      expect(done.statusHistory.map((each) => each.status)).to.deep.equal(['REQUESTED', 'ACCEPTED', 'COMPLETED']);
      expect(done.decisions.map((each) => [each.rule, each.outcome])).to.deep.equal([
        ['CHANNEL_AMOUNT_LIMIT', 'PASS'],
        ['VELOCITY', 'PASS'],
        ['NEW_PAYEE_LARGE_AMOUNT', 'PASS'],
        ['ACCOUNT_STATUS', 'PASS'],
      ]);
      expect(flow.emitted.map((each) => [each.routingKey, each.messageId])).to.deep.equal([
        ['payment.accepted', `${payment.paymentId}.accepted`],
        ['payment.completed', `${payment.paymentId}.completed`],
      ]);
      const completed = flow.emitted[1]!.body as PaymentStatusBody;
      expect(completed).to.deep.equal({
        paymentId: payment.paymentId,
        clientId: bank.payer.clientId,
        accountId: bank.account.accountId,
        amount: { value: '12.34', currency: 'EUR' },
        status: 'COMPLETED',
        occurredAt: completed.occurredAt,
      });
      expect(calls('CreateTransfer')).to.equal(1);
      const debits = await entriesWith(bank, bank.account, payment.remittanceInformation!);
      expect(debits.map((each) => [each.creditDebitIndicator, each.status, each.transferId])).to.deep.equal([['DBIT', 'BOOKED', done.transferId]]);
      expect(debits[0]!.amount).to.deep.equal({ minor: 1234n, currency: 'EUR' });
      // A redelivery finds the payment decided and does nothing more.
      expect(await flow.handle(await requested(store, payment.paymentId, 2))).to.equal('ALREADY_HANDLED');
      expect(calls('CreateTransfer')).to.equal(1);
      expect(flow.emitted).to.have.length(2);
    });

    it('rejects a payment above the channel’s limit, without asking the bank', async () => {
      const payment = await submit({ channel: 'ATM', amount: { amount: '1000.01', currency: 'EUR' } });
      const flow = flowOn();
      expect(await flow.handle(await requested(store, payment.paymentId))).to.equal('REJECTED');
      const done = await reread(payment.paymentId);
      expect(done).to.deep.include({ status: 'REJECTED', reasonCode: 'CHANNEL_LIMIT_EXCEEDED' });
      expect(done.reason).to.contain('1000.01 EUR').and.contain('1000.00 EUR');
      expect(done.decisions[0]).to.deep.include({ rule: 'CHANNEL_AMOUNT_LIMIT', outcome: 'REJECT', reasonCode: 'CHANNEL_LIMIT_EXCEEDED' });
      expect(flow.emitted.map((each) => each.routingKey)).to.deep.equal(['payment.rejected']);
      expect((flow.emitted[0]!.body as PaymentStatusBody).reason).to.equal('CHANNEL_LIMIT_EXCEEDED');
      expect(calls('GetAccount') + calls('CreateTransfer')).to.equal(0);
    });

    it('rejects the payment beyond the velocity count and sum of the window', async () => {
      const flow = flowOn({ velocity: { maxCount: 2, maxSum: { EUR: '30.00' } } });
      const first = await submit({ amount: { amount: '10.00', currency: 'EUR' } });
      const second = await submit({ amount: { amount: '25.00', currency: 'EUR' } });
      const third = await submit({ amount: { amount: '1.00', currency: 'EUR' } });
      const fourth = await submit({ amount: { amount: '1.00', currency: 'EUR' } });
      expect(await flow.handle(await requested(store, first.paymentId))).to.equal('COMPLETED');
      expect(await flow.handle(await requested(store, second.paymentId))).to.equal('REJECTED');
      expect(await reread(second.paymentId)).to.deep.include({ status: 'REJECTED', reasonCode: 'VELOCITY_SUM_EXCEEDED' });
      // The rejected one does not count: the third is the second that may proceed, the fourth one too many.
      expect(await flow.handle(await requested(store, third.paymentId))).to.equal('COMPLETED');
      expect(await flow.handle(await requested(store, fourth.paymentId))).to.equal('REJECTED');
      const done = await reread(fourth.paymentId);
      expect(done).to.deep.include({ status: 'REJECTED', reasonCode: 'VELOCITY_COUNT_EXCEEDED' });
      expect(done.reason).to.equal('3 payments within 60 min; at most 2 allowed');
      expect(calls('CreateTransfer')).to.equal(2);
    });

    it('rejects a large amount to a payee the client never paid, and lets it through once the payee is known', async () => {
      const flow = flowOn({ newPayeeLimit: { EUR: '20.00' } });
      const large = await submit({ amount: { amount: '20.01', currency: 'EUR' } });
      expect(await flow.handle(await requested(store, large.paymentId))).to.equal('REJECTED');
      const done = await reread(large.paymentId);
      expect(done).to.deep.include({ status: 'REJECTED', reasonCode: 'NEW_PAYEE_AMOUNT_EXCEEDED' });
      expect(done.decisions.find((each) => each.rule === 'NEW_PAYEE_LARGE_AMOUNT')?.outcome).to.equal('REJECT');
      const small = await submit({ amount: { amount: '5.00', currency: 'EUR' } });
      expect(await flow.handle(await requested(store, small.paymentId))).to.equal('COMPLETED');
      const again = await submit({ amount: { amount: '20.01', currency: 'EUR' } });
      expect(await flow.handle(await requested(store, again.paymentId))).to.equal('COMPLETED');
    });

    it('rejects a payment from an account the bank has blocked (ACCOUNT_STATUS from GetAccount)', async () => {
      await fixture('setAccountStatus', { accountId: bank.account.accountId, status: 'BLOCKED' });
      try {
        const payment = await submit();
        const flow = flowOn();
        expect(await flow.handle(await requested(store, payment.paymentId))).to.equal('REJECTED');
        const done = await reread(payment.paymentId);
        expect(done).to.deep.include({ status: 'REJECTED', reasonCode: 'ACCOUNT_BLOCKED' });
        expect(done.decisions.at(-1)).to.deep.include({ rule: 'ACCOUNT_STATUS', outcome: 'REJECT' });
        expect(calls('GetAccount')).to.equal(1);
        expect(calls('CreateTransfer')).to.equal(0);
        expect(flow.emitted.map((each) => each.routingKey)).to.deep.equal(['payment.rejected']);
      } finally {
        await fixture('setAccountStatus', { accountId: bank.account.accountId, status: 'OPEN' });
      }
    });

    it('retries through a bank outage and completes once it is over, with one transfer under the payment id', async () => {
      const payment = await submit();
      const flow = flowOn();
      mock().faults.configure({ operations: { CreateTransfer: { errorRate: 1, errorKinds: { http5xx: 1 } } } });
      const failure = await flowError(flow.handle(await requested(store, payment.paymentId)));
      expect(failure.retryable, failure.message).to.equal(true);
      expect(flow.emitted, 'nothing published while the bank did not decide').to.have.length(0);
      expect((await reread(payment.paymentId)).status).to.equal('REQUESTED');
      mock().faults.configure({});
      expect(await flow.handle(await requested(store, payment.paymentId, 2))).to.equal('COMPLETED');
      const done = await reread(payment.paymentId);
      expect(done.status).to.equal('COMPLETED');
      const debits = await entriesWith(bank, bank.account, payment.remittanceInformation!);
      expect(debits.map((each) => each.transferId)).to.deep.equal([done.transferId]);
      expect(flow.emitted.map((each) => each.routingKey)).to.deep.equal(['payment.accepted', 'payment.completed']);
    });

    it('ends FAILED with the bank’s reason when the bank refuses the transfer (insufficient funds)', async () => {
      const high = { EUR: '999999999.00' };
      const flow = flowOn({ channelLimits: { WEB: high }, velocity: { maxSum: high }, newPayeeLimit: high });
      const payment = await submit({ channel: 'WEB', amount: { amount: '90000000.00', currency: 'EUR' } });
      expect(await flow.handle(await requested(store, payment.paymentId))).to.equal('FAILED');
      const done = await reread(payment.paymentId);
      expect(done).to.deep.include({ status: 'FAILED', reasonCode: 'INSUFFICIENT_FUNDS' });
      expect(done.statusHistory.map((each) => each.status)).to.deep.equal(['REQUESTED', 'ACCEPTED', 'FAILED']);
      expect(flow.emitted.map((each) => each.routingKey)).to.deep.equal(['payment.accepted', 'payment.failed']);
      expect((flow.emitted[1]!.body as PaymentStatusBody)).to.deep.include({ status: 'FAILED', reason: 'INSUFFICIENT_FUNDS' });
      expect(await entriesWith(bank, bank.account, payment.remittanceInformation!)).to.have.length(0);
    });

    it('refuses a message it cannot read, permanently', async () => {
      const flow = flowOn();
      const failure = await flowError(flow.handle({ messageId: 'nope-1', routingKey: 'payment.requested', body: { paymentId: 'nope-1', clientId: 'x' }, attempt: 1 }));
      expect(failure).to.deep.include({ code: 'PAYMENT_NOT_FOUND', retryable: false });
      const other = await flowError(flow.handle({ messageId: 'nope-2', routingKey: 'payment.completed', body: {}, attempt: 1 }));
      expect(other).to.deep.include({ code: 'UNSUPPORTED_MESSAGE', retryable: false });
    });
  });
});
