/**
 * Every operation of the Cards client against the saved envelopes of the card mock: the
 * request is serialised by node-soap and validated against the schema (FixtureCaller), the
 * call carries the idempotency key, traceparent and signal, and each mapped field of the
 * answer is what the envelope says, money to the minor unit in EUR, JPY and KWD.
 */
import { expect } from 'chai';
import { CardsClient } from '../../../connectors/cards/index.js';
import { ACCOUNTS, ANNA, CARDS, FAHAD, KENJI } from './dataset.js';
import { FixtureCaller, PARSE_MODES } from './soap-support.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const eur = (minor: bigint) => ({ minor, currency: 'EUR' });

for (const mode of PARSE_MODES) describe(`connectors/cards: the client against saved card system answers (${mode})`, () => {
  let caller: FixtureCaller;
  let cards: CardsClient;

  beforeEach(async () => {
    caller = await FixtureCaller.create('cards', mode);
    cards = new CardsClient(caller);
  });

  afterEach(() => caller.dispose());

  it('refuses a caller of another back office', async () => {
    const crmCaller = await FixtureCaller.create('crm');
    try {
      expect(() => new CardsClient(crmCaller)).to.throw(TypeError, /cards/);
    } finally {
      crmCaller.dispose();
    }
  });

  describe('GetClientCards', () => {
    it('sends the filters in schema order and forwards traceparent and signal', async () => {
      const signal = new AbortController().signal;
      await cards.getClientCards({ clientId: ANNA, accountId: ACCOUNTS.annaEur, includeFinal: true }, { traceparent: TRACEPARENT, signal });
      const { call, envelope } = caller.last;
      expect(call.operation).to.equal('GetClientCards');
      expect(call.request).to.deep.equal({ clientId: ANNA, accountId: ACCOUNTS.annaEur, includeFinal: true });
      expect(Object.keys(call.request)).to.deep.equal(['clientId', 'accountId', 'includeFinal']);
      expect(call.traceparent).to.equal(TRACEPARENT);
      expect(call.signal).to.equal(signal);
      expect('idempotencyKey' in call, 'a read carries no idempotency key').to.equal(false);
      expect(envelope).to.contain('<includeFinal>true</includeFinal>');
    });

    it('leaves out absent filters and passes no options it was not given', async () => {
      await cards.getClientCards({ clientId: ANNA });
      expect(caller.last.call).to.deep.equal({ operation: 'GetClientCards', request: { clientId: ANNA } });
    });

    it('maps every card summary, the blocked one with its reason, and never more than the masked PAN', async () => {
      const list = await cards.getClientCards({ clientId: ANNA, includeFinal: true });
      expect(list.map((card) => [card.cardId, card.status])).to.deep.equal([
        [CARDS.annaIssued, 'ISSUED'],
        [CARDS.annaSpare, 'BLOCKED'],
        [CARDS.annaDebit, 'ACTIVE'],
        [CARDS.annaCredit, 'ACTIVE'],
        [CARDS.annaExpired, 'EXPIRED'],
      ]);
      expect(list[1]).to.deep.equal({
        cardId: CARDS.annaSpare,
        maskedPan: '427683******0049',
        clientId: ANNA,
        accountId: ACCOUNTS.annaEur,
        scheme: 'VISA',
        cardType: 'DEBIT',
        cardForm: 'VIRTUAL',
        productName: 'Visa Classic Debit',
        cardholderName: 'ANNA SCHMIDT',
        expiry: '2029-11',
        status: 'BLOCKED',
        blockReason: 'CLIENT_REQUEST',
        statusReason: 'Card left in a taxi',
        statusChangedAt: new Date('2026-11-24T09:30:00.000Z'),
      });
      expect(list[3]).to.include({ cardId: CARDS.annaCredit, scheme: 'MASTERCARD', cardType: 'CREDIT', cardForm: 'PHYSICAL', expiry: '2028-05' });
      expect(list[3]).to.not.have.any.keys('blockReason', 'statusReason');
    });

    it('reads a list of one card (which node-soap gives as one object or an array) and an empty list', async () => {
      caller.answers.set('GetClientCards', 'GetClientCardsResponse-one');
      const one = await cards.getClientCards({ clientId: ANNA, accountId: ACCOUNTS.annaCard });
      expect(one.map((card) => card.cardId)).to.deep.equal([CARDS.annaCredit]);
      caller.answers.set('GetClientCards', 'GetClientCardsResponse-empty');
      expect(await cards.getClientCards({ clientId: ANNA })).to.deep.equal([]);
    });
  });

  describe('GetCard', () => {
    it('maps the card with its twelve limits and the credit line, in EUR', async () => {
      const card = await cards.getCard({ clientId: ANNA, cardId: CARDS.annaCredit });
      expect(caller.last.call.request).to.deep.equal({ clientId: ANNA, cardId: CARDS.annaCredit });
      expect(card).to.include({ cardId: CARDS.annaCredit, maskedPan: '547712******0023', cardType: 'CREDIT', status: 'ACTIVE', issuedOn: '2024-05-01' });
      expect(card).to.not.have.any.keys('blockReason', 'replacesCardId', 'replacedByCardId');
      expect(card.limits).to.have.length(12);
      expect(card.limits[0]).to.deep.equal({ limitType: 'PURCHASE', period: 'PER_TRANSACTION', amount: eur(300_000n), productMaximum: eur(1_000_000n) });
      expect(card.limits[1]).to.deep.equal({ limitType: 'PURCHASE', period: 'DAILY', amount: eur(500_000n), productMaximum: eur(2_000_000n), used: eur(0n) });
      expect(card.creditLine).to.deep.equal(eur(250_000n));
      expect(card.availableCredit).to.deep.equal(eur(250_000n));
      expect(card.creditAsOf).to.be.instanceOf(Date);
    });

    it('keeps the three decimals of KWD and the none of JPY to the minor unit', async () => {
      caller.answers.set('GetCard', 'GetCardResponse-kwd');
      const kwd = await cards.getCard({ clientId: FAHAD, cardId: CARDS.fahadCredit });
      expect(kwd.limits[1]).to.deep.equal({
        limitType: 'PURCHASE',
        period: 'DAILY',
        amount: { minor: 5_000_000n, currency: 'KWD' },
        productMaximum: { minor: 20_000_000n, currency: 'KWD' },
        used: { minor: 7_125n, currency: 'KWD' },
      });
      expect(kwd.limits[2]!.used).to.deep.equal({ minor: 19_470n, currency: 'KWD' });
      expect(kwd.creditLine).to.deep.equal({ minor: 1_500_000n, currency: 'KWD' });

      caller.answers.set('GetCard', 'GetCardResponse-jpy');
      const jpy = await cards.getCard({ clientId: KENJI, cardId: CARDS.kenjiDebit });
      expect(jpy.cardType).to.equal('DEBIT');
      expect(jpy.limits[0]).to.deep.equal({
        limitType: 'PURCHASE',
        period: 'PER_TRANSACTION',
        amount: { minor: 450_000n, currency: 'JPY' },
        productMaximum: { minor: 1_500_000n, currency: 'JPY' },
      });
      expect(jpy).to.not.have.any.keys('creditLine', 'availableCredit', 'creditAsOf');
    });
  });

  describe('OrderCard', () => {
    it('sends the idempotency key in the call and first in the request, every element in schema order', async () => {
      const key = 'order-anna-0001';
      const result = await cards.orderCard(key, {
        clientId: ANNA,
        accountId: ACCOUNTS.annaEur,
        cardType: 'DEBIT',
        cardForm: 'PHYSICAL',
        schemePreference: 'MASTERCARD',
        productCode: 'DEBIT_GOLD',
        cardholderName: 'ANNA M SCHMIDT',
        delivery: { address: { line: ['Lindenallee 7', 'c/o Schmidt'], city: 'Potsdam', postalCode: '14467', country: 'DE' } },
      });
      const { call } = caller.last;
      expect(call.idempotencyKey).to.equal(key);
      expect(Object.keys(call.request)).to.deep.equal(['idempotencyKey', 'clientId', 'accountId', 'cardType', 'cardForm', 'schemePreference', 'productCode', 'cardholderName', 'delivery']);
      expect(call.request.idempotencyKey).to.equal(key);
      expect(call.request.delivery).to.deep.equal({ address: { line: ['Lindenallee 7', 'c/o Schmidt'], city: 'Potsdam', postalCode: '14467', country: 'DE' } });
      expect(result).to.deep.equal({ orderId: 'mc-order-000001', status: 'RECEIVED', estimatedDeliveryDate: '2026-11-24' });
    });

    it('orders a virtual card delivered to a branch with only the required elements, and reads its card id', async () => {
      caller.answers.set('OrderCard', 'OrderCardResponse-virtual');
      const result = await cards.orderCard('order-kenji-0001', { clientId: KENJI, accountId: ACCOUNTS.kenjiJpy, cardType: 'DEBIT', cardForm: 'VIRTUAL', delivery: { branchId: 'BR-1' } });
      expect(caller.last.call.request).to.deep.equal({
        idempotencyKey: 'order-kenji-0001',
        clientId: KENJI,
        accountId: ACCOUNTS.kenjiJpy,
        cardType: 'DEBIT',
        cardForm: 'VIRTUAL',
        delivery: { branchId: 'BR-1' },
      });
      expect(result).to.deep.equal({ orderId: 'mc-order-000002', status: 'DELIVERED', cardId: 'mc-card-000002' });
    });
  });

  describe('GetCardOrderStatus', () => {
    it('maps an order in production with its card, delivery address and expected date', async () => {
      const order = await cards.getCardOrderStatus({ clientId: ANNA, orderId: 'mc-order-000001' });
      expect(caller.last.call.request).to.deep.equal({ clientId: ANNA, orderId: 'mc-order-000001' });
      expect(order).to.deep.equal({
        orderId: 'mc-order-000001',
        status: 'IN_PRODUCTION',
        statusChangedAt: new Date('2026-11-24T09:31:00.000Z'),
        cardId: 'mc-card-000001',
        maskedPan: '535110******5284',
        delivery: { address: { line: ['Lindenallee 7', 'c/o Schmidt'], city: 'Potsdam', postalCode: '14467', country: 'DE' } },
        estimatedDeliveryDate: '2026-11-24',
      });
    });

    it('maps a delivered order: a tracking reference, no expected date', async () => {
      caller.answers.set('GetCardOrderStatus', 'GetCardOrderStatusResponse-delivered');
      const order = await cards.getCardOrderStatus({ clientId: ANNA, orderId: 'mc-order-000001' });
      expect(order).to.include({ status: 'DELIVERED', trackingReference: 'TRK-mc-order-000001' });
      expect(order).to.not.have.any.keys('estimatedDeliveryDate', 'statusReason');
    });
  });

  describe('the status changes', () => {
    it('ActivateCard sends exactly one proof of possession', async () => {
      const result = await cards.activateCard({ clientId: ANNA, cardId: CARDS.annaIssued, activationCode: 'AB12CD34' });
      expect(caller.last.call.request).to.deep.equal({ clientId: ANNA, cardId: CARDS.annaIssued, activationCode: 'AB12CD34' });
      expect('idempotencyKey' in caller.last.call).to.equal(false);
      expect(result).to.deep.equal({ cardId: CARDS.annaIssued, status: 'ACTIVE', statusChangedAt: new Date('2026-11-24T09:43:00.000Z') });
      await cards.activateCard({ clientId: ANNA, cardId: CARDS.annaIssued, panLastFour: '0034' });
      expect(caller.last.call.request).to.deep.equal({ clientId: ANNA, cardId: CARDS.annaIssued, panLastFour: '0034' });
    });

    it('BlockCard and UnblockCard send the reason and its text', async () => {
      const blocked = await cards.blockCard({ clientId: ANNA, cardId: CARDS.annaSpare, reason: 'CLIENT_REQUEST', reasonText: 'Card left in a taxi' });
      expect(caller.last.call.request).to.deep.equal({ clientId: ANNA, cardId: CARDS.annaSpare, reason: 'CLIENT_REQUEST', reasonText: 'Card left in a taxi' });
      expect(blocked).to.deep.equal({ cardId: CARDS.annaSpare, status: 'BLOCKED', blockReason: 'CLIENT_REQUEST', statusChangedAt: new Date('2026-11-24T09:30:00.000Z') });
      const unblocked = await cards.unblockCard({ clientId: ANNA, cardId: CARDS.annaSpare });
      expect(caller.last.call.request).to.deep.equal({ clientId: ANNA, cardId: CARDS.annaSpare });
      expect(unblocked).to.deep.equal({ cardId: CARDS.annaSpare, status: 'ACTIVE', statusChangedAt: new Date('2026-11-24T09:30:00.000Z') });
    });

    it('ReportCardLostStolen is keyed and reads the replacement', async () => {
      const report = await cards.reportCardLostStolen('lost-anna-0001', {
        clientId: ANNA,
        cardId: CARDS.annaCredit,
        lossType: 'STOLEN',
        lossDate: '2026-11-23',
        reissue: true,
        delivery: { branchId: 'BR-DE-007' },
        description: 'Bag stolen on the train',
      });
      const { call } = caller.last;
      expect(call.idempotencyKey).to.equal('lost-anna-0001');
      expect(call.request).to.deep.equal({
        idempotencyKey: 'lost-anna-0001',
        clientId: ANNA,
        cardId: CARDS.annaCredit,
        lossType: 'STOLEN',
        lossDate: '2026-11-23',
        reissue: true,
        delivery: { branchId: 'BR-DE-007' },
        description: 'Bag stolen on the train',
      });
      expect(report).to.deep.equal({ cardId: CARDS.annaCredit, status: 'STOLEN', statusChangedAt: new Date('2026-11-24T09:43:00.000Z'), newCardId: 'mc-card-000004', orderId: 'mc-order-000004' });
    });

    it('ReissueCard is keyed and reads the new card and its order', async () => {
      const result = await cards.reissueCard('reissue-fahad-0001', {
        clientId: FAHAD,
        cardId: CARDS.fahadCredit,
        reason: 'RENAME',
        cardholderName: 'FAHAD J AL-SABAH',
        delivery: { address: { line: ['Block 3, Street 12'], city: 'Kuwait City', country: 'KW' } },
      });
      const { call } = caller.last;
      expect(call.idempotencyKey).to.equal('reissue-fahad-0001');
      expect(Object.keys(call.request)).to.deep.equal(['idempotencyKey', 'clientId', 'cardId', 'reason', 'cardholderName', 'delivery']);
      expect(call.request.delivery).to.deep.equal({ address: { line: ['Block 3, Street 12'], city: 'Kuwait City', country: 'KW' } });
      expect(result).to.deep.equal({ cardId: CARDS.fahadCredit, status: 'ACTIVE', newCardId: 'mc-card-000003', orderId: 'mc-order-000003', orderStatus: 'IN_PRODUCTION' });
    });
  });

  describe('SetCardLimits', () => {
    it('sends amounts as decimal strings of the currency (JPY has no decimals; 0 turns a use off) and reads every limit back', async () => {
      const result = await cards.setCardLimits({
        clientId: KENJI,
        cardId: CARDS.kenjiDebit,
        limits: [
          { limitType: 'ONLINE', period: 'DAILY', amount: { minor: 150_000n, currency: 'JPY' } },
          { limitType: 'CONTACTLESS', period: 'PER_TRANSACTION', amount: { minor: 0n, currency: 'JPY' } },
        ],
      });
      const { call, envelope } = caller.last;
      expect('idempotencyKey' in call, 'idempotent by nature, no key').to.equal(false);
      expect(call.request).to.deep.equal({
        clientId: KENJI,
        cardId: CARDS.kenjiDebit,
        limit: [
          { limitType: 'ONLINE', period: 'DAILY', amount: { amount: '150000', currency: 'JPY' } },
          { limitType: 'CONTACTLESS', period: 'PER_TRANSACTION', amount: { amount: '0', currency: 'JPY' } },
        ],
      });
      expect(envelope).to.match(/<[a-z0-9]+:amount[^>]*>150000<\/[a-z0-9]+:amount>/);
      expect(result.cardId).to.equal(CARDS.kenjiDebit);
      expect(result.limits).to.have.length(12);
      const online = result.limits.find((limit) => limit.limitType === 'ONLINE' && limit.period === 'DAILY');
      expect(online?.amount).to.deep.equal({ minor: 150_000n, currency: 'JPY' });
      const contactless = result.limits.find((limit) => limit.limitType === 'CONTACTLESS' && limit.period === 'PER_TRANSACTION');
      expect(contactless).to.deep.equal({ limitType: 'CONTACTLESS', period: 'PER_TRANSACTION', amount: { minor: 0n, currency: 'JPY' }, productMaximum: { minor: 75_000n, currency: 'JPY' } });
    });

    it('writes KWD with its three decimals', async () => {
      await cards.setCardLimits({ clientId: FAHAD, cardId: CARDS.fahadCredit, limits: [{ limitType: 'PURCHASE', period: 'DAILY', amount: { minor: 1_234_567n, currency: 'KWD' } }] });
      expect(caller.last.call.request.limit).to.deep.equal([{ limitType: 'PURCHASE', period: 'DAILY', amount: { amount: '1234.567', currency: 'KWD' } }]);
    });
  });

  describe('ResetPin', () => {
    it('is keyed; SMS answers when the code expires', async () => {
      const reset = await cards.resetPin('pin-anna-0001', { clientId: ANNA, cardId: CARDS.annaDebit, channel: 'SMS' });
      expect(caller.last.call.idempotencyKey).to.equal('pin-anna-0001');
      expect(caller.last.call.request).to.deep.equal({ idempotencyKey: 'pin-anna-0001', clientId: ANNA, cardId: CARDS.annaDebit, channel: 'SMS' });
      expect(reset).to.deep.equal({ cardId: CARDS.annaDebit, pinResetId: 'mc-pin-000001', channel: 'SMS', expiresAt: new Date('2026-11-24T09:58:00.000Z') });
    });

    it('LETTER answers the expected delivery date instead', async () => {
      caller.answers.set('ResetPin', 'ResetPinResponse-letter');
      const reset = await cards.resetPin('pin-anna-0002', { clientId: ANNA, cardId: CARDS.annaDebit, channel: 'LETTER' });
      expect(reset).to.deep.equal({ cardId: CARDS.annaDebit, pinResetId: 'mc-pin-000002', channel: 'LETTER', estimatedDeliveryDate: '2026-11-29' });
    });
  });

  describe('GetCardTransactions', () => {
    it('sends the period, the status filter and the page, and maps holds and settled items with both amounts', async () => {
      const page = await cards.getCardTransactions({
        clientId: ANNA,
        cardId: CARDS.annaDebit,
        period: { from: '2026-11-01', to: '2026-11-30' },
        statuses: ['AUTHORISED', 'SETTLED'],
        page: { limit: 3 },
      });
      expect(caller.last.call.request).to.deep.equal({
        clientId: ANNA,
        cardId: CARDS.annaDebit,
        period: { from: '2026-11-01', to: '2026-11-30' },
        status: ['AUTHORISED', 'SETTLED'],
        page: { limit: 3 },
      });
      expect(page.page.hasMore).to.equal(true);
      expect(page.page.nextCursor).to.be.a('string').and.have.length.greaterThan(10);
      expect(page.transactions).to.have.length(3);
      expect(page.transactions[0]).to.deep.equal({
        authorisationId: 'mc-auth-000001',
        cardId: CARDS.annaDebit,
        accountId: ACCOUNTS.annaEur,
        status: 'AUTHORISED',
        transactionType: 'PURCHASE',
        creditDebitIndicator: 'DBIT',
        amount: eur(1_563n),
        originalAmount: { minor: 2_500n, currency: 'JPY' },
        merchant: { name: 'FAMILYMART NARITA', city: 'Narita', country: 'JP', categoryCode: '5411' },
        authorisedAt: new Date('2026-11-24T09:30:00.000Z'),
        holdExpiryDate: '2026-12-01',
      });
      expect(page.transactions[1]).to.deep.equal({
        authorisationId: 'AC-ANNA-EUR-00005',
        cardId: CARDS.annaDebit,
        accountId: ACCOUNTS.annaEur,
        status: 'SETTLED',
        transactionType: 'CASH_WITHDRAWAL',
        creditDebitIndicator: 'DBIT',
        amount: eur(20_000n),
        originalAmount: eur(20_000n),
        merchant: { name: 'ATM HAUPTBAHNHOF', categoryCode: '6011' },
        authorisedAt: new Date('2026-11-22T12:00:00.000Z'),
        settlementDate: '2026-11-22',
        entryReference: 'AC-ANNA-EUR-00005',
      });
    });

    it('sends the next page with its cursor and no empty status filter', async () => {
      await cards.getCardTransactions({ clientId: ANNA, cardId: CARDS.annaDebit, period: { from: '2026-11-01', to: '2026-11-30' }, statuses: [], page: { cursor: 'abc', limit: 3 } });
      expect(caller.last.call.request).to.deep.equal({ clientId: ANNA, cardId: CARDS.annaDebit, period: { from: '2026-11-01', to: '2026-11-30' }, page: { cursor: 'abc', limit: 3 } });
    });

    it('maps KWD amounts with three decimals and an empty last page', async () => {
      caller.answers.set('GetCardTransactions', 'GetCardTransactionsResponse-kwd');
      const kwd = await cards.getCardTransactions({ clientId: FAHAD, cardId: CARDS.fahadCredit, period: { from: '2026-11-01', to: '2026-11-30' } });
      expect(kwd.transactions.map((item) => item.amount)).to.deep.equal([
        { minor: 7_125n, currency: 'KWD' },
        { minor: 12_345n, currency: 'KWD' },
      ]);
      expect(kwd.page).to.deep.equal({ hasMore: false });
      caller.answers.set('GetCardTransactions', 'GetCardTransactionsResponse-empty');
      expect(await cards.getCardTransactions({ clientId: KENJI, cardId: CARDS.kenjiDebit, period: { from: '2026-01-01', to: '2026-01-31' } })).to.deep.equal({
        transactions: [],
        page: { hasMore: false },
      });
    });
  });
});
