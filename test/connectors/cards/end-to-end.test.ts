/**
 * The whole path against the card mock over real HTTP: CardsClient → a minimal node-soap
 * caller → the mock, which validates every request against the schema (a request that
 * does not validate is answered SCHEMA_VIOLATION) → node-soap's parse → the mappings.
 */
import { expect } from 'chai';
import { CardsClient, cardRecord, cardsFailure, isCardsNotFound } from '../../../connectors/cards/index.js';
import { startMocks, type RunningMocks } from '../../../mocks/index.js';
import { ACCOUNTS, ANNA, CARDS, FAHAD, KENJI, PANS, SteppingClock, connectorDataset } from './dataset.js';
import { rejection, runMockFixture, SoapHttpCaller } from './soap-support.js';

function json(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

describe('connectors/cards: end to end against the card mock', function () {
  this.timeout(60_000);
  let mocks: RunningMocks;
  let caller: SoapHttpCaller;
  let cards: CardsClient;

  before(async () => {
    mocks = await startMocks({ dataset: connectorDataset(), clock: new SteppingClock() });
    caller = await SoapHttpCaller.create('cards', mocks.mocks.cards.endpoint);
    cards = new CardsClient(caller);
  });

  after(async () => {
    await mocks?.stop();
  });

  it('reads a client cards and one card into the records of the read-through, with masked PANs only', async () => {
    const receivedAt = new Date();
    const list = await cards.getClientCards({ clientId: ANNA, includeFinal: true });
    expect(list.map((card) => card.cardId).sort()).to.deep.equal([CARDS.annaCredit, CARDS.annaDebit, CARDS.annaExpired, CARDS.annaIssued, CARDS.annaSpare].sort());
    const records = list.map((card) => cardRecord(card, receivedAt));
    expect(records.find((record) => record.cardId === CARDS.annaExpired)).to.deep.include({ clientId: ANNA, status: 'EXPIRED', asOf: receivedAt });
    const withoutFinal = await cards.getClientCards({ clientId: ANNA });
    expect(withoutFinal.map((card) => card.cardId)).to.not.include(CARDS.annaExpired);

    const card = await cards.getCard({ clientId: FAHAD, cardId: CARDS.fahadCredit });
    expect(card.creditLine).to.deep.equal({ minor: 1_500_000n, currency: 'KWD' });
    expect(card.limits.every((limit) => limit.amount.currency === 'KWD')).to.equal(true);
    expect(cardRecord(card, receivedAt)).to.deep.equal({ cardId: CARDS.fahadCredit, clientId: FAHAD, maskedPan: card.maskedPan, status: 'ACTIVE', asOf: receivedAt });
    expect(card.maskedPan).to.match(/^455987\*{6}[0-9]{4}$/);
    const everything = json([list, card]);
    for (const pan of Object.values(PANS)) expect(everything).to.not.contain(pan);
  });

  it('orders a card once per idempotency key, and follows the order', async () => {
    const order = { clientId: KENJI, accountId: ACCOUNTS.kenjiJpy, cardType: 'DEBIT', cardForm: 'PHYSICAL', delivery: { branchId: 'BR-JP-001' } } as const;
    const first = await cards.orderCard('e2e-order-kenji-1', order);
    const repeated = await cards.orderCard('e2e-order-kenji-1', order);
    expect(repeated.orderId).to.equal(first.orderId);
    expect(caller.calls.at(-1)?.idempotencyKey).to.equal('e2e-order-kenji-1');
    const conflict = await rejection(cards.orderCard('e2e-order-kenji-1', { ...order, cardForm: 'VIRTUAL' }));
    expect(cardsFailure(conflict)).to.include({ code: 'IDEMPOTENCY_CONFLICT', kind: 'HUB_FAULT', disposition: 'PERMANENT' });
    const status = await cards.getCardOrderStatus({ clientId: KENJI, orderId: first.orderId });
    expect(status.orderId).to.equal(first.orderId);
    expect(status.delivery).to.deep.equal({ branchId: 'BR-JP-001' });
  });

  it('blocks, unblocks and activates, and tells refusals from unknown cards', async () => {
    const blocked = await cards.blockCard({ clientId: ANNA, cardId: CARDS.annaDebit, reason: 'CLIENT_REQUEST', reasonText: 'Mislaid at home' });
    expect(blocked).to.include({ status: 'BLOCKED', blockReason: 'CLIENT_REQUEST' });
    const record = cardRecord(await cards.getCard({ clientId: ANNA, cardId: CARDS.annaDebit }), new Date());
    expect(record).to.include({ status: 'BLOCKED', reason: 'CLIENT_REQUEST: Mislaid at home' });
    expect(await cards.unblockCard({ clientId: ANNA, cardId: CARDS.annaDebit, reasonText: 'Found it' })).to.include({ status: 'ACTIVE' });

    const wrongCode = await rejection(cards.activateCard({ clientId: ANNA, cardId: CARDS.annaIssued, activationCode: 'ZZZZZZ' }));
    expect(cardsFailure(wrongCode)).to.include({ code: 'INVALID_ACTIVATION_CODE', kind: 'REFUSED' });
    const activated = await cards.activateCard({ clientId: ANNA, cardId: CARDS.annaIssued, panLastFour: PANS.annaIssued.slice(-4) });
    expect(activated.status).to.equal('ACTIVE');

    const unknown = await rejection(cards.getCard({ clientId: ANNA, cardId: 'CD-NOBODY' }));
    expect(isCardsNotFound(unknown)).to.equal(true);
    // Another client's card is not found either.
    expect(isCardsNotFound(await rejection(cards.getCard({ clientId: KENJI, cardId: CARDS.annaDebit })))).to.equal(true);
  });

  it('sets limits in the account currency and refuses one above the product maximum', async () => {
    const changed = await cards.setCardLimits({ clientId: FAHAD, cardId: CARDS.fahadCredit, limits: [{ limitType: 'ONLINE', period: 'DAILY', amount: { minor: 250_125n, currency: 'KWD' } }] });
    expect(changed.limits.find((limit) => limit.limitType === 'ONLINE' && limit.period === 'DAILY')?.amount).to.deep.equal({ minor: 250_125n, currency: 'KWD' });
    const tooHigh = await rejection(cards.setCardLimits({ clientId: FAHAD, cardId: CARDS.fahadCredit, limits: [{ limitType: 'ONLINE', period: 'DAILY', amount: { minor: 999_999_999n, currency: 'KWD' } }] }));
    expect(cardsFailure(tooHigh)).to.include({ code: 'LIMIT_EXCEEDED', kind: 'REFUSED', disposition: 'PERMANENT' });
  });

  it('walks the pages of a card history with the cursors, without gaps or repeats', async () => {
    await runMockFixture(mocks.mocks.cards.url, 'authorise', { cardId: CARDS.annaCredit, amount: '12.34', currency: 'EUR', merchantName: 'BAECKEREI', mcc: '5462' });
    const period = { from: '2026-11-01', to: '2026-11-30' };
    const all = await cards.getCardTransactions({ clientId: ANNA, cardId: CARDS.annaDebit, period });
    const walked: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await cards.getCardTransactions({ clientId: ANNA, cardId: CARDS.annaDebit, period, page: { limit: 2, ...(cursor ? { cursor } : {}) } });
      walked.push(...page.transactions.map((item) => item.authorisationId));
      cursor = page.page.nextCursor;
      if (!page.page.hasMore) break;
    }
    expect(walked).to.deep.equal(all.transactions.map((item) => item.authorisationId));
    expect(walked).to.have.length(4);
    const holds = await cards.getCardTransactions({ clientId: ANNA, cardId: CARDS.annaCredit, period, statuses: ['AUTHORISED'] });
    expect(holds.transactions.map((item) => [item.status, item.amount])).to.deep.equal([['AUTHORISED', { minor: 1_234n, currency: 'EUR' }]]);
  });

  it('reissues, resets a PIN and reports a card stolen, each keyed', async () => {
    const reissue = await cards.reissueCard('e2e-reissue-kenji', { clientId: KENJI, cardId: CARDS.kenjiDebit, reason: 'DAMAGED' });
    expect(reissue).to.include({ cardId: CARDS.kenjiDebit, orderStatus: 'IN_PRODUCTION' });
    const pin = await cards.resetPin('e2e-pin-kenji-1', { clientId: KENJI, cardId: CARDS.kenjiDebit, channel: 'SMS' });
    expect(pin.channel).to.equal('SMS');
    expect(pin.expiresAt).to.be.instanceOf(Date);
    const report = await cards.reportCardLostStolen('e2e-lost-anna-1', { clientId: ANNA, cardId: CARDS.annaSpare, lossType: 'LOST', lossDate: '2026-11-24', reissue: false });
    expect(report).to.include({ cardId: CARDS.annaSpare, status: 'LOST' });
    expect(report).to.not.have.any.keys('orderId', 'newCardId', 'reissueRefused');
    const again = await rejection(cards.reportCardLostStolen('e2e-lost-anna-2', { clientId: ANNA, cardId: CARDS.annaSpare, lossType: 'LOST', lossDate: '2026-11-24', reissue: false }));
    expect(cardsFailure(again)).to.include({ code: 'INVALID_STATE', kind: 'REFUSED' });
  });
});
