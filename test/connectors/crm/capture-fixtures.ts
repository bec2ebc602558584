/**
 * Captures the response envelopes of test/connectors/fixtures/crm/ from the mock CRM: it
 * starts the mocks on the connector dataset with a stepping clock, calls every CRM
 * operation once over HTTP with node-soap, and saves each raw response as
 * `<Operation>Response.xml` (plus a few named variants for other currencies and states).
 * Run it again when the contract or the mock changes:
 *
 *   npx tsx test/connectors/crm/capture-fixtures.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as soap from 'soap';
import { contractFile } from '../../../common/contracts/catalog.js';
import { startMocks } from '../../../mocks/index.js';
import { ACCOUNTS, ANNA, FAHAD, KENJI, LENA, SHARED_PHONE, SteppingClock, connectorDataset } from '../cards/dataset.js';
import { contractOf, FIXTURES_DIR, runMockFixture } from '../cards/soap-support.js';

const clock = new SteppingClock();
const mocks = await startMocks({ dataset: connectorDataset(), clock });
const crm = mocks.mocks.crm;
const client = await soap.createClientAsync(contractFile(contractOf('crm').wsdl), { endpoint: crm.endpoint });
const outDir = path.join(FIXTURES_DIR, 'crm');
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
  writeFileSync(path.join(outDir, `${name}.xml`), `${xml.trim()}\n`);
  console.log(`saved ${name}.xml`);
  return result;
}

try {
  await capture('GetClient', { clientId: ANNA });
  await capture('GetClient', { clientId: LENA }, 'GetClientResponse-lena');
  await capture('SearchClients', { criterion: { phone: SHARED_PHONE }, page: { limit: 1 } });
  await capture('SearchClients', { criterion: { clientNumber: '9999' } }, 'SearchClientsResponse-empty');

  clock.advanceMinutes(5);
  await capture('UpdateContacts', {
    idempotencyKey: 'contacts-anna-0001',
    clientId: ANNA,
    email: 'anna.schmidt@example.org',
    address: { line: ['Lindenallee 7', 'Hinterhaus'], city: 'Potsdam', postalCode: '14467', country: 'DE' },
  });
  // The changed e-mail is not verified yet: GetScaData still answers the old one.
  await capture('GetScaData', { clientId: ANNA });
  await capture('GetKycStatus', { clientId: LENA });
  await capture('GetKycStatus', { clientId: ANNA }, 'GetKycStatusResponse-verified');
  await capture('GetConsents', { clientId: ANNA });
  clock.advanceMinutes(5);
  await capture('UpdateConsents', {
    idempotencyKey: 'consents-anna-0001',
    clientId: ANNA,
    channel: 'MOBILE_APP',
    change: [
      { type: 'MARKETING_SMS', granted: true },
      { type: 'PUSH_NOTIFICATIONS', granted: false },
    ],
  });
  await capture('GetProductOffers', { clientId: KENJI });
  await capture('GetProductOffers', { clientId: FAHAD }, 'GetProductOffersResponse-kwd');
  // A client who is not ACTIVE has no offers.
  await runMockFixture(crm.url, 'setClientStatus', { clientId: LENA, status: 'BLOCKED' });
  await capture('GetProductOffers', { clientId: LENA, productType: 'LOAN' }, 'GetProductOffersResponse-empty');

  clock.advanceMinutes(5);
  const loan = (await capture('CreateApplication', {
    idempotencyKey: 'application-anna-0001',
    clientId: ANNA,
    productType: 'LOAN',
    details: { loan: { amount: { amount: '7500.00', currency: 'EUR' }, termMonths: 36, purpose: 'CAR', disbursementAccountId: ACCOUNTS.annaEur } },
    channel: 'MOBILE_APP',
  })) as { applicationId: string };
  const deposit = (await capture(
    'CreateApplication',
    {
      idempotencyKey: 'application-kenji-0001',
      clientId: KENJI,
      productType: 'DEPOSIT',
      details: { deposit: { amount: { amount: '500000', currency: 'JPY' }, termMonths: 12, sourceAccountId: ACCOUNTS.kenjiJpy, rolloverAtMaturity: true } },
    },
    'CreateApplicationResponse-deposit',
  )) as { applicationId: string };
  for (const [status, reason] of [
    ['IN_REVIEW', undefined],
    ['DOCUMENTS_REQUIRED', 'Please upload your last three salary statements'],
  ] as const) {
    clock.advanceMinutes(30);
    await runMockFixture(crm.url, 'advanceApplication', { applicationId: loan.applicationId, status, ...(reason ? { reason } : {}) });
  }
  await capture('GetApplicationStatus', { clientId: ANNA, applicationId: loan.applicationId });
  for (const status of ['IN_REVIEW', 'APPROVED', 'COMPLETED'] as const) {
    clock.advanceMinutes(30);
    await runMockFixture(crm.url, 'advanceApplication', { applicationId: deposit.applicationId, status });
  }
  await capture('GetApplicationStatus', { clientId: KENJI, applicationId: deposit.applicationId }, 'GetApplicationStatusResponse-completed');
  await capture('CreateApplication', {
    idempotencyKey: 'application-anna-0002',
    clientId: ANNA,
    productType: 'OTHER',
    details: { other: { description: 'A safe deposit box at the Potsdam branch' } },
    channel: 'WEB',
  }, 'CreateApplicationResponse-other');
  await capture('ListApplications', { clientId: ANNA });
  await capture('ListApplications', { clientId: KENJI, status: ['COMPLETED'], page: { limit: 5 } }, 'ListApplicationsResponse-completed');

  // Secure messages: two from the bank (one with attachments), and the client's reply.
  const statement = { name: 'statement-2026-10.pdf', mediaType: 'application/pdf', size: 48213 };
  const first = (await runMockFixture(crm.url, 'sendBankMessage', {
    clientId: ANNA,
    subject: 'Your statement for October',
    body: 'Dear Ms Schmidt,\nplease find your statement attached.\nKind regards',
    senderName: 'Your adviser Maria Keller',
    attachments: [statement, { name: 'fees & charges.txt', mediaType: 'text/plain', size: 812 }],
  })) as { messageId: string };
  clock.advanceMinutes(10);
  await runMockFixture(crm.url, 'sendBankMessage', { clientId: ANNA, subject: 'New card limits', body: 'Your card limits changed.' });
  await capture('GetSecureMessage', { clientId: ANNA, messageId: first.messageId });
  clock.advanceMinutes(10);
  await capture('MarkSecureMessageRead', { clientId: ANNA, messageId: first.messageId });
  const upload = { name: 'salary-2026-10.pdf', mediaType: 'application/pdf', size: 102400 };
  const attachmentId = (await runMockFixture(crm.url, 'registerAttachment', { clientId: ANNA, ...upload })) as string;
  clock.advanceMinutes(10);
  const reply = (await capture('SendSecureMessage', {
    idempotencyKey: 'message-anna-0001',
    clientId: ANNA,
    subject: 'Re: Your statement for October',
    body: 'Thank you. My salary statement is attached.',
    replyToMessageId: first.messageId,
    attachment: [{ attachmentId, ...upload }],
  })) as { messageId: string };
  await capture('ListSecureMessages', { clientId: ANNA });
  await capture('ListSecureMessages', { clientId: ANNA, direction: 'BANK_TO_CLIENT', unreadOnly: true, page: { limit: 1 } }, 'ListSecureMessagesResponse-unread');
  await capture('GetSecureMessage', { clientId: ANNA, messageId: reply.messageId }, 'GetSecureMessageResponse-reply');
} finally {
  await mocks.stop();
}
