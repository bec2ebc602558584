import { expect } from 'chai';
import type { PlainObject } from '../../common/soap/codec.js';
import type { AuthoriseInput } from '../../mocks/cards/index.js';
import {
  ANNA,
  IVAN,
  KYC_PENDING,
  NO_CARDS,
  PANS,
  START,
  allPansEverHeld,
  buildDataset,
  call,
  checkNotices,
  fault,
  fixture,
  isLuhnValid,
  list,
  operations,
  pick,
  postedEntries,
  setup,
  statusEvents,
  transcripts,
  type TestBed,
} from './cards-support.js';

const masked = (pan: string): string => `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;

async function getCard(bed: TestBed, cardId: string, clientId = ANNA): Promise<PlainObject> {
  return pick(await call(bed, 'GetCard', { clientId, cardId }), 'card') as PlainObject;
}

async function orderStatus(bed: TestBed, orderId: string, clientId = ANNA): Promise<Record<string, unknown>> {
  return (await call(bed, 'GetCardOrderStatus', { clientId, orderId })) as Record<string, unknown>;
}

function limitOf(card: unknown, limitType: string, period: string, key = 'limit'): Record<string, unknown> {
  const found = list(card, key).find((limit) => limit.limitType === limitType && limit.period === period);
  if (!found) throw new Error(`no ${limitType} ${period} limit`);
  return found;
}

/** A physical order of a new debit card for Anna on her current account. */
function physicalOrder(key: string, extra: PlainObject = {}): PlainObject {
  return { idempotencyKey: key, clientId: ANNA, accountId: 'acc-anna-eur', cardType: 'DEBIT', cardForm: 'PHYSICAL', ...extra };
}

describe('mock cards', () => {
  let bed: TestBed;
  beforeEach(() => {
    bed = setup();
  });
  afterEach(() => {
    checkNotices(bed.sink.notices);
  });

  it('answers every operation of the contract with a schema-valid response', async () => {
    const requests: Readonly<Record<string, PlainObject>> = {
      GetClientCards: { clientId: ANNA, includeFinal: 'true' },
      GetCard: { clientId: ANNA, cardId: 'card-anna-credit' },
      OrderCard: physicalOrder('order-key-0001', { schemePreference: 'MASTERCARD', delivery: { branchId: 'BR-001' } }),
      GetCardOrderStatus: { clientId: ANNA, orderId: 'mc-order-000001' },
      ActivateCard: { clientId: ANNA, cardId: 'card-anna-issued', panLastFour: PANS.annaIssued.slice(-4) },
      BlockCard: { clientId: ANNA, cardId: 'card-anna-debit', reason: 'CLIENT_REQUEST', reasonText: 'card left in a taxi' },
      UnblockCard: { clientId: ANNA, cardId: 'card-anna-debit', reasonText: 'card found' },
      ReportCardLostStolen: { idempotencyKey: 'loss-key-0001', clientId: IVAN, cardId: 'card-ivan', lossType: 'STOLEN', lossDate: '2026-11-23', reissue: 'true', description: 'Pickpocketed on the metro' },
      SetCardLimits: { clientId: ANNA, cardId: 'card-anna-debit', limit: [{ limitType: 'ONLINE', period: 'DAILY', amount: { amount: '250.00', currency: 'EUR' } }] },
      ResetPin: { idempotencyKey: 'pin-key-00001', clientId: ANNA, cardId: 'card-anna-debit', channel: 'LETTER' },
      ReissueCard: { idempotencyKey: 'reissue-key-01', clientId: ANNA, cardId: 'card-anna-credit', reason: 'DAMAGED' },
      GetCardTransactions: { clientId: ANNA, cardId: 'card-anna-debit', period: { from: '2026-11-01', to: '2026-11-30' }, page: { limit: '3' } },
    };
    expect(operations.map((operation) => operation.name)).to.have.members(Object.keys(requests));
    for (const operation of operations) {
      expect(bed.mock.handlers[operation.name], `handler for ${operation.name}`).to.be.a('function');
      await call(bed, operation.name, requests[operation.name]!);
    }
    expect(transcripts.filter((entry) => operations.some((operation) => operation.name === entry.operation))).to.have.length.of.at.least(12);
  });

  describe('cards and their masked numbers', () => {
    it('lists the client cards newest first, without final ones unless asked, filtered by account', async () => {
      const cards = list(await call(bed, 'GetClientCards', { clientId: ANNA }), 'card');
      expect(cards.map((card) => card.cardId)).to.deep.equal(['card-anna-issued', 'card-anna-debit', 'card-anna-credit']);
      expect(cards[1]).to.include({ maskedPan: masked(PANS.annaDebit), status: 'ACTIVE', cardholderName: 'ANNA SCHMIDT', productName: 'Visa Classic Debit' });

      const all = list(await call(bed, 'GetClientCards', { clientId: ANNA, includeFinal: 'true' }), 'card');
      expect(all.map((card) => card.cardId)).to.include('card-anna-expired');
      const onAccount = list(await call(bed, 'GetClientCards', { clientId: ANNA, accountId: 'acc-anna-cc' }), 'card');
      expect(onAccount.map((card) => card.cardId)).to.deep.equal(['card-anna-credit']);
      expect(list(await call(bed, 'GetClientCards', { clientId: NO_CARDS }), 'card')).to.deep.equal([]);
    });

    it('answers another client and another client\'s objects as not found', async () => {
      await fault(bed, 'GetClientCards', { clientId: 'cli-nobody' }, 'CLIENT_NOT_FOUND');
      await fault(bed, 'GetClientCards', { clientId: ANNA, accountId: 'acc-ivan-rub' }, 'ACCOUNT_NOT_FOUND');
      await fault(bed, 'GetCard', { clientId: IVAN, cardId: 'card-anna-debit' }, 'CARD_NOT_FOUND');
      await fault(bed, 'GetCard', { clientId: ANNA, cardId: 'card-nope' }, 'CARD_NOT_FOUND');
      await fault(bed, 'BlockCard', { clientId: IVAN, cardId: 'card-anna-debit', reason: 'CLIENT_REQUEST' }, 'CARD_NOT_FOUND');
      const { orderId } = (await call(bed, 'OrderCard', physicalOrder('order-key-foreign'))) as { orderId: string };
      await fault(bed, 'GetCardOrderStatus', { clientId: IVAN, orderId }, 'ORDER_NOT_FOUND');
      await fault(bed, 'GetCardTransactions', { clientId: IVAN, cardId: 'card-anna-debit', period: { from: '2026-11-01', to: '2026-11-30' } }, 'CARD_NOT_FOUND');
    });

    it('shows a card with its twelve limits, product maximums, used amounts and credit line', async () => {
      const card = await getCard(bed, 'card-anna-debit');
      expect(card).to.include({ maskedPan: masked(PANS.annaDebit), scheme: 'VISA', cardType: 'DEBIT', expiry: '2029-08', status: 'ACTIVE' });
      expect(list(card, 'limit')).to.have.length(12);
      // Seeded November history: purchases 89.90 + 45.99 + 12.50, one ATM withdrawal of 200.00.
      expect(pick(limitOf(card, 'PURCHASE', 'MONTHLY'), 'used')).to.deep.equal({ amount: '148.39', currency: 'EUR' });
      expect(pick(limitOf(card, 'CASH_WITHDRAWAL', 'MONTHLY'), 'used')).to.deep.equal({ amount: '200.00', currency: 'EUR' });
      expect(pick(limitOf(card, 'PURCHASE', 'DAILY'), 'used')).to.deep.equal({ amount: '0.00', currency: 'EUR' });
      expect(pick(limitOf(card, 'PURCHASE', 'PER_TRANSACTION'), 'used')).to.equal(undefined);
      expect(pick(limitOf(card, 'CONTACTLESS', 'PER_TRANSACTION'), 'productMaximum.amount')).to.equal('500.00');
      expect(card.creditLine).to.equal(undefined);

      const credit = await getCard(bed, 'card-anna-credit');
      expect(credit.creditLine).to.deep.equal({ amount: '2000.00', currency: 'EUR' });
      expect(credit.availableCredit).to.deep.equal({ amount: '2000.00', currency: 'EUR' });
      expect(credit.creditAsOf).to.equal(new Date(START).toISOString());

      // Limits of a RUB card are in RUB, scaled for the currency.
      const rouble = await getCard(bed, 'card-ivan', IVAN);
      expect(pick(limitOf(rouble, 'PURCHASE', 'DAILY'), 'amount')).to.deep.equal({ amount: '500000.00', currency: 'RUB' });
    });

    it('never puts a full PAN in a response, only first six and last four digits', async () => {
      for (const cardId of ['card-anna-debit', 'card-anna-issued', 'card-anna-credit', 'card-anna-expired']) {
        const card = await getCard(bed, cardId);
        expect(String(card.maskedPan)).to.match(/^[0-9]{6}\*{6}[0-9]{4}$/);
      }
    });
  });

  describe('activation', () => {
    it('activates an ISSUED card with the last four digits, and a repeat changes nothing', async () => {
      await fault(bed, 'ActivateCard', { clientId: ANNA, cardId: 'card-anna-issued', panLastFour: '0000' }, 'INVALID_ACTIVATION_CODE');
      bed.clock.advanceMinutes(1);
      const first = await call(bed, 'ActivateCard', { clientId: ANNA, cardId: 'card-anna-issued', panLastFour: PANS.annaIssued.slice(-4) });
      expect(first).to.deep.equal({ cardId: 'card-anna-issued', status: 'ACTIVE', statusChangedAt: '2026-11-24T09:31:00.000Z' });
      expect(statusEvents(bed.sink, 'card-anna-issued').map((event) => event.status)).to.deep.equal(['ACTIVE']);

      bed.clock.advanceMinutes(5);
      const again = await call(bed, 'ActivateCard', { clientId: ANNA, cardId: 'card-anna-issued', panLastFour: PANS.annaIssued.slice(-4) });
      expect(again).to.deep.equal(first);
      expect(statusEvents(bed.sink, 'card-anna-issued')).to.have.length(1);
    });

    it('activates with the code of the activation letter', async () => {
      const { activationCode } = fixture('activationCode', () => bed.mock.fixtures.activationCode({ cardId: 'card-anna-issued' }));
      expect(activationCode).to.match(/^[0-9]{6}$/);
      const result = await call(bed, 'ActivateCard', { clientId: ANNA, cardId: 'card-anna-issued', activationCode });
      expect(result.status).to.equal('ACTIVE');
    });

    it('blocks the card with SUSPECTED_FRAUD after the third wrong proof in a row', async () => {
      const wrong = { clientId: ANNA, cardId: 'card-anna-issued', activationCode: 'ZZZZZZ' };
      await fault(bed, 'ActivateCard', wrong, 'INVALID_ACTIVATION_CODE');
      await fault(bed, 'ActivateCard', wrong, 'INVALID_ACTIVATION_CODE');
      expect((await getCard(bed, 'card-anna-issued')).status).to.equal('ISSUED');
      await fault(bed, 'ActivateCard', wrong, 'INVALID_ACTIVATION_CODE');
      expect(await getCard(bed, 'card-anna-issued')).to.include({ status: 'BLOCKED', blockReason: 'SUSPECTED_FRAUD' });
      expect(statusEvents(bed.sink, 'card-anna-issued').map((event) => event.status)).to.deep.equal(['BLOCKED']);
      // Even the right proof is now refused, and the client cannot lift the block.
      await fault(bed, 'ActivateCard', { clientId: ANNA, cardId: 'card-anna-issued', panLastFour: PANS.annaIssued.slice(-4) }, 'INVALID_STATE');
      await fault(bed, 'UnblockCard', { clientId: ANNA, cardId: 'card-anna-issued' }, 'INVALID_STATE');
    });

    it('counts only consecutive failures: a success resets the count', async () => {
      const cardId = 'card-anna-issued';
      await fault(bed, 'ActivateCard', { clientId: ANNA, cardId, panLastFour: '0000' }, 'INVALID_ACTIVATION_CODE');
      await fault(bed, 'ActivateCard', { clientId: ANNA, cardId, panLastFour: '0000' }, 'INVALID_ACTIVATION_CODE');
      await call(bed, 'ActivateCard', { clientId: ANNA, cardId, panLastFour: PANS.annaIssued.slice(-4) });
      expect(bed.mock.state.registry.findCard(cardId)?.failedActivations).to.equal(0);
    });

    it('refuses a card that is not ISSUED or ACTIVE, and answers an ACTIVE (virtual) card with success', async () => {
      await fault(bed, 'ActivateCard', { clientId: ANNA, cardId: 'card-anna-expired', panLastFour: PANS.annaExpired.slice(-4) }, 'INVALID_STATE');
      const virtual = await call(bed, 'ActivateCard', { clientId: KYC_PENDING, cardId: 'card-kyc-virtual', panLastFour: '1111' });
      expect(virtual.status).to.equal('ACTIVE');
      expect(statusEvents(bed.sink, 'card-kyc-virtual')).to.deep.equal([]);
    });
  });

  describe('block and unblock', () => {
    it('blocks an ACTIVE card and lets the client lift a CLIENT_REQUEST block; repeats change nothing', async () => {
      const block = { clientId: ANNA, cardId: 'card-anna-debit', reason: 'CLIENT_REQUEST', reasonText: 'card left in a taxi' };
      const blocked = await call(bed, 'BlockCard', block);
      expect(blocked).to.deep.equal({ cardId: 'card-anna-debit', status: 'BLOCKED', blockReason: 'CLIENT_REQUEST', statusChangedAt: '2026-11-24T09:30:00.000Z' });
      expect(await getCard(bed, 'card-anna-debit')).to.include({ status: 'BLOCKED', blockReason: 'CLIENT_REQUEST', statusReason: 'card left in a taxi' });
      bed.clock.advanceMinutes(3);
      expect(await call(bed, 'BlockCard', block)).to.deep.equal(blocked);

      const unblocked = await call(bed, 'UnblockCard', { clientId: ANNA, cardId: 'card-anna-debit', reasonText: 'found it' });
      expect(unblocked).to.deep.equal({ cardId: 'card-anna-debit', status: 'ACTIVE', statusChangedAt: '2026-11-24T09:33:00.000Z' });
      bed.clock.advanceMinutes(3);
      expect(await call(bed, 'UnblockCard', { clientId: ANNA, cardId: 'card-anna-debit' })).to.deep.equal(unblocked);

      const events = statusEvents(bed.sink, 'card-anna-debit');
      expect(events.map((event) => event.status)).to.deep.equal(['BLOCKED', 'ACTIVE']);
      expect(events[0]).to.include({ clientId: ANNA, maskedPan: masked(PANS.annaDebit), reason: 'CLIENT_REQUEST: card left in a taxi' });
    });

    it('keeps the stronger block reason and refuses to unblock a bank block', async () => {
      await call(bed, 'BlockCard', { clientId: ANNA, cardId: 'card-anna-debit', reason: 'CLIENT_REQUEST' });
      bed.clock.advanceMinutes(1);
      const escalated = await call(bed, 'BlockCard', { clientId: ANNA, cardId: 'card-anna-debit', reason: 'SUSPECTED_FRAUD', reasonText: 'case 4711' });
      expect(escalated).to.include({ blockReason: 'SUSPECTED_FRAUD', statusChangedAt: '2026-11-24T09:30:00.000Z' });
      const weaker = await call(bed, 'BlockCard', { clientId: ANNA, cardId: 'card-anna-debit', reason: 'CLIENT_REQUEST' });
      expect(weaker.blockReason).to.equal('SUSPECTED_FRAUD');
      expect((await getCard(bed, 'card-anna-debit')).statusReason).to.equal('case 4711');
      await fault(bed, 'UnblockCard', { clientId: ANNA, cardId: 'card-anna-debit' }, 'INVALID_STATE');
    });

    it('refuses to block a card that is ISSUED or final, and to unblock one that is not blocked', async () => {
      await fault(bed, 'BlockCard', { clientId: ANNA, cardId: 'card-anna-issued', reason: 'CLIENT_REQUEST' }, 'INVALID_STATE');
      await fault(bed, 'BlockCard', { clientId: ANNA, cardId: 'card-anna-expired', reason: 'CLIENT_REQUEST' }, 'INVALID_STATE');
      await fault(bed, 'UnblockCard', { clientId: ANNA, cardId: 'card-anna-issued' }, 'INVALID_STATE');
    });

    it('lets the bank\'s staff set any status through the QA fixture, pushing the change', async () => {
      fixture('setCardStatus', () => bed.mock.fixtures.setCardStatus({ cardId: 'card-anna-debit', status: 'BLOCKED', blockReason: 'BANK_DECISION', reason: 'overdue debt' }));
      await fault(bed, 'UnblockCard', { clientId: ANNA, cardId: 'card-anna-debit' }, 'INVALID_STATE');
      const lifted = fixture('setCardStatus', () => bed.mock.fixtures.setCardStatus({ cardId: 'card-anna-debit', status: 'ACTIVE' }));
      expect(lifted).to.include({ status: 'ACTIVE' });
      expect(statusEvents(bed.sink, 'card-anna-debit').map((event) => [event.status, event.reason])).to.deep.equal([
        ['BLOCKED', 'BANK_DECISION: overdue debt'],
        ['ACTIVE', "Set to ACTIVE by the bank's staff"],
      ]);
    });
  });

  describe('card orders', () => {
    it('moves a physical order RECEIVED → IN_PRODUCTION → SHIPPED → DELIVERED as the clock advances', async () => {
      const ordered = await call(bed, 'OrderCard', physicalOrder('order-key-0001'));
      expect(ordered).to.deep.equal({ orderId: 'mc-order-000001', status: 'RECEIVED', estimatedDeliveryDate: '2026-11-24' });
      const received = await orderStatus(bed, 'mc-order-000001');
      expect(received).to.include({ status: 'RECEIVED', statusChangedAt: '2026-11-24T09:30:00.000Z' });
      expect(received.cardId).to.equal(undefined);
      expect(received.delivery).to.deep.equal({ address: { line: ['Hauptstrasse 5'], city: 'Berlin', postalCode: '10115', country: 'DE' } });

      bed.clock.advanceMinutes(1);
      const production = await orderStatus(bed, 'mc-order-000001');
      expect(production).to.include({ status: 'IN_PRODUCTION', cardId: 'mc-card-000001' });
      expect(String(production.maskedPan)).to.match(/^427683\*{6}[0-9]{4}$/);
      expect(await getCard(bed, 'mc-card-000001')).to.include({ status: 'ORDERED', cardholderName: 'ANNA SCHMIDT', expiry: '2030-11' });
      await fault(bed, 'ActivateCard', { clientId: ANNA, cardId: 'mc-card-000001', panLastFour: String(production.maskedPan).slice(-4) }, 'INVALID_STATE');

      bed.clock.advanceMinutes(4);
      const shipped = await orderStatus(bed, 'mc-order-000001');
      expect(shipped).to.include({ status: 'SHIPPED', statusChangedAt: '2026-11-24T09:35:00.000Z', trackingReference: 'TRK-mc-order-000001' });
      expect((await getCard(bed, 'mc-card-000001')).status).to.equal('ISSUED');

      bed.clock.advanceMinutes(5);
      const delivered = await orderStatus(bed, 'mc-order-000001');
      expect(delivered).to.include({ status: 'DELIVERED', statusChangedAt: '2026-11-24T09:40:00.000Z' });
      expect(delivered.estimatedDeliveryDate).to.equal(undefined);

      await call(bed, 'ActivateCard', { clientId: ANNA, cardId: 'mc-card-000001', panLastFour: String(production.maskedPan).slice(-4) });
      expect(statusEvents(bed.sink, 'mc-card-000001').map((event) => event.status)).to.deep.equal(['ORDERED', 'ISSUED', 'ACTIVE']);
      expect(bed.sink.notices.find((notice) => notice.aggregateId === 'mc-card-000001')?.occurredAt.toISOString()).to.equal('2026-11-24T09:31:00.000Z');

      const newPans = [...allPansEverHeld()].filter((pan) => !Object.values(PANS).includes(pan));
      expect(newPans.some((pan) => masked(pan) === production.maskedPan && isLuhnValid(pan))).to.equal(true);
    });

    it('pushes due order steps through the advanceOrders fixture without any other call', async () => {
      await call(bed, 'OrderCard', physicalOrder('order-key-0002', { delivery: { branchId: 'BR-7' } }));
      bed.clock.advanceMinutes(6);
      const { orders } = fixture('advanceOrders', () => bed.mock.fixtures.advanceOrders({}));
      expect(orders.map((order) => order.status)).to.deep.equal(['READY_FOR_PICKUP']);
      expect(statusEvents(bed.sink, 'mc-card-000001').map((event) => event.status)).to.deep.equal(['ORDERED', 'ISSUED']);
    });

    it('issues a virtual card at once, ACTIVE, with the order DELIVERED', async () => {
      const ordered = await call(bed, 'OrderCard', { ...physicalOrder('order-key-virt'), cardForm: 'VIRTUAL' });
      expect(ordered).to.deep.equal({ orderId: 'mc-order-000001', status: 'DELIVERED', cardId: 'mc-card-000001' });
      expect(await getCard(bed, 'mc-card-000001')).to.include({ status: 'ACTIVE', cardForm: 'VIRTUAL', issuedOn: '2026-11-24' });
      const status = await orderStatus(bed, 'mc-order-000001');
      expect(status).to.include({ status: 'DELIVERED', cardId: 'mc-card-000001' });
      expect(status.delivery).to.equal(undefined);
      expect(statusEvents(bed.sink, 'mc-card-000001').map((event) => event.status)).to.deep.equal(['ACTIVE']);
    });

    it('is idempotent by key: the same request returns the first order, other content conflicts', async () => {
      const first = await call(bed, 'OrderCard', physicalOrder('order-key-same'));
      bed.clock.advanceMinutes(2);
      expect(await call(bed, 'OrderCard', physicalOrder('order-key-same'))).to.deep.equal(first);
      expect(bed.mock.state.orders.allOrders()).to.have.length(1);
      await fault(bed, 'OrderCard', physicalOrder('order-key-same', { cardForm: 'VIRTUAL' }), 'IDEMPOTENCY_CONFLICT');
      await fault(bed, 'ResetPin', { idempotencyKey: 'order-key-same', clientId: ANNA, cardId: 'card-anna-debit', channel: 'SMS' }, 'IDEMPOTENCY_CONFLICT');
    });

    it('derives the embossed name from the client record, transliterated, and honours the scheme preference', async () => {
      const ordered = await call(bed, 'OrderCard', { idempotencyKey: 'order-key-ivan', clientId: IVAN, accountId: 'acc-ivan-rub', cardType: 'DEBIT', cardForm: 'VIRTUAL', schemePreference: 'UNIONPAY' });
      expect(await getCard(bed, String(ordered.cardId), IVAN)).to.include({ cardholderName: 'IVAN PETROV', scheme: 'UNIONPAY' });
      const gold = await call(bed, 'OrderCard', { ...physicalOrder('order-key-gold'), cardForm: 'VIRTUAL', productCode: 'DEBIT_GOLD', schemePreference: 'MIR', cardholderName: 'A. SCHMIDT' });
      const card = await getCard(bed, String(gold.cardId));
      expect(card).to.include({ scheme: 'VISA', cardholderName: 'A. SCHMIDT', productName: 'Visa Gold Debit' });
      expect(pick(limitOf(card, 'CONTACTLESS', 'PER_TRANSACTION'), 'productMaximum.amount')).to.equal('1000.00');
    });

    it('orders a credit card only on a credit-card account, with its credit line', async () => {
      await fault(bed, 'OrderCard', { ...physicalOrder('order-key-cc-1'), cardType: 'CREDIT' }, 'INVALID_STATE');
      const ordered = await call(bed, 'OrderCard', { ...physicalOrder('order-key-cc-2'), accountId: 'acc-anna-cc', cardType: 'CREDIT', cardForm: 'VIRTUAL' });
      expect((await getCard(bed, String(ordered.cardId))).creditLine).to.deep.equal({ amount: '2000.00', currency: 'EUR' });
    });

    it('refuses orders the client, the account or the product does not allow', async () => {
      await fault(bed, 'OrderCard', { ...physicalOrder('order-key-f01'), clientId: 'cli-nobody' }, 'CLIENT_NOT_FOUND');
      await fault(bed, 'OrderCard', { ...physicalOrder('order-key-f02'), accountId: 'acc-ivan-rub' }, 'ACCOUNT_NOT_FOUND');
      await fault(bed, 'OrderCard', { ...physicalOrder('order-key-f03'), clientId: KYC_PENDING, accountId: 'acc-kyc-eur' }, 'KYC_REQUIRED');
      await fault(bed, 'OrderCard', { ...physicalOrder('order-key-f04'), accountId: 'acc-anna-sav' }, 'INVALID_STATE');
      await fault(bed, 'OrderCard', { ...physicalOrder('order-key-f05'), cardType: 'PREPAID' }, 'INVALID_STATE');
      await fault(bed, 'OrderCard', { ...physicalOrder('order-key-f06'), productCode: 'CREDIT_PLATINUM' }, 'INVALID_STATE');
      fixture('setAccountStatus', () => bed.mock.fixtures.setAccountStatus({ accountId: 'acc-anna-eur', status: 'BLOCKED' }));
      await fault(bed, 'OrderCard', physicalOrder('order-key-f07'), 'ACCOUNT_BLOCKED');
      fixture('setAccountStatus', () => bed.mock.fixtures.setAccountStatus({ accountId: 'acc-anna-eur', status: 'CLOSED' }));
      await fault(bed, 'OrderCard', physicalOrder('order-key-f08'), 'ACCOUNT_CLOSED');
      fixture('setAccountStatus', () => bed.mock.fixtures.setAccountStatus({ accountId: 'acc-anna-eur', status: 'OPEN' }));
      // A failed request left its key unused.
      expect((await call(bed, 'OrderCard', physicalOrder('order-key-f08'))).status).to.equal('RECEIVED');
      expect(bed.sink.notices).to.deep.equal([]);
    });

    it('refuses with LIMIT_EXCEEDED when the account already holds as many cards as allowed (orders count)', async () => {
      // The account holds two live cards; two more (one still only an order) reach the maximum of four.
      await call(bed, 'OrderCard', physicalOrder('order-key-l01'));
      await call(bed, 'OrderCard', { ...physicalOrder('order-key-l02'), cardForm: 'VIRTUAL' });
      await fault(bed, 'OrderCard', { ...physicalOrder('order-key-l03'), cardForm: 'VIRTUAL' }, 'LIMIT_EXCEEDED');
      // A card that becomes final frees its place.
      fixture('setCardStatus', () => bed.mock.fixtures.setCardStatus({ cardId: 'card-anna-issued', status: 'CLOSED', reason: 'closed by the client' }));
      expect((await call(bed, 'OrderCard', { ...physicalOrder('order-key-l03'), cardForm: 'VIRTUAL' })).status).to.equal('DELIVERED');
    });
  });

  describe('loss, theft and reissue', () => {
    it('stops a lost card for good and orders a replacement with a new Luhn-valid number on the same BIN', async () => {
      const report = { idempotencyKey: 'loss-key-0001', clientId: ANNA, cardId: 'card-anna-debit', lossType: 'LOST', lossDate: '2026-11-23', reissue: 'true' };
      const result = await call(bed, 'ReportCardLostStolen', report);
      expect(result).to.deep.equal({ cardId: 'card-anna-debit', status: 'LOST', statusChangedAt: '2026-11-24T09:30:00.000Z', newCardId: 'mc-card-000001', orderId: 'mc-order-000001' });

      const replacement = await getCard(bed, 'mc-card-000001');
      expect(replacement).to.include({ status: 'ORDERED', replacesCardId: 'card-anna-debit', accountId: 'acc-anna-eur', scheme: 'VISA', cardForm: 'PHYSICAL' });
      expect(String(replacement.maskedPan).slice(0, 6)).to.equal(PANS.annaDebit.slice(0, 6));
      expect(replacement.maskedPan).to.not.equal(masked(PANS.annaDebit));
      const newPan = [...allPansEverHeld()].find((pan) => masked(pan) === replacement.maskedPan);
      expect(newPan && isLuhnValid(newPan)).to.equal(true);
      expect(newPan).to.not.equal(PANS.annaDebit);
      expect(await getCard(bed, 'card-anna-debit')).to.include({ status: 'LOST', replacedByCardId: 'mc-card-000001' });
      expect((await orderStatus(bed, 'mc-order-000001')).status).to.equal('IN_PRODUCTION');

      // Repeating with the key returns the first result and orders nothing more; a new key finds the card final.
      bed.clock.advanceMinutes(1);
      expect(await call(bed, 'ReportCardLostStolen', report)).to.deep.equal(result);
      expect(bed.mock.state.orders.allOrders()).to.have.length(1);
      await fault(bed, 'ReportCardLostStolen', { ...report, idempotencyKey: 'loss-key-0002' }, 'INVALID_STATE');
      await fault(bed, 'UnblockCard', { clientId: ANNA, cardId: 'card-anna-debit' }, 'INVALID_STATE');

      expect(statusEvents(bed.sink, 'card-anna-debit').map((event) => event.status)).to.deep.equal(['LOST']);
      expect(statusEvents(bed.sink, 'mc-card-000001').map((event) => event.status)).to.deep.equal(['ORDERED']);
      const declined = fixture('authorise', () => bed.mock.fixtures.authorise({ cardId: 'card-anna-debit', amount: '5.00', currency: 'EUR', merchantName: 'KIOSK', mcc: '5994' }));
      expect(declined).to.include({ approved: false, declineReason: 'CARD_NOT_ACTIVE' });
    });

    it('stops the card even when no replacement can be ordered, and says why', async () => {
      fixture('setCardStatus', () => bed.mock.fixtures.setCardStatus({ cardId: 'card-anna-debit', status: 'BLOCKED', blockReason: 'BANK_DECISION' }));
      const bankBlocked = await call(bed, 'ReportCardLostStolen', { idempotencyKey: 'loss-key-0101', clientId: ANNA, cardId: 'card-anna-debit', lossType: 'STOLEN', lossDate: '2026-11-20', reissue: 'true' });
      expect(bankBlocked).to.include({ status: 'STOLEN', reissueRefused: 'INVALID_STATE' });
      expect(bankBlocked.orderId).to.equal(undefined);

      const kyc = await call(bed, 'ReportCardLostStolen', { idempotencyKey: 'loss-key-0102', clientId: KYC_PENDING, cardId: 'card-kyc-virtual', lossType: 'LOST', lossDate: '2026-11-24', reissue: 'true' });
      expect(kyc).to.include({ status: 'LOST', reissueRefused: 'KYC_REQUIRED' });

      const noReissue = await call(bed, 'ReportCardLostStolen', { idempotencyKey: 'loss-key-0103', clientId: ANNA, cardId: 'card-anna-issued', lossType: 'LOST', lossDate: '2026-11-24', reissue: 'false' });
      expect(Object.keys(noReissue).sort()).to.deep.equal(['cardId', 'status', 'statusChangedAt']);
    });

    it('refuses a future loss date and a card that is ORDERED or already final', async () => {
      await fault(bed, 'ReportCardLostStolen', { idempotencyKey: 'loss-key-0201', clientId: ANNA, cardId: 'card-anna-debit', lossType: 'LOST', lossDate: '2026-11-25', reissue: 'false' }, 'INVALID_PERIOD');
      await fault(bed, 'ReportCardLostStolen', { idempotencyKey: 'loss-key-0202', clientId: ANNA, cardId: 'card-anna-expired', lossType: 'LOST', lossDate: '2026-11-24', reissue: 'false' }, 'INVALID_STATE');
      await call(bed, 'OrderCard', physicalOrder('order-key-0201'));
      bed.clock.advanceMinutes(2);
      await fault(bed, 'ReportCardLostStolen', { idempotencyKey: 'loss-key-0203', clientId: ANNA, cardId: 'mc-card-000001', lossType: 'LOST', lossDate: '2026-11-24', reissue: 'false' }, 'INVALID_STATE');
    });

    it('cancels the order of a card reported lost in transit', async () => {
      await call(bed, 'OrderCard', physicalOrder('order-key-0301'));
      bed.clock.advanceMinutes(6);
      await call(bed, 'ReportCardLostStolen', { idempotencyKey: 'loss-key-0301', clientId: ANNA, cardId: 'mc-card-000001', lossType: 'LOST', lossDate: '2026-11-24', reissue: 'false' });
      bed.clock.advanceMinutes(10);
      expect(await orderStatus(bed, 'mc-order-000001')).to.include({ status: 'CANCELLED', statusReason: 'The card was reported lost before delivery' });
    });

    it('reissues a damaged card: the old one stays usable until the new one is activated, which closes it', async () => {
      await call(bed, 'SetCardLimits', { clientId: ANNA, cardId: 'card-anna-debit', limit: [{ limitType: 'ONLINE', period: 'DAILY', amount: { amount: '123', currency: 'EUR' } }] });
      const request = { idempotencyKey: 'reissue-key-01', clientId: ANNA, cardId: 'card-anna-debit', reason: 'DAMAGED' };
      const result = await call(bed, 'ReissueCard', request);
      expect(result).to.deep.equal({ cardId: 'card-anna-debit', status: 'ACTIVE', newCardId: 'mc-card-000001', orderId: 'mc-order-000001', orderStatus: 'IN_PRODUCTION' });
      expect(await call(bed, 'ReissueCard', request)).to.deep.equal(result);
      await fault(bed, 'ReissueCard', { ...request, reason: 'RENAME' }, 'IDEMPOTENCY_CONFLICT');
      const replacement = await getCard(bed, 'mc-card-000001');
      expect(pick(limitOf(replacement, 'ONLINE', 'DAILY'), 'amount.amount')).to.equal('123.00');
      expect(replacement.cardholderName).to.equal('ANNA SCHMIDT');
      await fault(bed, 'ReissueCard', { idempotencyKey: 'reissue-key-02', clientId: ANNA, cardId: 'card-anna-debit', reason: 'DAMAGED' }, 'INVALID_STATE');

      bed.clock.advanceMinutes(5);
      expect((await getCard(bed, 'card-anna-debit')).status).to.equal('ACTIVE');
      await call(bed, 'ActivateCard', { clientId: ANNA, cardId: 'mc-card-000001', panLastFour: String(replacement.maskedPan).slice(-4) });
      expect(await getCard(bed, 'card-anna-debit')).to.include({ status: 'CLOSED', statusReason: 'Replaced by card mc-card-000001' });
      expect(statusEvents(bed.sink, 'card-anna-debit').map((event) => event.status)).to.deep.equal(['CLOSED']);
    });

    it('replaces a virtual card at once, closing the old one; RENAME takes the name on file', async () => {
      const ordered = await call(bed, 'OrderCard', { ...physicalOrder('order-key-r01'), cardForm: 'VIRTUAL', cardholderName: 'ANNA MAIDEN' });
      const oldId = String(ordered.cardId);
      const result = await call(bed, 'ReissueCard', { idempotencyKey: 'reissue-key-11', clientId: ANNA, cardId: oldId, reason: 'RENAME' });
      expect(result).to.include({ cardId: oldId, status: 'CLOSED', orderStatus: 'DELIVERED' });
      const replacement = await getCard(bed, String(result.newCardId));
      expect(replacement).to.include({ status: 'ACTIVE', cardForm: 'VIRTUAL', cardholderName: 'ANNA SCHMIDT', replacesCardId: oldId });
      expect(statusEvents(bed.sink, oldId).map((event) => event.status)).to.deep.equal(['ACTIVE', 'CLOSED']);
      expect(statusEvents(bed.sink, String(result.newCardId)).map((event) => event.status)).to.deep.equal(['ACTIVE']);
    });

    it('allows reissue only for the documented status and reason combinations', async () => {
      await fault(bed, 'ReissueCard', { idempotencyKey: 'reissue-key-21', clientId: ANNA, cardId: 'card-anna-expired', reason: 'DAMAGED' }, 'INVALID_STATE');
      const expiry = await call(bed, 'ReissueCard', { idempotencyKey: 'reissue-key-22', clientId: ANNA, cardId: 'card-anna-expired', reason: 'EXPIRY', cardholderName: 'ANNA M SCHMIDT' });
      expect(expiry.status).to.equal('EXPIRED');
      expect((await getCard(bed, String(expiry.newCardId))).cardholderName).to.equal('ANNA M SCHMIDT');

      fixture('setCardStatus', () => bed.mock.fixtures.setCardStatus({ cardId: 'card-anna-credit', status: 'BLOCKED', blockReason: 'SUSPECTED_FRAUD' }));
      await fault(bed, 'ReissueCard', { idempotencyKey: 'reissue-key-23', clientId: ANNA, cardId: 'card-anna-credit', reason: 'DAMAGED' }, 'INVALID_STATE');

      const stolen = await call(bed, 'ReissueCard', { idempotencyKey: 'reissue-key-24', clientId: IVAN, cardId: 'card-ivan', reason: 'STOLEN' });
      expect(stolen.status).to.equal('STOLEN');
      await fault(bed, 'ReissueCard', { idempotencyKey: 'reissue-key-25', clientId: IVAN, cardId: 'card-ivan', reason: 'STOLEN' }, 'INVALID_STATE');
      await fault(bed, 'ReissueCard', { idempotencyKey: 'reissue-key-26', clientId: KYC_PENDING, cardId: 'card-kyc-virtual', reason: 'DAMAGED' }, 'KYC_REQUIRED');
      fixture('setAccountStatus', () => bed.mock.fixtures.setAccountStatus({ accountId: 'acc-anna-eur', status: 'CLOSED' }));
      await fault(bed, 'ReissueCard', { idempotencyKey: 'reissue-key-27', clientId: ANNA, cardId: 'card-anna-issued', reason: 'LOST' }, 'ACCOUNT_CLOSED');
      // All or nothing: the refused LOST reissue did not stop the card.
      expect((await getCard(bed, 'card-anna-issued')).status).to.equal('ISSUED');
    });
  });

  describe('limits', () => {
    const setLimits = (cardId: string, limit: PlainObject[]): PlainObject => ({ clientId: ANNA, cardId, limit });
    const setting = (limitType: string, period: string, amount: string, currency = 'EUR'): PlainObject => ({ limitType, period, amount: { amount, currency } });

    it('sets some limits, keeps the others, and answers all twelve', async () => {
      const result = await call(bed, 'SetCardLimits', setLimits('card-anna-debit', [setting('ONLINE', 'DAILY', '250'), setting('CASH_WITHDRAWAL', 'PER_TRANSACTION', '0')]));
      expect(list(result, 'cardLimit')).to.have.length(12);
      expect(pick(limitOf(result, 'ONLINE', 'DAILY', 'cardLimit'), 'amount.amount')).to.equal('250.00');
      expect(pick(limitOf(result, 'CASH_WITHDRAWAL', 'PER_TRANSACTION', 'cardLimit'), 'amount.amount')).to.equal('0.00');
      expect(pick(limitOf(result, 'PURCHASE', 'DAILY', 'cardLimit'), 'amount.amount')).to.equal('5000.00');
      const atm = fixture('authorise', () => bed.mock.fixtures.authorise({ cardId: 'card-anna-debit', amount: '20', currency: 'EUR', merchantName: 'ATM', mcc: '6011' }));
      expect(atm).to.deep.include({ approved: false, declineReason: 'LIMIT_EXCEEDED', limitType: 'CASH_WITHDRAWAL', period: 'PER_TRANSACTION' });
    });

    it('is all or nothing: a value above the product maximum refuses the request and changes no limit', async () => {
      const refused = await fault(bed, 'SetCardLimits', setLimits('card-anna-debit', [setting('ONLINE', 'DAILY', '250'), setting('CONTACTLESS', 'PER_TRANSACTION', '500.01')]), 'LIMIT_EXCEEDED');
      expect(refused.options.field).to.equal('limit[2]/amount/amount');
      expect(pick(limitOf(await getCard(bed, 'card-anna-debit'), 'ONLINE', 'DAILY'), 'amount.amount')).to.equal('3000.00');
      await call(bed, 'SetCardLimits', setLimits('card-anna-debit', [setting('CONTACTLESS', 'PER_TRANSACTION', '500.00')]));
    });

    it('refuses wrong money, a repeated combination and a final card', async () => {
      await fault(bed, 'SetCardLimits', setLimits('card-anna-debit', [setting('ONLINE', 'DAILY', '25', 'USD')]), 'CURRENCY_MISMATCH');
      await fault(bed, 'SetCardLimits', setLimits('card-anna-debit', [setting('ONLINE', 'DAILY', '25', 'ABC')]), 'UNKNOWN_CURRENCY');
      await fault(bed, 'SetCardLimits', setLimits('card-anna-debit', [setting('ONLINE', 'DAILY', '25.001')]), 'INVALID_MONEY');
      await fault(bed, 'SetCardLimits', setLimits('card-anna-debit', [setting('ONLINE', 'DAILY', '25'), setting('ONLINE', 'DAILY', '30')]), 'SCHEMA_VIOLATION');
      await fault(bed, 'SetCardLimits', setLimits('card-anna-expired', [setting('ONLINE', 'DAILY', '25')]), 'INVALID_STATE');
      // Allowed before activation.
      await call(bed, 'SetCardLimits', setLimits('card-anna-issued', [setting('ONLINE', 'DAILY', '25')]));
    });

    it('declines authorisations beyond the daily limit, counting what the day used', async () => {
      await call(bed, 'SetCardLimits', setLimits('card-anna-debit', [setting('PURCHASE', 'DAILY', '100')]));
      const first = fixture('authorise', () => bed.mock.fixtures.authorise({ cardId: 'card-anna-debit', amount: '60.00', currency: 'EUR', merchantName: 'SHOP', mcc: '5411' }));
      expect(first.approved).to.equal(true);
      const second = fixture('authorise', () => bed.mock.fixtures.authorise({ cardId: 'card-anna-debit', amount: '40.01', currency: 'EUR', merchantName: 'SHOP', mcc: '5411' }));
      expect(second).to.deep.include({ approved: false, declineReason: 'LIMIT_EXCEEDED', limitType: 'PURCHASE', period: 'DAILY' });
      expect(pick(limitOf(await getCard(bed, 'card-anna-debit'), 'PURCHASE', 'DAILY'), 'used.amount')).to.equal('60.00');
      // The next day starts afresh.
      bed.clock.advanceDays(1);
      expect(fixture('authorise', () => bed.mock.fixtures.authorise({ cardId: 'card-anna-debit', amount: '40.01', currency: 'EUR', merchantName: 'SHOP', mcc: '5411' })).approved).to.equal(true);
    });

    it('counts a contactless purchase against PURCHASE and CONTACTLESS', async () => {
      const tap = fixture('authorise', () => bed.mock.fixtures.authorise({ cardId: 'card-anna-debit', amount: '100.01', currency: 'EUR', merchantName: 'CAFE', mcc: '5814', channel: 'CONTACTLESS' }));
      expect(tap).to.deep.include({ approved: false, limitType: 'CONTACTLESS', period: 'PER_TRANSACTION' });
      fixture('authorise', () => bed.mock.fixtures.authorise({ cardId: 'card-anna-debit', amount: '30', currency: 'EUR', merchantName: 'CAFE', mcc: '5814', channel: 'CONTACTLESS' }));
      const card = await getCard(bed, 'card-anna-debit');
      expect(pick(limitOf(card, 'CONTACTLESS', 'DAILY'), 'used.amount')).to.equal('30.00');
      expect(pick(limitOf(card, 'PURCHASE', 'DAILY'), 'used.amount')).to.equal('30.00');
      expect(pick(limitOf(card, 'ONLINE', 'DAILY'), 'used.amount')).to.equal('0.00');
    });
  });

  describe('authorisations and card transactions', () => {
    const authorise = (amount: string, extra: Partial<AuthoriseInput> = {}) =>
      fixture('authorise', () => bed.mock.fixtures.authorise({ cardId: 'card-anna-debit', amount, currency: 'EUR', merchantName: 'REWE', city: 'Berlin', country: 'DE', mcc: '5411', ...extra }));
    const idOf = (answer: ReturnType<typeof authorise>): string => {
      if (!answer.approved) throw new Error(`declined: ${answer.message}`);
      return String(answer.authorisation.authorisationId);
    };
    const period = { from: '2026-11-01', to: '2026-12-31' };

    it('holds an authorisation (pushed PENDING) and settles it (pushed BOOKED with the same entryReference)', async () => {
      const held = authorise('42.50');
      expect(held.approved).to.equal(true);
      const authorisationId = idOf(held);
      expect(held.approved && held.authorisation).to.deep.include({ status: 'AUTHORISED', holdExpiryDate: '2026-12-01' });

      const holds = list(await call(bed, 'GetCardTransactions', { clientId: ANNA, cardId: 'card-anna-debit', period, status: ['AUTHORISED'] }), 'transaction');
      expect(holds.map((item) => item.authorisationId)).to.deep.equal([authorisationId]);
      expect(holds[0]).to.deep.include({ amount: { amount: '42.50', currency: 'EUR' }, merchant: { name: 'REWE', city: 'Berlin', country: 'DE', categoryCode: '5411' } });

      bed.clock.advanceDays(1);
      const settled = fixture('settle', () => bed.mock.fixtures.settle({ authorisationId, amount: '45.00' }));
      expect(settled).to.deep.include({ status: 'SETTLED', settlementDate: '2026-11-25', entryReference: authorisationId, amount: { amount: '45.00', currency: 'EUR' } });
      expect(settled.holdExpiryDate).to.equal(undefined);

      const entries = postedEntries(bed.sink);
      expect(entries.map((entry) => [entry.entryReference, entry.status, entry.kind, entry.cardId])).to.deep.equal([
        [authorisationId, 'PENDING', 'CARD_PAYMENT', 'card-anna-debit'],
        [authorisationId, 'BOOKED', 'CARD_PAYMENT', 'card-anna-debit'],
      ]);
      expect(entries[1]).to.deep.include({ bookingDate: '2026-11-25', amount: { amount: '45.00', currency: 'EUR' }, creditDebitIndicator: 'DBIT' });
      expect(bed.sink.notices.filter((notice) => 'transactionPosted' in notice.payload).map((notice) => notice.aggregateId)).to.deep.equal(['acc-anna-eur', 'acc-anna-eur']);
      expect(() => bed.mock.fixtures.reverse({ authorisationId })).to.throw(/only an AUTHORISED one/);
    });

    it('reverses a hold and expires one after its holding period; a late clearing is a new SETTLED item', async () => {
      const reversed = idOf(authorise('10'));
      expect(fixture('reverse', () => bed.mock.fixtures.reverse({ authorisationId: reversed }))).to.include({ status: 'REVERSED' });
      const expiring = idOf(authorise('11'));
      bed.clock.advanceDays(7);
      expect(fixture('expire', () => bed.mock.fixtures.expireAuthorisations({})).expired).to.deep.equal([]);
      bed.clock.advanceDays(1);
      expect(fixture('expire', () => bed.mock.fixtures.expireAuthorisations({})).expired).to.deep.equal([expiring]);
      const late = fixture('settle', () => bed.mock.fixtures.settle({ authorisationId: expiring }));
      expect(late.authorisationId).to.not.equal(expiring);
      expect(late).to.deep.include({ status: 'SETTLED', authorisedAt: '2026-11-24T09:30:00.000Z', entryReference: late.authorisationId });
      const items = list(await call(bed, 'GetCardTransactions', { clientId: ANNA, cardId: 'card-anna-debit', period }), 'transaction');
      const byId = new Map(items.map((item) => [item.authorisationId, item.status]));
      expect([byId.get(reversed), byId.get(expiring), byId.get(late.authorisationId)]).to.deep.equal(['REVERSED', 'EXPIRED', 'SETTLED']);
    });

    it('converts a foreign-currency payment into the account currency', () => {
      const answer = authorise('108.00', { currency: 'USD', merchantName: 'AMAZON.COM', country: 'US', channel: 'ONLINE' });
      expect(answer.approved && answer.authorisation).to.deep.include({ amount: { amount: '100.00', currency: 'EUR' }, originalAmount: { amount: '108.00', currency: 'USD' } });
      expect(postedEntries(bed.sink)[0]).to.deep.include({ originalAmount: { amount: '108.00', currency: 'USD' } });
    });

    it('declines on a card that is not ACTIVE and on a credit card without enough available credit', async () => {
      await call(bed, 'BlockCard', { clientId: ANNA, cardId: 'card-anna-debit', reason: 'CLIENT_REQUEST' });
      expect(authorise('1')).to.include({ approved: false, declineReason: 'CARD_NOT_ACTIVE' });
      expect(authorise('1', { cardId: 'card-anna-expired' })).to.include({ approved: false, declineReason: 'CARD_EXPIRED' });
      expect(authorise('1500', { cardId: 'card-anna-credit', mcc: '5732' }).approved).to.equal(true);
      expect((await getCard(bed, 'card-anna-credit')).availableCredit).to.deep.equal({ amount: '500.00', currency: 'EUR' });
      expect(authorise('500.01', { cardId: 'card-anna-credit', mcc: '5732' })).to.include({ approved: false, declineReason: 'INSUFFICIENT_FUNDS' });
      expect(postedEntries(bed.sink)).to.have.length(1);
    });

    it('lists seeded history as SETTLED items, newest first, and pages without skipping or repeating', async () => {
      const request = { clientId: ANNA, cardId: 'card-anna-debit', period: { from: '2026-11-01', to: '2026-11-30' } };
      const all = list(await call(bed, 'GetCardTransactions', request), 'transaction');
      expect(all.map((item) => item.authorisationId)).to.deep.equal(['ent-106', 'ent-102', 'ent-101', 'ent-103', 'ent-104']);
      expect(all[1]).to.deep.include({ status: 'SETTLED', transactionType: 'CASH_WITHDRAWAL', entryReference: 'ent-102', settlementDate: '2026-11-22' });
      expect(all[3]).to.deep.include({ transactionType: 'REFUND', creditDebitIndicator: 'CRDT' });
      expect(all[2]).to.deep.include({ authorisedAt: '2026-11-19T12:00:00.000Z' });

      const first = await call(bed, 'GetCardTransactions', { ...request, page: { limit: '2' } });
      expect(pick(first, 'page.hasMore')).to.equal(true);
      // An item arriving while paging shows only on a new first page.
      authorise('5');
      const seen = list(first, 'transaction').map((item) => item.authorisationId);
      let cursor = pick(first, 'page.nextCursor') as string | undefined;
      while (cursor) {
        const page = await call(bed, 'GetCardTransactions', { ...request, page: { cursor, limit: '2' } });
        seen.push(...list(page, 'transaction').map((item) => item.authorisationId));
        cursor = pick(page, 'page.nextCursor') as string | undefined;
        expect(cursor === undefined).to.equal(pick(page, 'page.hasMore') === false);
      }
      expect(seen).to.deep.equal(['ent-106', 'ent-102', 'ent-101', 'ent-103', 'ent-104']);
      expect(list(await call(bed, 'GetCardTransactions', request), 'transaction')).to.have.length(6);
    });

    it('shows an item that arrives while paging with a past authorisedAt (a late clearing) only on a new first page', async () => {
      const expiring = idOf(authorise('11'));
      bed.clock.advanceDays(8);
      const request = { clientId: ANNA, cardId: 'card-anna-debit', period: { from: '2026-11-01', to: '2026-12-31' } };
      const first = await call(bed, 'GetCardTransactions', { ...request, page: { limit: '1' } });
      const seen = list(first, 'transaction').map((item) => item.authorisationId);
      expect(seen).to.deep.equal([expiring]);
      // Same authorisedAt as the expired hold and a higher id: it would sort right after the cursor.
      const late = fixture('settle', () => bed.mock.fixtures.settle({ authorisationId: expiring }));
      let cursor = pick(first, 'page.nextCursor') as string | undefined;
      while (cursor) {
        const page = await call(bed, 'GetCardTransactions', { ...request, page: { cursor, limit: '2' } });
        seen.push(...list(page, 'transaction').map((item) => item.authorisationId));
        cursor = pick(page, 'page.nextCursor') as string | undefined;
      }
      expect(seen).to.deep.equal([expiring, 'ent-106', 'ent-102', 'ent-101', 'ent-103', 'ent-104']);
      const fresh = list(await call(bed, 'GetCardTransactions', request), 'transaction').map((item) => item.authorisationId);
      expect(fresh.slice(0, 2)).to.deep.equal([expiring, late.authorisationId].sort());
    });

    it('refuses a bad cursor, a cursor of another filter and a wrong period', async () => {
      const request = { clientId: ANNA, cardId: 'card-anna-debit', period: { from: '2026-11-01', to: '2026-11-30' } };
      const cursor = pick(await call(bed, 'GetCardTransactions', { ...request, page: { limit: '1' } }), 'page.nextCursor') as string;
      await fault(bed, 'GetCardTransactions', { ...request, page: { cursor: 'not-a-cursor' } }, 'INVALID_CURSOR');
      const forged = Buffer.from(JSON.stringify([1, 'forged', 99, 0, 'ent-106']), 'utf8').toString('base64url');
      await fault(bed, 'GetCardTransactions', { ...request, page: { cursor: forged } }, 'INVALID_CURSOR');
      await fault(bed, 'GetCardTransactions', { ...request, status: ['SETTLED'], page: { cursor } }, 'INVALID_CURSOR');
      await fault(bed, 'GetCardTransactions', { ...request, period: { from: '2026-11-30', to: '2026-11-01' } }, 'INVALID_PERIOD');
      // 367 days is one too many; 366 (both ends included) is accepted.
      await fault(bed, 'GetCardTransactions', { ...request, period: { from: '2025-11-23', to: '2026-11-24' } }, 'INVALID_PERIOD');
      expect(list(await call(bed, 'GetCardTransactions', { ...request, period: { from: '2025-11-24', to: '2026-11-24' } }), 'transaction')).to.have.length(5);
    });

    it('keeps a final card\'s history readable', async () => {
      fixture('setCardStatus', () => bed.mock.fixtures.setCardStatus({ cardId: 'card-anna-debit', status: 'CLOSED' }));
      const items = list(await call(bed, 'GetCardTransactions', { clientId: ANNA, cardId: 'card-anna-debit', period: { from: '2026-11-01', to: '2026-11-30' } }), 'transaction');
      expect(items).to.have.length(5);
    });
  });

  describe('PIN reset', () => {
    it('starts an SMS reset once per key, voids the earlier code on a new one, and carries no secret', async () => {
      const request = { idempotencyKey: 'pin-key-00001', clientId: ANNA, cardId: 'card-anna-debit', channel: 'SMS' };
      const sms = await call(bed, 'ResetPin', request);
      expect(sms).to.deep.equal({ cardId: 'card-anna-debit', pinResetId: 'mc-pin-000001', channel: 'SMS', expiresAt: '2026-11-24T09:45:00.000Z' });
      bed.clock.advanceMinutes(1);
      expect(await call(bed, 'ResetPin', request)).to.deep.equal(sms);
      expect(bed.mock.state.pinResetsOf('card-anna-debit')).to.have.length(1);

      const letter = await call(bed, 'ResetPin', { ...request, idempotencyKey: 'pin-key-00002', channel: 'LETTER' });
      expect(letter).to.deep.equal({ cardId: 'card-anna-debit', pinResetId: 'mc-pin-000002', channel: 'LETTER', estimatedDeliveryDate: '2026-11-29' });
      expect(bed.mock.state.pinResetsOf('card-anna-debit').map((reset) => reset.voided)).to.deep.equal([true, false]);
      expect(await call(bed, 'ResetPin', request)).to.deep.equal(sms);
      await fault(bed, 'ResetPin', { ...request, channel: 'LETTER' }, 'IDEMPOTENCY_CONFLICT');
    });

    it('refuses a virtual card, an ORDERED card and a final card', async () => {
      await fault(bed, 'ResetPin', { idempotencyKey: 'pin-key-00011', clientId: KYC_PENDING, cardId: 'card-kyc-virtual', channel: 'SMS' }, 'INVALID_STATE');
      await fault(bed, 'ResetPin', { idempotencyKey: 'pin-key-00012', clientId: ANNA, cardId: 'card-anna-expired', channel: 'SMS' }, 'INVALID_STATE');
      await call(bed, 'OrderCard', physicalOrder('order-key-pin'));
      bed.clock.advanceMinutes(1);
      await fault(bed, 'ResetPin', { idempotencyKey: 'pin-key-00013', clientId: ANNA, cardId: 'mc-card-000001', channel: 'SMS' }, 'INVALID_STATE');
      expect((await call(bed, 'ResetPin', { idempotencyKey: 'pin-key-00014', clientId: ANNA, cardId: 'card-anna-issued', channel: 'SMS' })).channel).to.equal('SMS');
    });
  });

  describe('expiry', () => {
    it('expires a card after its expiry month and pushes the change; EXPIRY reissue is then allowed', async () => {
      const dataset = buildDataset();
      const soon = setup({ ...dataset, cards: dataset.cards.map((card) => (card.cardId === 'card-anna-debit' ? { ...card, expiry: '2026-11' } : card)) });
      bed = soon;
      expect((await getCard(soon, 'card-anna-debit')).status).to.equal('ACTIVE');
      soon.clock.advanceDays(7);
      expect(await getCard(soon, 'card-anna-debit')).to.include({ status: 'EXPIRED', statusChangedAt: '2026-12-01T00:00:00.000Z' });
      expect(statusEvents(soon.sink, 'card-anna-debit').map((event) => [event.status, event.reason])).to.deep.equal([['EXPIRED', 'Expired at the end of 2026-11']]);
      expect((await call(soon, 'ReissueCard', { idempotencyKey: 'reissue-key-31', clientId: ANNA, cardId: 'card-anna-debit', reason: 'EXPIRY' })).status).to.equal('EXPIRED');
    });
  });

  // Nested describes run after the plain tests above and in order: this one sees every transcript.
  describe('after every other test', () => {
    it('never shows a full PAN from the dataset or of a new card in any response, fixture answer or pushed event', () => {
      const operationsSeen = new Set(transcripts.map((entry) => entry.operation));
      for (const operation of operations) expect(operationsSeen, `a transcript of ${operation.name}`).to.include(operation.name);
      expect(operationsSeen).to.include('push');
      expect(transcripts.length).to.be.greaterThan(150);
      const pans = allPansEverHeld();
      for (const pan of Object.values(PANS)) expect(pans).to.include(pan);
      expect(pans.size).to.be.greaterThan(Object.keys(PANS).length);
      for (const entry of transcripts) {
        for (const pan of pans) expect(entry.text.includes(pan), `${entry.operation} carries the full PAN ${masked(pan)}`).to.equal(false);
      }
    });
  });
});
