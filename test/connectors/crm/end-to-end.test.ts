/**
 * The whole path against the mock CRM over real HTTP: CrmClient → a minimal node-soap
 * caller → the mock, which validates every request against the schema (a request that
 * does not validate is answered SCHEMA_VIOLATION) → node-soap's parse → the mappings.
 * Covers what the read-through, the applications flow and the notifications flow use.
 */
import { expect } from 'chai';
import {
  applicationRecord,
  applicationRecordFromSummary,
  clientRecord,
  contactProfile,
  createApplicationFailure,
  CrmClient,
  crmFailure,
  isCrmNotFound,
} from '../../../connectors/crm/index.js';
import { startMocks, type RunningMocks } from '../../../mocks/index.js';
import { ACCOUNTS, ANNA, FAHAD, KENJI, LENA, SHARED_PHONE, SteppingClock, connectorDataset } from '../cards/dataset.js';
import { rejection, runMockFixture, SoapHttpCaller } from '../cards/soap-support.js';

describe('connectors/crm: end to end against the mock CRM', function () {
  this.timeout(60_000);
  let mocks: RunningMocks;
  let caller: SoapHttpCaller;
  let crm: CrmClient;

  before(async () => {
    mocks = await startMocks({ dataset: connectorDataset(), clock: new SteppingClock() });
    caller = await SoapHttpCaller.create('crm', mocks.mocks.crm.endpoint);
    crm = new CrmClient(caller);
  });

  after(async () => {
    await mocks?.stop();
  });

  it('reads a client into the record of the read-through and the notifications flow’s profile', async () => {
    const receivedAt = new Date();
    const client = await crm.getClient(KENJI);
    expect(clientRecord(client, receivedAt)).to.deep.equal({
      clientId: KENJI,
      name: { givenName: 'Kenji', familyName: 'Tanaka' },
      language: 'en',
      kycStatus: 'VERIFIED',
      contacts: { phone: SHARED_PHONE, email: 'cl-kenji@example.com', address: { line: ['1-2-3 Shibuya', 'Apt 405'], city: 'Tokyo', postalCode: '150-0002', country: 'JP' } },
      asOf: receivedAt,
    });
    await crm.updateConsents('e2e-consents-kenji', { clientId: KENJI, channel: 'MOBILE_APP', changes: [{ type: 'PUSH_NOTIFICATIONS', granted: true }] });
    const profile = contactProfile(client, await crm.getConsents(KENJI));
    expect(profile).to.include({ language: 'en', email: 'cl-kenji@example.com', phone: SHARED_PHONE });
    expect(profile.consents.PUSH_NOTIFICATIONS).to.equal(true);
    expect(profile.consents.DATA_SHARING).to.equal(false);
    expect(isCrmNotFound(await rejection(crm.getClient('CL-NOBODY')))).to.equal(true);
  });

  it('walks the pages of a search by phone', async () => {
    const first = await crm.searchClients({ criterion: { phone: SHARED_PHONE }, page: { limit: 1 } });
    expect(first.page.hasMore).to.equal(true);
    const second = await crm.searchClients({ criterion: { phone: SHARED_PHONE }, page: { limit: 1, cursor: first.page.nextCursor! } });
    expect([...first.clients, ...second.clients].map((client) => client.clientId)).to.deep.equal([FAHAD, KENJI]);
    expect(second.page).to.deep.equal({ hasMore: false });
  });

  it('updates contacts once per key; the SCA data keeps the verified values', async () => {
    const first = await crm.updateContacts('e2e-contacts-fahad', { clientId: FAHAD, phone: '+96550001234' });
    const repeated = await crm.updateContacts('e2e-contacts-fahad', { clientId: FAHAD, phone: '+96550001234' });
    expect(repeated).to.deep.equal(first);
    expect(first.contacts.phone).to.equal('+96550001234');
    expect((await crm.getScaData(FAHAD)).phone?.phone).to.equal(SHARED_PHONE);
  });

  it('creates an application once per application id, follows it, and lists it', async () => {
    const applicationId = 'e2e-application-0001';
    const offers = await crm.getProductOffers({ clientId: FAHAD, productType: 'LOAN' });
    expect(offers).to.have.length(1);
    expect(offers[0]!.amount?.currency).to.equal('KWD');
    const request = {
      clientId: FAHAD,
      productType: 'LOAN',
      offerId: offers[0]!.offerId,
      details: { loan: { amount: { minor: 1_250_500n, currency: 'KWD' }, termMonths: 24, purpose: 'EDUCATION', disbursementAccountId: ACCOUNTS.fahadKwd } },
      channel: 'WEB',
    } as const;
    const created = await crm.createApplication(applicationId, request);
    expect(created.status).to.equal('SUBMITTED');
    expect(caller.calls.at(-1)?.idempotencyKey).to.equal(applicationId);
    expect(await crm.createApplication(applicationId, request)).to.deep.equal(created);

    await runMockFixture(mocks.mocks.crm.url, 'advanceApplication', { applicationId: created.applicationId, status: 'IN_REVIEW' });
    await runMockFixture(mocks.mocks.crm.url, 'advanceApplication', { applicationId: created.applicationId, status: 'REJECTED', reason: 'Income too low for the amount' });
    const receivedAt = new Date();
    const state = await crm.getApplicationStatus({ clientId: FAHAD, applicationId: created.applicationId });
    expect(applicationRecord({ clientId: FAHAD, applicationId: created.applicationId }, state, receivedAt)).to.deep.equal({
      applicationId: created.applicationId,
      clientId: FAHAD,
      productType: 'LOAN',
      status: 'REJECTED',
      reason: 'Income too low for the amount',
      asOf: receivedAt,
    });
    expect(state.offerId).to.equal(offers[0]!.offerId);
    const listed = await crm.listApplications({ clientId: FAHAD, statuses: ['REJECTED'] });
    expect(listed.applications.map((summary) => applicationRecordFromSummary(FAHAD, summary, receivedAt))).to.deep.equal([
      { applicationId: created.applicationId, clientId: FAHAD, productType: 'LOAN', status: 'REJECTED', asOf: receivedAt },
    ]);
    expect(isCrmNotFound(await rejection(crm.getApplicationStatus({ clientId: ANNA, applicationId: created.applicationId })))).to.equal(true);
  });

  it('tells the applications flow which failures reject the application, which to retry and which are the hub’s', async () => {
    const kyc = await rejection(crm.createApplication('e2e-application-0002', { clientId: LENA, productType: 'LOAN', details: { loan: { amount: { minor: 100_000n, currency: 'EUR' }, termMonths: 12, purpose: 'CAR' } } }));
    expect(createApplicationFailure(kyc)).to.include({ code: 'KYC_REQUIRED', outcome: 'REJECTED', disposition: 'PERMANENT' });

    await crm.updateConsents('e2e-consents-anna', { clientId: ANNA, channel: 'WEB', changes: [{ type: 'CREDIT_BUREAU', granted: false }] });
    const consent = await rejection(crm.createApplication('e2e-application-0003', { clientId: ANNA, productType: 'LOAN', details: { loan: { amount: { minor: 100_000n, currency: 'EUR' }, termMonths: 12, purpose: 'CAR' } } }));
    expect(createApplicationFailure(consent)).to.include({ code: 'CONSENT_REQUIRED', outcome: 'REJECTED' });

    const offer = await rejection(crm.createApplication('e2e-application-0004', { clientId: KENJI, productType: 'DEPOSIT', offerId: 'OFR-NONE', details: { deposit: { amount: { minor: 500_000n, currency: 'JPY' }, termMonths: 12, sourceAccountId: ACCOUNTS.kenjiJpy } } }));
    expect(createApplicationFailure(offer)).to.include({ code: 'OFFER_NOT_FOUND', outcome: 'REJECTED' });

    const other = { clientId: KENJI, productType: 'OTHER', details: { other: { description: 'A safe deposit box' } } } as const;
    await crm.createApplication('e2e-application-0005', other);
    const conflict = await rejection(crm.createApplication('e2e-application-0005', { ...other, details: { other: { description: 'Two safe deposit boxes' } } }));
    expect(createApplicationFailure(conflict)).to.include({ code: 'IDEMPOTENCY_CONFLICT', outcome: 'FAILED', disposition: 'PERMANENT' });

    mocks.mocks.crm.faults.configure({ operations: { CreateApplication: { errorRate: 1, faultCode: 'SERVICE_UNAVAILABLE' } } });
    try {
      const unavailable = await rejection(crm.createApplication('e2e-application-0006', other));
      expect(createApplicationFailure(unavailable)).to.include({ code: 'SERVICE_UNAVAILABLE', outcome: 'RETRY_LATER', disposition: 'RETRY_LATER' });
    } finally {
      mocks.mocks.crm.faults.configure({});
    }
    // The same request, repeated with the same key once the CRM is back, is created once.
    const retried = await crm.createApplication('e2e-application-0006', other);
    expect(await crm.createApplication('e2e-application-0006', other)).to.deep.equal(retried);
  });

  it('reads, marks and answers a secure message', async () => {
    const sent = (await runMockFixture(mocks.mocks.crm.url, 'sendBankMessage', { clientId: KENJI, subject: 'Welcome', body: 'Welcome to the bank.\nYour adviser', senderName: 'Service team' })) as { messageId: string };
    const inbox = await crm.listSecureMessages({ clientId: KENJI, direction: 'BANK_TO_CLIENT', unreadOnly: true });
    expect(inbox.messages.map((message) => message.messageId)).to.deep.equal([sent.messageId]);
    expect(inbox.unreadCount).to.equal(1);
    const message = await crm.getSecureMessage({ clientId: KENJI, messageId: sent.messageId });
    expect(message).to.include({ body: 'Welcome to the bank.\nYour adviser', senderName: 'Service team', read: false });
    const readAt = await crm.markSecureMessageRead({ clientId: KENJI, messageId: sent.messageId });
    expect(await crm.markSecureMessageRead({ clientId: KENJI, messageId: sent.messageId })).to.deep.equal(readAt);
    expect((await crm.listSecureMessages({ clientId: KENJI })).unreadCount).to.equal(0);

    const upload = { name: 'passport scan.pdf', mediaType: 'application/pdf', size: 250_000 };
    const attachmentId = (await runMockFixture(mocks.mocks.crm.url, 'registerAttachment', { clientId: KENJI, ...upload })) as string;
    const reply = await crm.sendSecureMessage('e2e-message-kenji-1', { clientId: KENJI, subject: 'Re: Welcome', body: 'Thank you!', replyToMessageId: sent.messageId, attachments: [{ attachmentId, ...upload }] });
    expect(reply.threadId).to.equal(sent.messageId);
    const wrongSize = await rejection(crm.sendSecureMessage('e2e-message-kenji-2', { clientId: KENJI, subject: 'Again', body: 'x', attachments: [{ attachmentId, ...upload, size: 1 }] }));
    expect(crmFailure(wrongSize)).to.include({ code: 'INVALID_STATE', kind: 'REFUSED' });
    expect(isCrmNotFound(await rejection(crm.getSecureMessage({ clientId: ANNA, messageId: sent.messageId })))).to.equal(true);
  });
});
