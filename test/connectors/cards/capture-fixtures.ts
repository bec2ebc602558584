/**
 * Captures the response envelopes of test/connectors/fixtures/cards/ from the card mock:
 * it starts the mocks on the connector dataset with a stepping clock, calls every Cards
 * operation once over HTTP with node-soap, and saves each raw response as
 * `<Operation>Response.xml` (plus a few named variants for other currencies and states).
 * Run it again when the contract or the mock changes:
 *
 *   npx tsx test/connectors/cards/capture-fixtures.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as soap from 'soap';
import { contractFile } from '../../../common/contracts/catalog.js';
import { startMocks } from '../../../mocks/index.js';
import { ACCOUNTS, ANNA, CARDS, FAHAD, KENJI, LENA, PANS, SteppingClock, connectorDataset } from './dataset.js';
import { contractOf, FIXTURES_DIR, runMockFixture } from './soap-support.js';

const clock = new SteppingClock();
const mocks = await startMocks({ dataset: connectorDataset(), clock });
const cards = mocks.mocks.cards;
const client = await soap.createClientAsync(contractFile(contractOf('cards').wsdl), { endpoint: cards.endpoint });
const outDir = path.join(FIXTURES_DIR, 'cards');
mkdirSync(outDir, { recursive: true });

async function capture(operation: string, request: Record<string, unknown>, name = `${operation}Response`): Promise<unknown> {
  const call = (client as unknown as Record<string, (request: unknown) => Promise<[unknown, string]>>)[`${operation}Async`]!;
  let result: unknown;
  let xml: string;
  try {
    [result, xml] = await call.call(client, request);
  } catch (error) {
    throw new Error(`${operation} failed: ${(error as Error).message}`);
  }
  if (Object.values(PANS).some((pan) => xml.includes(pan))) throw new Error(`${operation} answered a full PAN`);
  writeFileSync(path.join(outDir, `${name}.xml`), `${xml.trim()}\n`);
  console.log(`saved ${name}.xml`);
  return result;
}

try {
  // A client block with a text, so that the card lists show a BLOCKED card with its reason.
  await capture('BlockCard', { clientId: ANNA, cardId: CARDS.annaSpare, reason: 'CLIENT_REQUEST', reasonText: 'Card left in a taxi' });
  await capture('GetClientCards', { clientId: ANNA, includeFinal: true });
  await capture('GetClientCards', { clientId: ANNA, accountId: ACCOUNTS.annaCard }, 'GetClientCardsResponse-one');
  await capture('GetClientCards', { clientId: LENA }, 'GetClientCardsResponse-empty');
  await capture('UnblockCard', { clientId: ANNA, cardId: CARDS.annaSpare, reasonText: 'Card found' });

  // Card payments: a foreign-currency hold in yen on a euro card, and a hold in dinars.
  await runMockFixture(cards.url, 'authorise', { cardId: CARDS.annaDebit, amount: '2500', currency: 'JPY', merchantName: 'FAMILYMART NARITA', city: 'Narita', country: 'JP', mcc: '5411' });
  await runMockFixture(cards.url, 'authorise', { cardId: CARDS.fahadCredit, amount: '7.125', currency: 'KWD', merchantName: 'AVENUES MALL', city: 'Kuwait City', country: 'KW', mcc: '5311' });

  await capture('GetCard', { clientId: ANNA, cardId: CARDS.annaCredit });
  await capture('GetCard', { clientId: FAHAD, cardId: CARDS.fahadCredit }, 'GetCardResponse-kwd');
  await capture('GetCard', { clientId: KENJI, cardId: CARDS.kenjiDebit }, 'GetCardResponse-jpy');

  const order = (await capture('OrderCard', {
    idempotencyKey: 'order-anna-0001',
    clientId: ANNA,
    accountId: ACCOUNTS.annaEur,
    cardType: 'DEBIT',
    cardForm: 'PHYSICAL',
    schemePreference: 'MASTERCARD',
    cardholderName: 'ANNA M SCHMIDT',
    delivery: { address: { line: ['Lindenallee 7', 'c/o Schmidt'], city: 'Potsdam', postalCode: '14467', country: 'DE' } },
  })) as { orderId: string };
  await capture('OrderCard', { idempotencyKey: 'order-kenji-0001', clientId: KENJI, accountId: ACCOUNTS.kenjiJpy, cardType: 'DEBIT', cardForm: 'VIRTUAL' }, 'OrderCardResponse-virtual');
  clock.advanceMinutes(3);
  await runMockFixture(cards.url, 'advanceOrders');
  await capture('GetCardOrderStatus', { clientId: ANNA, orderId: order.orderId });
  clock.advanceMinutes(10);
  await runMockFixture(cards.url, 'advanceOrders');
  await capture('GetCardOrderStatus', { clientId: ANNA, orderId: order.orderId }, 'GetCardOrderStatusResponse-delivered');

  const activationCode = ((await runMockFixture(cards.url, 'activationCode', { cardId: CARDS.annaIssued })) as { activationCode: string }).activationCode;
  await capture('ActivateCard', { clientId: ANNA, cardId: CARDS.annaIssued, activationCode });

  await capture('SetCardLimits', {
    clientId: KENJI,
    cardId: CARDS.kenjiDebit,
    limit: [
      { limitType: 'ONLINE', period: 'DAILY', amount: { amount: '150000', currency: 'JPY' } },
      { limitType: 'CONTACTLESS', period: 'PER_TRANSACTION', amount: { amount: '0', currency: 'JPY' } },
    ],
  });
  await capture('ResetPin', { idempotencyKey: 'pin-anna-0001', clientId: ANNA, cardId: CARDS.annaDebit, channel: 'SMS' });
  await capture('ResetPin', { idempotencyKey: 'pin-anna-0002', clientId: ANNA, cardId: CARDS.annaDebit, channel: 'LETTER' }, 'ResetPinResponse-letter');
  await capture('ReissueCard', { idempotencyKey: 'reissue-fahad-0001', clientId: FAHAD, cardId: CARDS.fahadCredit, reason: 'DAMAGED', delivery: { branchId: 'BR-KW-001' } });
  await capture('ReportCardLostStolen', {
    idempotencyKey: 'lost-anna-0001',
    clientId: ANNA,
    cardId: CARDS.annaCredit,
    lossType: 'STOLEN',
    lossDate: '2026-11-23',
    reissue: true,
    description: 'Bag stolen on the train',
  });

  await capture('GetCardTransactions', { clientId: ANNA, cardId: CARDS.annaDebit, period: { from: '2026-11-01', to: '2026-11-30' }, page: { limit: 3 } });
  await capture('GetCardTransactions', { clientId: FAHAD, cardId: CARDS.fahadCredit, period: { from: '2026-11-01', to: '2026-11-30' } }, 'GetCardTransactionsResponse-kwd');
  await capture('GetCardTransactions', { clientId: KENJI, cardId: CARDS.kenjiDebit, period: { from: '2026-01-01', to: '2026-01-31' } }, 'GetCardTransactionsResponse-empty');
} finally {
  await mocks.stop();
}
