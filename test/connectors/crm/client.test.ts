/**
 * Every operation of the CRM client against the saved envelopes of the mock CRM: the
 * request is serialised by node-soap and validated against the schema (FixtureCaller), the
 * keyed writes carry their idempotency key in the call and the request, and each mapped
 * field of the answer is what the envelope says, money to the minor unit in EUR, JPY and
 * KWD.
 */
import { expect } from 'chai';
import { CrmClient } from '../../../connectors/crm/index.js';
import { ACCOUNTS, ANNA, FAHAD, KENJI, LENA, SHARED_PHONE } from '../cards/dataset.js';
import { FixtureCaller, PARSE_MODES } from '../cards/soap-support.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const at = (text: string) => new Date(text);

for (const mode of PARSE_MODES) describe(`connectors/crm: the client against saved CRM answers (${mode})`, () => {
  let caller: FixtureCaller;
  let crm: CrmClient;

  beforeEach(async () => {
    caller = await FixtureCaller.create('crm', mode);
    crm = new CrmClient(caller);
  });

  afterEach(() => caller.dispose());

  it('refuses a caller of another back office', async () => {
    const cardsCaller = await FixtureCaller.create('cards');
    try {
      expect(() => new CrmClient(cardsCaller)).to.throw(TypeError, /crm/);
    } finally {
      cardsCaller.dispose();
    }
  });

  describe('clients', () => {
    it('GetClient maps the master data, name with middle name, contacts and language; forwards traceparent and signal', async () => {
      const signal = new AbortController().signal;
      const client = await crm.getClient(ANNA, { traceparent: TRACEPARENT, signal });
      expect(caller.last.call).to.deep.equal({ operation: 'GetClient', request: { clientId: ANNA }, traceparent: TRACEPARENT, signal });
      expect(client).to.deep.equal({
        clientId: ANNA,
        clientNumber: '1000CLANNA',
        name: { givenName: 'Anna', middleName: 'Maria', familyName: 'Schmidt' },
        birthDate: '1985-04-12',
        segment: 'PREMIUM',
        contacts: { phone: '+4915112345678', email: 'cl-anna@example.com', address: { line: ['Hauptstrasse 5'], city: 'Berlin', postalCode: '10115', country: 'DE' } },
        preferredLanguage: 'de',
        kycStatus: 'VERIFIED',
        clientSince: '2015-01-01',
        status: 'ACTIVE',
      });
    });

    it('GetClient leaves out a middle name the client has not got, and keeps a regional language', async () => {
      caller.answers.set('GetClient', 'GetClientResponse-lena');
      const client = await crm.getClient(LENA);
      expect(client.name).to.deep.equal({ givenName: 'Lena', familyName: 'Wolf' });
      expect(client).to.include({ preferredLanguage: 'de-AT', kycStatus: 'PENDING' });
    });

    it('SearchClients sends exactly one criterion and the page, and maps the page of clients', async () => {
      const page = await crm.searchClients({ criterion: { phone: SHARED_PHONE }, page: { limit: 1 } });
      expect(caller.last.call.request).to.deep.equal({ criterion: { phone: SHARED_PHONE }, page: { limit: 1 } });
      expect(page.clients.map((client) => client.clientId)).to.deep.equal([FAHAD]);
      expect(page.clients[0]!.contacts.address).to.deep.equal({ line: ['Block 3, Street 12'], city: 'Kuwait City', postalCode: '13001', country: 'KW' });
      expect(page.page).to.deep.equal({ hasMore: true, nextCursor: 'eyJsaXN0IjoiY2xpZW50cyIsImFmdGVyIjpbIkNMLUZBSEFEIl19' });

      caller.answers.set('SearchClients', 'SearchClientsResponse-empty');
      expect(await crm.searchClients({ criterion: { clientNumber: '9999' } })).to.deep.equal({ clients: [], page: { hasMore: false } });
      expect(caller.last.call.request).to.deep.equal({ criterion: { clientNumber: '9999' } });
    });

    it('UpdateContacts is keyed, sends only the parts that change, and maps the contacts after the update', async () => {
      const address = { line: ['Lindenallee 7', 'Hinterhaus'], city: 'Potsdam', postalCode: '14467', country: 'DE' };
      const update = await crm.updateContacts('contacts-anna-0001', { clientId: ANNA, email: 'anna.schmidt@example.org', address });
      const { call } = caller.last;
      expect(call.idempotencyKey).to.equal('contacts-anna-0001');
      expect(call.request).to.deep.equal({ idempotencyKey: 'contacts-anna-0001', clientId: ANNA, email: 'anna.schmidt@example.org', address });
      expect(update).to.deep.equal({ contacts: { phone: '+4915112345678', email: 'anna.schmidt@example.org', address }, updatedAt: at('2026-11-24T09:35:00Z') });
    });

    it('GetScaData maps the verified channels', async () => {
      const sca = await crm.getScaData(ANNA);
      expect(caller.last.call.request).to.deep.equal({ clientId: ANNA });
      expect(sca).to.deep.equal({
        phone: { phone: '+4915112345678', verifiedAt: at('2015-01-01T10:00:00Z') },
        email: { email: 'cl-anna@example.com', verifiedAt: at('2015-01-01T10:00:00Z') },
      });
    });

    it('GetKycStatus maps the missing documents of a pending client and the validity of a verified one', async () => {
      expect(await crm.getKycStatus(LENA)).to.deep.equal({
        status: 'PENDING',
        level: 'NONE',
        missingDocuments: [
          { documentType: 'PROOF_OF_ADDRESS', requiredBy: '2026-12-24' },
          { documentType: 'SELFIE', requiredBy: '2026-12-24' },
        ],
      });
      caller.answers.set('GetKycStatus', 'GetKycStatusResponse-verified');
      expect(await crm.getKycStatus(ANNA)).to.deep.equal({ status: 'VERIFIED', level: 'STANDARD', verifiedAt: at('2025-01-01T10:00:00Z'), validUntil: '2029-12-31', missingDocuments: [] });
    });
  });

  describe('consents', () => {
    it('GetConsents maps one decision per type; a type never decided has no timestamps', async () => {
      const consents = await crm.getConsents(ANNA);
      expect(consents.map((consent) => consent.type)).to.deep.equal(['MARKETING_EMAIL', 'MARKETING_SMS', 'PUSH_NOTIFICATIONS', 'DATA_SHARING', 'CREDIT_BUREAU']);
      expect(consents[0]).to.deep.equal({ type: 'MARKETING_EMAIL', granted: true, grantedAt: at('2015-01-01T10:00:00Z'), channel: 'BRANCH' });
      expect(consents[1]).to.deep.equal({ type: 'MARKETING_SMS', granted: false });
    });

    it('UpdateConsents is keyed, sends the channel and the changes, and maps all consents after the update', async () => {
      const consents = await crm.updateConsents('consents-anna-0001', {
        clientId: ANNA,
        channel: 'MOBILE_APP',
        changes: [
          { type: 'MARKETING_SMS', granted: true },
          { type: 'PUSH_NOTIFICATIONS', granted: false },
        ],
      });
      const { call, envelope } = caller.last;
      expect(call.idempotencyKey).to.equal('consents-anna-0001');
      expect(call.request).to.deep.equal({
        idempotencyKey: 'consents-anna-0001',
        clientId: ANNA,
        channel: 'MOBILE_APP',
        change: [
          { type: 'MARKETING_SMS', granted: true },
          { type: 'PUSH_NOTIFICATIONS', granted: false },
        ],
      });
      expect(envelope).to.match(/<(\w+:)?granted[^>]*>false<\/(\w+:)?granted>/);
      expect(consents[1]).to.deep.equal({ type: 'MARKETING_SMS', granted: true, grantedAt: at('2026-11-24T09:40:00Z'), channel: 'MOBILE_APP' });
      expect(consents[2]).to.deep.equal({ type: 'PUSH_NOTIFICATIONS', granted: false, withdrawnAt: at('2026-11-24T09:40:00Z'), channel: 'MOBILE_APP' });
    });
  });

  describe('offers and applications', () => {
    it('GetProductOffers maps JPY offers without decimals, rates as decimal strings, absent parts absent', async () => {
      const offers = await crm.getProductOffers({ clientId: KENJI });
      expect(caller.last.call.request).to.deep.equal({ clientId: KENJI });
      expect(offers.map((offer) => offer.productType)).to.deep.equal(['LOAN', 'DEPOSIT', 'SAVINGS_ACCOUNT', 'CREDIT_CARD']);
      expect(offers[0]).to.deep.equal({
        offerId: 'OFR-202611-d7ce1060-LOAN',
        productType: 'LOAN',
        title: 'Pre-approved personal loan',
        amount: { minor: 9_000_000n, currency: 'JPY' },
        interestRate: '8.9',
        effectiveRate: '9.27',
        termMonths: 84,
        validUntil: at('2026-11-30T23:59:59Z'),
      });
      expect(offers[2]).to.deep.equal({ offerId: 'OFR-202611-d7ce1060-SAV', productType: 'SAVINGS_ACCOUNT', title: 'Savings account with bonus interest', interestRate: '2.75', validUntil: at('2026-11-30T23:59:59Z') });
      expect(offers[3]!.creditLimit).to.deep.equal({ minor: 3_000_000n, currency: 'JPY' });
    });

    it('GetProductOffers maps KWD with three decimals, filters by product type, and reads no offer as none', async () => {
      caller.answers.set('GetProductOffers', 'GetProductOffersResponse-kwd');
      const offers = await crm.getProductOffers({ clientId: FAHAD });
      expect(offers.map((offer) => offer.amount ?? offer.creditLimit)).to.deep.equal([
        { minor: 5_000_000n, currency: 'KWD' },
        { minor: 1_000_000n, currency: 'KWD' },
        { minor: 4_000_000n, currency: 'KWD' },
      ]);
      caller.answers.set('GetProductOffers', 'GetProductOffersResponse-empty');
      expect(await crm.getProductOffers({ clientId: LENA, productType: 'LOAN' })).to.deep.equal([]);
      expect(caller.last.call.request).to.deep.equal({ clientId: LENA, productType: 'LOAN' });
    });

    it('CreateApplication is keyed with the application id and sends a loan in schema order', async () => {
      const created = await crm.createApplication('application-anna-0001', {
        clientId: ANNA,
        productType: 'LOAN',
        offerId: 'OFR-202611-1-LOAN',
        details: { loan: { amount: { minor: 750_000n, currency: 'EUR' }, termMonths: 36, purpose: 'OTHER', purposeDescription: 'A used car', disbursementAccountId: ACCOUNTS.annaEur } },
        channel: 'MOBILE_APP',
      });
      const { call } = caller.last;
      expect(call.idempotencyKey).to.equal('application-anna-0001');
      expect(Object.keys(call.request)).to.deep.equal(['idempotencyKey', 'clientId', 'productType', 'offerId', 'details', 'channel']);
      expect(call.request.details).to.deep.equal({
        loan: { amount: { amount: '7500.00', currency: 'EUR' }, termMonths: 36, purpose: 'OTHER', purposeDescription: 'A used car', disbursementAccountId: ACCOUNTS.annaEur },
      });
      expect(created).to.deep.equal({ applicationId: 'APP00000001', status: 'SUBMITTED', submittedAt: at('2026-11-24T09:45:00Z') });
    });

    it('CreateApplication sends a JPY deposit, a KWD credit card order and a free-text application, each valid', async () => {
      await crm.createApplication('application-kenji-0001', {
        clientId: KENJI,
        productType: 'DEPOSIT',
        details: { deposit: { amount: { minor: 500_000n, currency: 'JPY' }, termMonths: 12, sourceAccountId: ACCOUNTS.kenjiJpy, rolloverAtMaturity: true } },
      });
      expect(caller.last.call.request.details).to.deep.equal({ deposit: { amount: { amount: '500000', currency: 'JPY' }, termMonths: 12, sourceAccountId: ACCOUNTS.kenjiJpy, rolloverAtMaturity: true } });

      await crm.createApplication('application-fahad-0001', {
        clientId: FAHAD,
        productType: 'CREDIT_CARD',
        details: {
          cardOrder: {
            cardProductCode: 'CREDIT_CLASSIC',
            requestedCreditLimit: { minor: 750_500n, currency: 'KWD' },
            formFactor: 'PHYSICAL',
            embossedName: 'FAHAD AL-SABAH',
            deliveryMethod: 'COURIER',
            deliveryAddress: { line: ['Block 3, Street 12'], city: 'Kuwait City', country: 'KW' },
          },
        },
        channel: 'WEB',
      });
      const cardOrder = (caller.last.call.request.details as { cardOrder: Record<string, unknown> }).cardOrder;
      expect(Object.keys(cardOrder)).to.deep.equal(['cardProductCode', 'requestedCreditLimit', 'formFactor', 'embossedName', 'deliveryMethod', 'deliveryAddress']);
      expect(cardOrder.requestedCreditLimit).to.deep.equal({ amount: '750.500', currency: 'KWD' });

      await crm.createApplication('application-anna-0002', { clientId: ANNA, productType: 'DEBIT_CARD', details: { cardOrder: { accountId: ACCOUNTS.annaEur, formFactor: 'PHYSICAL', deliveryMethod: 'BRANCH_PICKUP', branchId: 'BR-DE-007' } } });
      await crm.createApplication('application-anna-0003', { clientId: ANNA, productType: 'OTHER', details: { other: { description: 'A safe deposit box' } } });
      expect(caller.last.call.request).to.deep.equal({ idempotencyKey: 'application-anna-0003', clientId: ANNA, productType: 'OTHER', details: { other: { description: 'A safe deposit box' } } });
    });

    it('GetApplicationStatus maps the status, its reason and the whole history', async () => {
      const state = await crm.getApplicationStatus({ clientId: ANNA, applicationId: 'APP00000001' });
      expect(caller.last.call.request).to.deep.equal({ clientId: ANNA, applicationId: 'APP00000001' });
      const reason = 'Please upload your last three salary statements';
      expect(state).to.deep.equal({
        productType: 'LOAN',
        status: 'DOCUMENTS_REQUIRED',
        reason,
        submittedAt: at('2026-11-24T09:45:00Z'),
        history: [
          { status: 'SUBMITTED', changedAt: at('2026-11-24T09:45:00Z') },
          { status: 'IN_REVIEW', changedAt: at('2026-11-24T10:15:00Z') },
          { status: 'DOCUMENTS_REQUIRED', changedAt: at('2026-11-24T10:45:00Z'), reason },
        ],
      });
      caller.answers.set('GetApplicationStatus', 'GetApplicationStatusResponse-completed');
      const completed = await crm.getApplicationStatus({ clientId: KENJI, applicationId: 'APP00000002' });
      expect(completed).to.include({ status: 'COMPLETED', productId: 'DEP-APP00000002' });
      expect(completed).to.not.have.any.keys('reason', 'offerId');
      expect(completed.history.map((change) => change.status)).to.deep.equal(['SUBMITTED', 'IN_REVIEW', 'APPROVED', 'COMPLETED']);
    });

    it('ListApplications sends the status filter and page, and maps the summaries', async () => {
      const page = await crm.listApplications({ clientId: ANNA });
      expect(caller.last.call.request).to.deep.equal({ clientId: ANNA });
      expect(page.applications).to.deep.equal([
        { applicationId: 'APP00000003', productType: 'OTHER', status: 'SUBMITTED', submittedAt: at('2026-11-24T12:15:00Z'), updatedAt: at('2026-11-24T12:15:00Z') },
        { applicationId: 'APP00000001', productType: 'LOAN', status: 'DOCUMENTS_REQUIRED', submittedAt: at('2026-11-24T09:45:00Z'), updatedAt: at('2026-11-24T10:45:00Z') },
      ]);
      expect(page.page).to.deep.equal({ hasMore: false });
      caller.answers.set('ListApplications', 'ListApplicationsResponse-completed');
      const completed = await crm.listApplications({ clientId: KENJI, statuses: ['COMPLETED', 'APPROVED'], page: { limit: 5 } });
      expect(caller.last.call.request).to.deep.equal({ clientId: KENJI, status: ['COMPLETED', 'APPROVED'], page: { limit: 5 } });
      expect(completed.applications[0]).to.include({ applicationId: 'APP00000002', productId: 'DEP-APP00000002' });
    });
  });

  describe('secure messages', () => {
    it('ListSecureMessages sends the filters in schema order and maps summaries, read flags and the unread count', async () => {
      const page = await crm.listSecureMessages({ clientId: ANNA, threadId: 'MSG00000001', direction: 'BANK_TO_CLIENT', unreadOnly: true, page: { cursor: 'c1', limit: 20 } });
      expect(Object.keys(caller.last.call.request)).to.deep.equal(['clientId', 'threadId', 'direction', 'unreadOnly', 'page']);
      expect(page.unreadCount).to.equal(1);
      expect(page.messages).to.have.length(3);
      expect(page.messages[0]).to.deep.equal({
        messageId: 'MSG00000003',
        threadId: 'MSG00000001',
        direction: 'CLIENT_TO_BANK',
        subject: 'Re: Your statement for October',
        sentAt: at('2026-11-24T12:45:00Z'),
        read: false,
        attachmentCount: 1,
      });
      expect(page.messages[2]).to.include({ read: true, attachmentCount: 2 });
      expect(page.messages[2]!.readAt).to.deep.equal(at('2026-11-24T12:35:00Z'));
    });

    it('GetSecureMessage keeps the line breaks of the body and maps the attachment references', async () => {
      const message = await crm.getSecureMessage({ clientId: ANNA, messageId: 'MSG00000001' });
      expect(caller.last.call.request).to.deep.equal({ clientId: ANNA, messageId: 'MSG00000001' });
      expect(message).to.deep.equal({
        messageId: 'MSG00000001',
        threadId: 'MSG00000001',
        direction: 'BANK_TO_CLIENT',
        senderName: 'Your adviser Maria Keller',
        subject: 'Your statement for October',
        body: 'Dear Ms Schmidt,\nplease find your statement attached.\nKind regards',
        sentAt: at('2026-11-24T12:15:00Z'),
        read: false,
        attachments: [
          { attachmentId: 'DOC00000001', name: 'statement-2026-10.pdf', mediaType: 'application/pdf', size: 48213 },
          { attachmentId: 'DOC00000002', name: 'fees & charges.txt', mediaType: 'text/plain', size: 812 },
        ],
      });
      caller.answers.set('GetSecureMessage', 'GetSecureMessageResponse-reply');
      const reply = await crm.getSecureMessage({ clientId: ANNA, messageId: 'MSG00000003' });
      expect(reply).to.include({ direction: 'CLIENT_TO_BANK', replyToMessageId: 'MSG00000001' });
      expect(reply).to.not.have.any.keys('senderName', 'readAt');
      expect(reply.attachments).to.have.length(1);
    });

    it('SendSecureMessage is keyed and sends the reply with its attachment reference', async () => {
      const attachment = { attachmentId: 'DOC00000003', name: 'salary-2026-10.pdf', mediaType: 'application/pdf', size: 102400 };
      const sent = await crm.sendSecureMessage('message-anna-0001', {
        clientId: ANNA,
        subject: 'Re: Your statement for October',
        body: 'Thank you.\nMy salary statement is attached.',
        replyToMessageId: 'MSG00000001',
        attachments: [attachment],
      });
      const { call } = caller.last;
      expect(call.idempotencyKey).to.equal('message-anna-0001');
      expect(call.request).to.deep.equal({
        idempotencyKey: 'message-anna-0001',
        clientId: ANNA,
        subject: 'Re: Your statement for October',
        body: 'Thank you.\nMy salary statement is attached.',
        replyToMessageId: 'MSG00000001',
        attachment: [attachment],
      });
      expect(sent).to.deep.equal({ messageId: 'MSG00000003', threadId: 'MSG00000001', sentAt: at('2026-11-24T12:45:00Z') });
      await crm.sendSecureMessage('message-anna-0002', { clientId: ANNA, subject: 'A question', body: 'Hello' });
      expect(caller.last.call.request).to.deep.equal({ idempotencyKey: 'message-anna-0002', clientId: ANNA, subject: 'A question', body: 'Hello' });
    });

    it('MarkSecureMessageRead answers when the message was first read, and carries no key', async () => {
      expect(await crm.markSecureMessageRead({ clientId: ANNA, messageId: 'MSG00000001' })).to.deep.equal(at('2026-11-24T12:35:00Z'));
      expect(caller.last.call).to.deep.equal({ operation: 'MarkSecureMessageRead', request: { clientId: ANNA, messageId: 'MSG00000001' } });
    });
  });
});
