/**
 * The pure side of the CRM connector: the client and application records of the
 * read-through, the contact profile of the notifications flow, answers that break the
 * contract (a coded BAD_RESPONSE naming the element) and requests the contract would
 * refuse (a coded error before anything is sent).
 */
import { expect } from 'chai';
import { InvalidRequestError, UnexpectedResponseError } from '../../../connectors/cards/index.js';
import {
  applicationRecord,
  applicationRecordFromSummary,
  clientRecord,
  consentsGranted,
  contactProfile,
  CrmClient,
} from '../../../connectors/crm/index.js';
import {
  createApplicationRequest,
  readGetApplicationStatusResponse,
  readGetClientResponse,
  readGetConsentsResponse,
  readGetProductOffersResponse,
  readGetSecureMessageResponse,
  readListApplicationsResponse,
  readListSecureMessagesResponse,
  searchClientsRequest,
  sendSecureMessageRequest,
  updateConsentsRequest,
  updateContactsRequest,
} from '../../../connectors/crm/mapping.js';
import type { ApplicationDetails, ClientSearchCriterion } from '../../../connectors/crm/index.js';
import { ANNA, KENJI, LENA } from '../cards/dataset.js';
import { FixtureCaller, parseFixture, rejection } from '../cards/soap-support.js';

const RECEIVED_AT = new Date('2026-11-24T13:00:00Z');
const KEY = 'key-00000001';

