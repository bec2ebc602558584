/**
 * The pure side of the Cards connector: the card record of the read-through, the forms in
 * which node-soap hands values over, answers that break the contract (a coded
 * BAD_RESPONSE naming the element) and requests the contract would refuse (a coded error
 * before anything is sent).
 */
import { expect } from 'chai';
import { CardsClient, cardRecord, InvalidRequestError, UnexpectedResponseError } from '../../../connectors/cards/index.js';
import {
  activateCardRequest,
  getCardTransactionsRequest,
  readGetCardResponse,
  readGetClientCardsResponse,
  readGetCardTransactionsResponse,
  readOrderCardResponse,
  setCardLimitsRequest,
} from '../../../connectors/cards/mapping.js';
import { ANNA, CARDS, PANS } from './dataset.js';
import { FixtureCaller, fixtureXml, parseFixture, rejection } from './soap-support.js';

const RECEIVED_AT = new Date('2026-11-24T10:00:00Z');

function summary(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cardId: 'CD-1',
    maskedPan: '427683******0015',
    clientId: ANNA,
    accountId: 'AC-1',
    scheme: 'VISA',
    cardType: 'DEBIT',
    cardForm: 'PHYSICAL',
    cardholderName: 'ANNA SCHMIDT',
    expiry: '2029-08',
    status: 'ACTIVE',
    ...overrides,
  };
}

function badResponse(read: () => unknown): UnexpectedResponseError {
  try {
    read();
  } catch (error) {
    expect(error).to.be.instanceOf(UnexpectedResponseError);
    const coded = error as UnexpectedResponseError;
    expect(coded.code).to.equal('BAD_RESPONSE');
    return coded;
  }
  throw new Error('expected an UnexpectedResponseError');
}

