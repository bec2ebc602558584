/**
 * Payments that do not arrive from the Platform API command (a standing order's), and
 * payments the bank took but executed later: they complete when the booked posting of
 * their transfer is pushed, whichever of the two commits first.
 */
import { expect } from 'chai';
import type { CoreBankingClient } from '../../../connectors/core-banking/client.js';
import type { Transfer } from '../../../connectors/core-banking/types.js';
import { applyEvents } from '../../../hub/events/apply.js';
import type { FlowMessage } from '../../../hub/bus/flow.js';
import { createPaymentsCommand, type PaymentView } from '../../../flows/payments/index.js';
import type { Store } from '../../../hub/store/index.js';
import { forEachDatabase, transactionPosted } from '../../store/support.js';
import { marker, project, requested, runner, startBank, type Bank } from './support.js';

describe('payments flow: standing-order payments and later completion', function () {
  this.timeout(60_000);
  let bank: Bank;
  before(async () => {
    bank = await startBank();
  });
  after(async () => {
    await bank?.stop();
  });

  forEachDatabase('payments completion', (db) => {
    let store: Store;
    let keys = 0;
    beforeEach(async () => {
      store = db().store;
      await project(store, bank.account, bank.stranger);
      bank.mocks.mocks['core-banking'].recorder.reset();
    });

    const reread = async (paymentId: string): Promise<PaymentView> => (await createPaymentsCommand({ store }).read(bank.payer.clientId, paymentId))!.body as PaymentView;
    async function submit(): Promise<PaymentView> {
      const answer = await createPaymentsCommand({ store }).submit({
        clientId: bank.payer.clientId,
        idempotencyKey: `completion-${process.pid}-${(keys += 1)}`,
        body: { fromAccountId: bank.account.accountId, amount: { amount: '7.00', currency: 'EUR' }, payee: { name: 'A. Payee', iban: bank.payee.iban }, remittanceInformation: marker('later'), channel: 'WEB' },
      });
      return answer.body as PaymentView;
    }
    /** A bank that takes every transfer as ACCEPTED, to be executed later. */
    const deferring = (transferId: string): Pick<CoreBankingClient, 'getAccount' | 'createTransfer'> => ({
      getAccount: (request, options) => bank.client.getAccount(request, options),
      createTransfer: async () => ({ transferId, status: 'ACCEPTED' }) as unknown as Transfer,
    });
    const booked = (transferId: string, status: 'BOOKED' | 'PENDING'): FlowMessage => ({
      messageId: `posting-${transferId}-${status}`,
      routingKey: 'account.transaction.posted',
      attempt: 1,
      body: { eventId: `posting-${transferId}-${status}`, type: 'TransactionPosted', payload: { transaction: { accountId: bank.account.accountId, transferId, status } } },
    });

    it('creates the payment of a standing order from its message, once, and carries it out', async () => {
      const paymentId = `SO-${process.pid}-${Date.now().toString(36)}-${(keys += 1)}:2026-11-24`;
      const message: FlowMessage = {
        messageId: paymentId,
        routingKey: 'payment.requested',
        attempt: 1,
        body: {
          paymentId,
          clientId: bank.payer.clientId,
          fromAccountId: bank.account.accountId,
          amount: { amount: '3.00', currency: 'EUR' },
          payee: { name: 'Landlord', iban: bank.payee.iban },
          remittanceInformation: marker('rent'),
          channel: 'STANDING_ORDER',
          requestedExecutionDate: '2026-11-24',
          standingOrderId: 'SO-1',
          aggregateType: 'CLIENT',
          aggregateId: bank.payer.clientId,
        },
      };
      const flow = runner(store, { coreBanking: bank.client });
      expect(await flow.handle(message)).to.equal('COMPLETED');
      expect(await flow.handle({ ...message, attempt: 2 })).to.equal('ALREADY_HANDLED');
      const payment = await reread(paymentId);
      expect(payment).to.include({ status: 'COMPLETED', channel: 'STANDING_ORDER' });
      expect(bank.mocks.mocks['core-banking'].recorder.snapshot().CreateTransfer?.ok).to.equal(1);
      // A client cannot name the standing-order channel.
      const refused = await createPaymentsCommand({ store })
        .submit({ clientId: bank.payer.clientId, idempotencyKey: `completion-refused-${process.pid}`, body: { fromAccountId: bank.account.accountId, amount: { amount: '1.00', currency: 'EUR' }, payee: { name: 'X', iban: bank.payee.iban }, channel: 'STANDING_ORDER' } })
        .then(
          () => undefined,
          (error: unknown) => error as { code?: string; options?: { field?: string } },
        );
      expect(refused?.code).to.equal('INVALID_REQUEST');
    });

    it('velocity counts only the payments decided before, even those submitted in the same millisecond', async () => {
      const at = new Date();
      const command = createPaymentsCommand({ store, now: () => at });
      const submitted: PaymentView[] = [];
      for (const amount of ['2.00', '3.00', '4.00']) {
        const answer = await command.submit({
          clientId: bank.payer.clientId,
          idempotencyKey: `same-ms-${process.pid}-${(keys += 1)}`,
          body: { fromAccountId: bank.account.accountId, amount: { amount, currency: 'EUR' }, payee: { name: 'A. Payee', iban: bank.payee.iban }, remittanceInformation: marker('same-ms'), channel: 'WEB' },
        });
        submitted.push(answer.body as PaymentView);
      }
      const flow = runner(store, { coreBanking: bank.client, rules: { velocity: { maxCount: 2, maxSum: { EUR: '100.00' } } } });
      const outcomes = [];
      for (const payment of submitted) outcomes.push(await flow.handle(await requested(store, payment.paymentId)));
      // The first two pass (the later ones, still undecided, do not count); the third is one too many.
      expect(outcomes).to.deep.equal(['COMPLETED', 'COMPLETED', 'REJECTED']);
      expect(await reread(submitted[2]!.paymentId)).to.deep.include({ reasonCode: 'VELOCITY_COUNT_EXCEEDED' });
    });

    it('completes an EXECUTING payment when the booked posting of its transfer arrives, and not on a pending one', async () => {
      const transferId = `TRF-LATER-${process.pid}-${(keys += 1)}`;
      const payment = await submit();
      const flow = runner(store, { coreBanking: deferring(transferId) });
      expect(await flow.handle(await requested(store, payment.paymentId))).to.equal('EXECUTING');
      expect(await flow.handle(booked(transferId, 'PENDING'))).to.equal('UNRELATED');
      expect((await reread(payment.paymentId)).status).to.equal('EXECUTING');
      expect(await flow.handle(booked(transferId, 'BOOKED'))).to.equal('COMPLETED');
      expect((await reread(payment.paymentId)).status).to.equal('COMPLETED');
      expect(flow.emitted.map((each) => each.routingKey)).to.deep.equal(['payment.accepted', 'payment.completed']);
      // A repeated posting finds nothing left to complete.
      expect(await flow.handle(booked(transferId, 'BOOKED'))).to.equal('UNRELATED');
    });

    it('completes at once when the booked posting was pushed before the bank answered', async () => {
      const transferId = `TRF-EARLY-${process.pid}-${(keys += 1)}`;
      const payment = await submit();
      const [result] = await applyEvents(store, 'CORE_BANKING', [transactionPosted(bank.account.accountId, 2, `E-${transferId}`, { status: 'BOOKED', extra: { transferId } })], new Date());
      expect(result?.result).to.equal('ACCEPTED');
      const flow = runner(store, { coreBanking: deferring(transferId) });
      expect(await flow.handle(await requested(store, payment.paymentId))).to.equal('COMPLETED');
      expect((await reread(payment.paymentId)).status).to.equal('COMPLETED');
    });
  });
});