function badResponse(read: () => unknown): UnexpectedResponseError {
  try {
    read();
  } catch (error) {
    expect(error).to.be.instanceOf(UnexpectedResponseError);
    return error as UnexpectedResponseError;
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

describe('connectors/crm: mapping', () => {
  describe('the records of the read-through', () => {
    it('maps GetClient onto the client record: name, language, KYC status, contacts; asOf is when the answer arrived', async () => {
      const client = readGetClientResponse(await parseFixture('crm', 'GetClient'));
      expect(clientRecord(client, RECEIVED_AT)).to.deep.equal({
        clientId: ANNA,
        name: { givenName: 'Anna', middleName: 'Maria', familyName: 'Schmidt' },
        language: 'de',
        kycStatus: 'VERIFIED',
        contacts: { phone: '+4915112345678', email: 'cl-anna@example.com', address: { line: ['Hauptstrasse 5'], city: 'Berlin', postalCode: '10115', country: 'DE' } },
        asOf: RECEIVED_AT,
      });
    });

    it('maps GetApplicationStatus onto the application record with the ids of the request', async () => {
      const state = readGetApplicationStatusResponse(await parseFixture('crm', 'GetApplicationStatus'));
      expect(applicationRecord({ clientId: ANNA, applicationId: 'APP00000001' }, state, RECEIVED_AT)).to.deep.equal({
        applicationId: 'APP00000001',
        clientId: ANNA,
        productType: 'LOAN',
        status: 'DOCUMENTS_REQUIRED',
        reason: 'Please upload your last three salary statements',
        asOf: RECEIVED_AT,
      });
      const completed = readGetApplicationStatusResponse(await parseFixture('crm', 'GetApplicationStatus', 'GetApplicationStatusResponse-completed'));
      expect(applicationRecord({ clientId: KENJI, applicationId: 'APP00000002' }, completed, RECEIVED_AT)).to.deep.equal({
        applicationId: 'APP00000002',
        clientId: KENJI,
        productType: 'DEPOSIT',
        status: 'COMPLETED',
        productId: 'DEP-APP00000002',
        asOf: RECEIVED_AT,
      });
    });

    it('maps ListApplications onto application records, which carry no reason', async () => {
      const page = readListApplicationsResponse(await parseFixture('crm', 'ListApplications'));
      expect(page.applications.map((summary) => applicationRecordFromSummary(ANNA, summary, RECEIVED_AT))).to.deep.equal([
        { applicationId: 'APP00000003', clientId: ANNA, productType: 'OTHER', status: 'SUBMITTED', asOf: RECEIVED_AT },
        { applicationId: 'APP00000001', clientId: ANNA, productType: 'LOAN', status: 'DOCUMENTS_REQUIRED', asOf: RECEIVED_AT },
      ]);
    });
  });

  describe('the contact profile of the notifications flow', () => {
    it('joins the language and contacts of GetClient with the consents of GetConsents', async () => {
      const client = readGetClientResponse(await parseFixture('crm', 'GetClient'));
      const consents = readGetConsentsResponse(await parseFixture('crm', 'GetConsents'));
      expect(contactProfile(client, consents)).to.deep.equal({
        clientId: ANNA,
        language: 'de',
        name: { givenName: 'Anna', middleName: 'Maria', familyName: 'Schmidt' },
        status: 'ACTIVE',
        email: 'cl-anna@example.com',
        phone: '+4915112345678',
        address: { line: ['Hauptstrasse 5'], city: 'Berlin', postalCode: '10115', country: 'DE' },
        consents: { MARKETING_EMAIL: true, MARKETING_SMS: false, PUSH_NOTIFICATIONS: false, DATA_SHARING: false, CREDIT_BUREAU: true },
      });
    });

    it('counts a consent type missing from the answer as not granted', () => {
      expect(consentsGranted([{ type: 'PUSH_NOTIFICATIONS', granted: true }])).to.deep.equal({
        MARKETING_EMAIL: false,
        MARKETING_SMS: false,
        PUSH_NOTIFICATIONS: true,
        DATA_SHARING: false,
        CREDIT_BUREAU: false,
      });
    });

    it('leaves out the contacts a client has not got', async () => {
      const client = readGetClientResponse({ client: { ...((await parseFixture('crm', 'GetClient', 'GetClientResponse-lena')) as { client: Record<string, unknown> }).client, contacts: { email: 'lena@example.com' } } });
      const profile = contactProfile(client, []);
      expect(profile).to.include({ clientId: LENA, language: 'de-AT', email: 'lena@example.com' });
      expect(profile).to.not.have.any.keys('phone', 'address');
    });
  });

  describe('answers that break the contract', () => {
    it('names what is missing or mis-shaped', async () => {
      const client = ((await parseFixture('crm', 'GetClient')) as { client: Record<string, unknown> }).client;
      const withoutLanguage = { ...client };
      delete withoutLanguage.preferredLanguage;
      expect(badResponse(() => readGetClientResponse({ client: withoutLanguage })).field).to.equal('GetClientResponse/client/preferredLanguage');
      expect(badResponse(() => readGetClientResponse({ client: { ...client, segment: 'VIP' } })).field).to.equal('GetClientResponse/client/segment');
      expect(badResponse(() => readGetClientResponse({ client: { ...client, birthDate: '12.04.1985' } })).field).to.equal('GetClientResponse/client/birthDate');
      expect(badResponse(() => readGetConsentsResponse({ consent: [{ type: 'MARKETING_EMAIL', granted: 'yes' }] })).field).to.equal('GetConsentsResponse/consent[1]/granted');
      expect(badResponse(() => readListSecureMessagesResponse({ unreadCount: '1.5', page: { hasMore: false } })).field).to.equal('ListSecureMessagesResponse/unreadCount');
      expect(badResponse(() => readGetApplicationStatusResponse({ productType: 'LOAN', status: 'SUBMITTED', submittedAt: '2026-11-24T09:45:00Z' })).field).to.equal('GetApplicationStatusResponse/statusChange');
    });

    it('refuses offers whose money or rates are not the contract’s decimals', () => {
      const offer = { offerId: 'O', productType: 'LOAN', title: 'T', validUntil: '2026-11-30T23:59:59Z' };
      expect(badResponse(() => readGetProductOffersResponse({ offer: { ...offer, amount: { amount: '100.5', currency: 'JPY' } } })).message).to.contain('INVALID_MONEY');
      expect(badResponse(() => readGetProductOffersResponse({ offer: { ...offer, interestRate: '1e1' } })).field).to.equal('GetProductOffersResponse/offer[1]/interestRate');
      expect(badResponse(() => readGetProductOffersResponse({ offer: { ...offer, termMonths: 'twelve' } })).field).to.equal('GetProductOffersResponse/offer[1]/termMonths');
    });

    it('refuses an attachment without a size', () => {
      const message = { messageId: 'M', threadId: 'M', direction: 'BANK_TO_CLIENT', subject: 'S', body: 'B', sentAt: '2026-11-24T12:15:00Z', read: false };
      expect(badResponse(() => readGetSecureMessageResponse({ message: { ...message, attachment: { attachmentId: 'D', name: 'n', mediaType: 'text/plain' } } })).field).to.equal(
        'GetSecureMessageResponse/message/attachment[1]/size',
      );
      expect(badResponse(() => readGetSecureMessageResponse({ message: { ...message, attachment: { attachmentId: 'D', name: 'n', mediaType: 'text/plain', size: '0' } } })).field).to.equal(
        'GetSecureMessageResponse/message/attachment[1]/size',
      );
    });
  });

  describe('requests the contract would refuse', () => {
    it('SearchClients takes exactly one criterion', () => {
      expect(invalidRequest(() => searchClientsRequest({ criterion: { phone: '+4915112345678', clientNumber: '1000' } as unknown as ClientSearchCriterion })).field).to.equal('criterion');
      expect(invalidRequest(() => searchClientsRequest({ criterion: {} as ClientSearchCriterion })).field).to.equal('criterion');
    });

    it('UpdateContacts needs at least one part, UpdateConsents 1 to 50 changes of distinct types', () => {
      expect(invalidRequest(() => updateContactsRequest(KEY, { clientId: ANNA })).code).to.equal('SCHEMA_VIOLATION');
      expect(invalidRequest(() => updateContactsRequest(KEY, { clientId: ANNA, address: { line: [], city: 'Berlin', country: 'DE' } })).field).to.equal('address/line');
      expect(invalidRequest(() => updateConsentsRequest(KEY, { clientId: ANNA, channel: 'WEB', changes: [] })).field).to.equal('change');
      const twice = invalidRequest(() =>
        updateConsentsRequest(KEY, {
          clientId: ANNA,
          channel: 'WEB',
          changes: [
            { type: 'MARKETING_SMS', granted: true },
            { type: 'MARKETING_SMS', granted: false },
          ],
        }),
      );
      expect(twice.field).to.equal('change[2]/type');
    });

    it('CreateApplication takes exactly one kind of details, whole months from 1 to 600 and money its currency can hold', () => {
      const loan = { amount: { minor: 100_000n, currency: 'EUR' }, termMonths: 12, purpose: 'CAR' } as const;
      const request = (details: ApplicationDetails) => createApplicationRequest(KEY, { clientId: ANNA, productType: 'LOAN', details });
      expect(invalidRequest(() => request({ loan, other: { description: 'x' } } as unknown as ApplicationDetails)).field).to.equal('details');
      expect(invalidRequest(() => request({} as ApplicationDetails)).field).to.equal('details');
      expect(invalidRequest(() => request({ loan: { ...loan, termMonths: 0 } })).field).to.equal('details/loan/termMonths');
      expect(invalidRequest(() => request({ loan: { ...loan, termMonths: 601 } })).field).to.equal('details/loan/termMonths');
      const unknownCurrency = invalidRequest(() => request({ deposit: { amount: { minor: 1n, currency: 'JPX' }, termMonths: 12, sourceAccountId: 'A' } }));
      expect([unknownCurrency.code, unknownCurrency.field]).to.deep.equal(['UNKNOWN_CURRENCY', 'details/deposit/amount']);
    });

    it('SendSecureMessage takes at most ten attachments, each with a size', () => {
      const attachment = { attachmentId: 'D', name: 'a.pdf', mediaType: 'application/pdf', size: 10 };
      expect(invalidRequest(() => sendSecureMessageRequest(KEY, { clientId: ANNA, subject: 'S', body: 'B', attachments: Array(11).fill(attachment) })).field).to.equal('attachment');
      expect(invalidRequest(() => sendSecureMessageRequest(KEY, { clientId: ANNA, subject: 'S', body: 'B', attachments: [{ ...attachment, size: 0 }] })).field).to.equal('attachment[1]/size');
    });

    it('a keyed write with a key the contract refuses is not sent', async () => {
      const caller = await FixtureCaller.create('crm');
      try {
        const crm = new CrmClient(caller);
        const error = await rejection(crm.createApplication('app 1', { clientId: ANNA, productType: 'OTHER', details: { other: { description: 'x' } } }));
        expect([error.code, error.field]).to.deep.equal(['SCHEMA_VIOLATION', 'idempotencyKey']);
        expect(caller.calls).to.have.length(0);
      } finally {
        caller.dispose();
      }
    });
  });
});