function invalidRequest(build: () => unknown): InvalidRequestError {
  try {
    build();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected an InvalidRequestError');
}

describe('connectors/cards: mapping', () => {
  describe('the card record of the read-through', () => {
    it('holds the masked PAN, the status and, for a block, who blocked it and why; asOf is when the answer arrived', async () => {
      const cards = readGetClientCardsResponse(await parseFixture('cards', 'GetClientCards'));
      const records = cards.map((card) => cardRecord(card, RECEIVED_AT));
      expect(records[1]).to.deep.equal({ cardId: CARDS.annaSpare, clientId: ANNA, maskedPan: '427683******0049', status: 'BLOCKED', reason: 'CLIENT_REQUEST: Card left in a taxi', asOf: RECEIVED_AT });
      expect(records[2]).to.deep.equal({ cardId: CARDS.annaDebit, clientId: ANNA, maskedPan: '427683******0015', status: 'ACTIVE', asOf: RECEIVED_AT });
      for (const record of records) expect(record).to.not.have.property('version');
    });

    it('takes a GetCard answer too, and keeps a block without text as its reason alone', async () => {
      const card = readGetCardResponse(await parseFixture('cards', 'GetCard'));
      expect(cardRecord(card, RECEIVED_AT)).to.deep.equal({ cardId: CARDS.annaCredit, clientId: ANNA, maskedPan: '547712******0023', status: 'ACTIVE', asOf: RECEIVED_AT });
      const blocked = readGetClientCardsResponse({ card: summary({ status: 'BLOCKED', blockReason: 'BANK_DECISION' }) })[0]!;
      expect(cardRecord(blocked, RECEIVED_AT).reason).to.equal('BANK_DECISION');
      const closed = readGetClientCardsResponse({ card: summary({ status: 'CLOSED', statusReason: 'Replaced by card CD-2' }) })[0]!;
      expect(cardRecord(closed, RECEIVED_AT).reason).to.equal('Replaced by card CD-2');
    });

    it('refuses an answer with a full card number where the masked PAN belongs, without repeating the number', () => {
      const error = badResponse(() => readGetClientCardsResponse({ card: summary({ maskedPan: PANS.annaDebit }) }));
      expect(error.field).to.equal('GetClientCardsResponse/card[1]/maskedPan');
      expect(error.message).to.not.contain(PANS.annaDebit);
      expect(badResponse(() => readGetClientCardsResponse({ card: summary({ expiry: '2029-13' }) })).field).to.equal('GetClientCardsResponse/card[1]/expiry');
    });

    it('no saved answer carries a full card number', () => {
      for (const name of ['GetClientCardsResponse', 'GetCardResponse', 'GetCardOrderStatusResponse', 'GetCardTransactionsResponse']) {
        const xml = fixtureXml('cards', name);
        for (const pan of Object.values(PANS)) expect(xml, name).to.not.contain(pan);
      }
    });
  });

  describe('the forms node-soap gives values in', () => {
    it('reads booleans, dates and repeated elements whether typed or not', () => {
      const typed = readOrderCardResponse({ orderId: 'O-1', status: 'RECEIVED', estimatedDeliveryDate: new Date('2026-11-24T00:00:00.000Z') });
      const text = readOrderCardResponse({ orderId: 'O-1', status: 'RECEIVED', estimatedDeliveryDate: '2026-11-24' });
      expect(typed).to.deep.equal(text);
      expect(typed.estimatedDeliveryDate).to.equal('2026-11-24');
      const page = (hasMore: unknown) => readGetCardTransactionsResponse({ page: { hasMore, nextCursor: hasMore === true || hasMore === 'true' ? 'c1' : undefined } }).page;
      expect(page(true)).to.deep.equal(page('true'));
      expect(page(false)).to.deep.equal({ hasMore: false });
      expect(readGetClientCardsResponse({ card: [summary()] })).to.deep.equal(readGetClientCardsResponse({ card: summary() }));
      // An element with attributes (xml:lang, xsi:type) comes as { attributes, $value }.
      const attributed = readGetClientCardsResponse({ card: summary({ statusReason: { attributes: { 'xml:lang': 'en' }, $value: 'Lost in the post' }, status: 'LOST' }) })[0]!;
      expect(attributed.statusReason).to.equal('Lost in the post');
      expect(readGetClientCardsResponse(null)).to.deep.equal([]);
      expect(readGetClientCardsResponse(undefined)).to.deep.equal([]);
    });
  });

  describe('answers that break the contract', () => {
    it('names a missing required element', () => {
      const withoutId = summary();
      delete withoutId.cardId;
      const error = badResponse(() => readGetClientCardsResponse({ card: [summary(), withoutId] }));
      expect(error.field).to.equal('GetClientCardsResponse/card[2]/cardId');
      expect(error.message).to.contain('missing');
    });

    it('refuses a value outside the enumeration, a block without its reason and a reason without a block', () => {
      expect(badResponse(() => readGetClientCardsResponse({ card: summary({ status: 'FROZEN' }) })).field).to.equal('GetClientCardsResponse/card[1]/status');
      expect(badResponse(() => readGetClientCardsResponse({ card: summary({ status: 'BLOCKED' }) })).field).to.equal('GetClientCardsResponse/card[1]/blockReason');
      expect(badResponse(() => readGetClientCardsResponse({ card: summary({ blockReason: 'CLIENT_REQUEST' }) })).field).to.equal('GetClientCardsResponse/card[1]/blockReason');
    });

    it('refuses money that is a number, has more decimals than its currency, or an unknown currency', () => {
      const card = (amount: unknown, currency = 'EUR') => ({ card: { ...summary(), limit: { limitType: 'PURCHASE', period: 'DAILY', amount: { amount, currency } } } });
      expect(badResponse(() => readGetCardResponse(card(12.5))).field).to.equal('GetCardResponse/card/limit[1]/amount/amount');
      expect(badResponse(() => readGetCardResponse(card('12.5', 'JPY'))).message).to.contain('INVALID_MONEY');
      expect(badResponse(() => readGetCardResponse(card('1.0000', 'KWD'))).message).to.contain('INVALID_MONEY');
      expect(badResponse(() => readGetCardResponse(card('1', 'XXX'))).message).to.contain('UNKNOWN_CURRENCY');
      expect(readGetCardResponse(card('1.005', 'KWD')).limits[0]!.amount).to.deep.equal({ minor: 1_005n, currency: 'KWD' });
    });

    it('refuses timestamps without an offset, impossible dates, a page whose cursor contradicts hasMore, and credit without its instant', () => {
      expect(badResponse(() => readGetClientCardsResponse({ card: summary({ statusChangedAt: '2026-11-24T09:30:00' }) })).field).to.equal('GetClientCardsResponse/card[1]/statusChangedAt');
      expect(badResponse(() => readOrderCardResponse({ orderId: 'O', status: 'RECEIVED', estimatedDeliveryDate: '2026-02-30' })).field).to.equal('OrderCardResponse/estimatedDeliveryDate');
      expect(badResponse(() => readGetCardTransactionsResponse({ page: { hasMore: 'true' } })).field).to.equal('GetCardTransactionsResponse/page/nextCursor');
      expect(badResponse(() => readGetCardResponse({ card: { ...summary(), availableCredit: { amount: '1.00', currency: 'EUR' } } })).field).to.equal('GetCardResponse/card/creditAsOf');
      expect(badResponse(() => readGetCardResponse({})).field).to.equal('GetCardResponse/card');
    });
  });

  describe('requests the contract would refuse', () => {
    it('ActivateCard needs exactly one proof of possession', () => {
      const both = { clientId: ANNA, cardId: 'C', activationCode: 'AB1234', panLastFour: '1234' } as unknown as Parameters<typeof activateCardRequest>[0];
      expect(invalidRequest(() => activateCardRequest(both)).code).to.equal('SCHEMA_VIOLATION');
      const neither = { clientId: ANNA, cardId: 'C' } as unknown as Parameters<typeof activateCardRequest>[0];
      expect(invalidRequest(() => activateCardRequest(neither)).field).to.equal('activationCode|panLastFour');
    });

    it('SetCardLimits needs 1 to 12 limits, each combination once, and money its currency can hold', () => {
      const limit = { limitType: 'PURCHASE', period: 'DAILY', amount: { minor: 100n, currency: 'EUR' } } as const;
      expect(invalidRequest(() => setCardLimitsRequest({ clientId: ANNA, cardId: 'C', limits: [] })).field).to.equal('limit');
      expect(invalidRequest(() => setCardLimitsRequest({ clientId: ANNA, cardId: 'C', limits: [limit, { ...limit, period: 'MONTHLY' }, limit] })).field).to.equal('limit[3]');
      const unknown = invalidRequest(() => setCardLimitsRequest({ clientId: ANNA, cardId: 'C', limits: [{ ...limit, amount: { minor: 1n, currency: 'XXX' } }] }));
      expect([unknown.code, unknown.field]).to.deep.equal(['UNKNOWN_CURRENCY', 'limit[1]/amount']);
    });

    it('a period is two dates, and a page limit is 1 to 500', () => {
      expect(invalidRequest(() => getCardTransactionsRequest({ clientId: ANNA, cardId: 'C', period: { from: '2026-11-01', to: '30.11.2026' } })).field).to.equal('period/to');
      expect(invalidRequest(() => getCardTransactionsRequest({ clientId: ANNA, cardId: 'C', period: { from: '2026-11-01', to: '2026-11-30' }, page: { limit: 0 } })).field).to.equal('page/limit');
    });

    it('a keyed write with a key the contract refuses is not sent', async () => {
      const caller = await FixtureCaller.create('cards');
      try {
        const cards = new CardsClient(caller);
        const error = await rejection(cards.resetPin('short', { clientId: ANNA, cardId: 'C', channel: 'SMS' }));
        expect([error.code, error.field]).to.deep.equal(['SCHEMA_VIOLATION', 'idempotencyKey']);
        const delivery = { address: { line: ['a'], city: 'b', country: 'DE' }, branchId: 'BR-1' } as never;
        expect((await rejection(cards.orderCard('order-0000001', { clientId: ANNA, accountId: 'A', cardType: 'DEBIT', cardForm: 'PHYSICAL', delivery }))).field).to.equal('delivery');
        expect(caller.calls).to.have.length(0);
      } finally {
        caller.dispose();
      }
    });
  });

  it('the test caller itself refuses a request that does not validate against the schema', async () => {
    const caller = await FixtureCaller.create('cards');
    try {
      // Elements out of the schema's order.
      const error = await rejection(caller.call({ operation: 'GetCard', request: { cardId: CARDS.annaDebit, clientId: ANNA } }));
      expect(error.message).to.contain('does not validate');
    } finally {
      caller.dispose();
    }
  });
});
