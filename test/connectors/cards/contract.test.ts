/**
 * The Cards client against the contract itself (wsdl/cards/v1/Cards.wsdl): one method for
 * every operation, an idempotency key on exactly the operations whose Retry rule asks for
 * one, and a meaning for every fault code an operation documents.
 */
import { expect } from 'chai';
import { loadWsdlModel } from '../../../common/contracts/wsdl-model.js';
import { CARDS_NOT_FOUND_CODES, CARDS_OPERATIONS, CARDS_REFUSAL_CODES, CardsClient, HUB_FAULT_CODES, RETRY_LATER_CODES, type CardsOperation } from '../../../connectors/cards/index.js';
import { ACCOUNTS, ANNA, CARDS } from './dataset.js';
import { contractOf, FixtureCaller } from './soap-support.js';

const operations = loadWsdlModel(contractOf('cards')).operations;
const KEY = 'contract-key-0001';

/** One call of each operation, with only what it requires. */
const CALLS: Readonly<Record<CardsOperation, (cards: CardsClient) => Promise<unknown>>> = {
  GetClientCards: (cards) => cards.getClientCards({ clientId: ANNA }),
  GetCard: (cards) => cards.getCard({ clientId: ANNA, cardId: CARDS.annaCredit }),
  OrderCard: (cards) => cards.orderCard(KEY, { clientId: ANNA, accountId: ACCOUNTS.annaEur, cardType: 'DEBIT', cardForm: 'PHYSICAL' }),
  GetCardOrderStatus: (cards) => cards.getCardOrderStatus({ clientId: ANNA, orderId: 'O-1' }),
  ActivateCard: (cards) => cards.activateCard({ clientId: ANNA, cardId: CARDS.annaIssued, panLastFour: '0034' }),
  BlockCard: (cards) => cards.blockCard({ clientId: ANNA, cardId: CARDS.annaSpare, reason: 'SUSPECTED_FRAUD' }),
  UnblockCard: (cards) => cards.unblockCard({ clientId: ANNA, cardId: CARDS.annaSpare }),
  ReportCardLostStolen: (cards) => cards.reportCardLostStolen(KEY, { clientId: ANNA, cardId: CARDS.annaCredit, lossType: 'LOST', lossDate: '2026-11-23', reissue: false }),
  SetCardLimits: (cards) => cards.setCardLimits({ clientId: ANNA, cardId: CARDS.annaDebit, limits: [{ limitType: 'CASH_WITHDRAWAL', period: 'MONTHLY', amount: { minor: 50_000n, currency: 'EUR' } }] }),
  ResetPin: (cards) => cards.resetPin(KEY, { clientId: ANNA, cardId: CARDS.annaDebit, channel: 'LETTER' }),
  ReissueCard: (cards) => cards.reissueCard(KEY, { clientId: ANNA, cardId: CARDS.annaDebit, reason: 'EXPIRY' }),
  GetCardTransactions: (cards) => cards.getCardTransactions({ clientId: ANNA, cardId: CARDS.annaDebit, period: { from: '2026-11-01', to: '2026-11-30' } }),
};

describe('connectors/cards: the client covers the contract', () => {
  let caller: FixtureCaller;

  before(async () => {
    caller = await FixtureCaller.create('cards');
  });

  after(() => caller.dispose());

  it('has one operation for each of the WSDL', () => {
    expect([...CARDS_OPERATIONS].sort()).to.deep.equal(operations.map((operation) => operation.name).sort());
  });

  for (const operation of operations) {
    it(`${operation.name}: a minimal request validates, and it carries a key exactly when the contract's Retry rule asks for one`, async () => {
      await CALLS[operation.name as CardsOperation](new CardsClient(caller));
      const { call } = caller.last;
      expect(call.operation).to.equal(operation.name);
      const keyed = operation.retry === 'safe with the same idempotencyKey';
      expect(call.idempotencyKey, 'the call’s key').to.equal(keyed ? KEY : undefined);
      expect(call.request.idempotencyKey, 'the request’s key').to.equal(keyed ? KEY : undefined);
    });
  }

  it('gives every documented fault code a meaning', () => {
    const known = new Set([...CARDS_NOT_FOUND_CODES, ...CARDS_REFUSAL_CODES, ...RETRY_LATER_CODES, ...HUB_FAULT_CODES]);
    const unknown = operations.flatMap((operation) => operation.faultCodes.filter((code) => !known.has(code)).map((code) => `${operation.name}: ${code}`));
    expect(unknown).to.deep.equal([]);
  });
});
