import { expect } from 'chai';
import { findContract } from '../../common/contracts/catalog.js';
import { createPayloadValidator } from '../../common/contracts/validator.js';
import { loadWsdlModel } from '../../common/contracts/wsdl-model.js';
import { parseAmount, formatAmount } from '../../common/money.js';
import type { EncodableObject, PlainObject, PlainValue } from '../../common/soap/codec.js';
import { createContractCodec } from '../../common/soap/contract-codec.js';
import { buildEnvelope, parseEnvelope } from '../../common/soap/envelope.js';
import { createCrmMock, type CrmMock } from '../../mocks/crm/index.js';
import type { ApplicationStatus } from '../../mocks/crm/model.js';
import { RecordingSink } from '../../mocks/push/types.js';
import type { Dataset } from '../../mocks/seed/dataset.js';
import type { FixtureSet } from '../../mocks/server/admin.js';
import { ContractFault, type Clock } from '../../mocks/server/types.js';

const START = '2026-11-24T09:30:00Z';

class SteppingClock implements Clock {
  private current: number;
  constructor(start: string) {
    this.current = Date.parse(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(instant: string): void {
    this.current = Date.parse(instant);
  }
}

const HOUR = 3_600_000;
const SHARED_PHONE = '+4915112345678';

const DATASET: Dataset = {
  seed: 7,
  clients: [
    {
      clientId: 'client-0001',
      clientNumber: '100000001',
      locale: 'de',
      language: 'de',
      givenName: 'Anna',
      familyName: 'Schmidt',
      birthDate: '1985-06-02',
      segment: 'RETAIL',
      phone: SHARED_PHONE,
      email: 'anna.schmidt@example.de',
      address: { line: ['Hauptstraße 5', '2. OG'], city: 'Berlin', postalCode: '10115', country: 'DE' },
      kycStatus: 'VERIFIED',
      since: '2019-03-15',
    },
    {
      clientId: 'client-0002',
      clientNumber: '100000002',
      locale: 'en',
      language: 'en',
      givenName: 'Oliver',
      middleName: 'James',
      familyName: 'Brown',
      birthDate: '1992-11-30',
      segment: 'PREMIUM',
      phone: '+447700900123',
      email: 'oliver.brown@example.co.uk',
      address: { line: ['10 Downing Lane'], city: 'London', postalCode: 'SW1A 2AA', country: 'GB' },
      kycStatus: 'PENDING',
      since: '2024-01-10',
    },
    {
      clientId: 'client-0003',
      clientNumber: '100000003',
      locale: 'ru',
      language: 'ru',
      givenName: 'Ирина',
      middleName: 'Сергеевна',
      familyName: 'Иванова',
      birthDate: '1970-02-14',
      segment: 'PRIVATE',
      phone: SHARED_PHONE,
      email: 'irina@example.ru',
      address: { line: ['ул. Тверская, 1'], city: 'Москва', postalCode: '125009', country: 'RU' },
      kycStatus: 'VERIFIED',
      since: '2010-07-01',
    },
  ],
  accounts: [
    { accountId: 'acc-1-eur', clientId: 'client-0001', iban: 'DE89370400440532013000', currency: 'EUR', type: 'CURRENT', productCode: 'GIRO', productName: 'Girokonto', openingDate: '2019-03-15', creditLine: 0n },
    { accountId: 'acc-1-usd', clientId: 'client-0001', iban: 'DE02120300000000202051', currency: 'USD', type: 'SAVINGS', productCode: 'USDSAV', productName: 'USD savings', openingDate: '2020-01-01', creditLine: 0n },
    { accountId: 'acc-2-gbp', clientId: 'client-0002', iban: 'GB29NWBK60161331926819', currency: 'GBP', type: 'CURRENT', productCode: 'CURR', productName: 'Current account', openingDate: '2024-01-10', creditLine: 0n },
    { accountId: 'acc-3-eur', clientId: 'client-0003', iban: 'DE75512108001245126199', currency: 'EUR', type: 'CURRENT', productCode: 'PB', productName: 'Private banking', openingDate: '2010-07-01', creditLine: 0n },
  ],
  entries: [],
  cards: [],
  loans: [],
  deposits: [],
};

const asObject = (value: PlainValue | undefined): PlainObject => {
  expect(value, 'expected a structure').to.be.an('object').and.not.be.an('array');
  return value as PlainObject;
};
const asList = (value: PlainValue | undefined): PlainObject[] => (value === undefined ? [] : (value as PlainObject[]));

describe('mock crm', () => {
  const contract = findContract('crm')!;
  const codec = createContractCodec(contract);
  const validator = createPayloadValidator(contract);
  const operations = new Map(loadWsdlModel(contract).operations.map((operation) => [operation.name, operation]));
  const cacheControl = findContract('cache-control')!;
  const eventCodec = createContractCodec(cacheControl);
  const eventValidator = createPayloadValidator(cacheControl);

  after(() => {
    validator.dispose();
    eventValidator.dispose();
  });

  let clock: SteppingClock;
  let sink: RecordingSink;
  let mock: CrmMock;

  beforeEach(() => {
    clock = new SteppingClock(START);
    sink = new RecordingSink();
    mock = createCrmMock({ dataset: DATASET, sink, clock });
  });

  /** The request as the endpoint hands it over: encoded, schema-checked and decoded again. */
  function decodedRequest(operation: string, request: EncodableObject): PlainObject {
    const xml = codec.encode(operations.get(operation)!.input, request);
    expect(validator.validateDocument(xml), `${operation} request of the test`).to.deep.equal({ valid: true });
    return codec.decode(parseEnvelope(buildEnvelope('1.1', xml)).payload);
  }

  /**
   * Calls a handler and checks its answer against the contract: a response must encode to a
   * schema-valid document (returned decoded, as a client sees it), a fault must carry a code
   * the operation documents.
   */
  async function callDecoded(operation: string, request: PlainObject): Promise<PlainObject> {
    const model = operations.get(operation)!;
    let response: EncodableObject;
    try {
      response = await mock.handlers[operation]!(request, { operation, soapVersion: '1.1', requestId: 'test-request' });
    } catch (error) {
      if (error instanceof ContractFault) expect(model.faultCodes, `${operation} does not document ${error.code}`).to.include(error.code);
      throw error;
    }
    const xml = codec.encode(model.output, response);
    expect(validator.validateDocument(xml), `${operation} response`).to.deep.equal({ valid: true });
    return codec.decode(parseEnvelope(buildEnvelope('1.1', xml)).payload);
  }

  const call = (operation: string, request: EncodableObject): Promise<PlainObject> => callDecoded(operation, decodedRequest(operation, request));

  async function expectFault(pending: Promise<unknown> | (() => unknown), code: string, field?: string): Promise<ContractFault> {
    try {
      await (typeof pending === 'function' ? pending() : pending);
    } catch (error) {
      expect(error, String(error)).to.be.instanceOf(ContractFault);
      const fault = error as ContractFault;
      expect(fault.code, fault.message).to.equal(code);
      if (field !== undefined) expect(fault.options.field).to.equal(field);
      return fault;
    }
    return expect.fail(`expected the fault ${code}`);
  }

  const noticesOf = (type: string): PlainObject[] =>
    sink.notices.filter((notice) => type in notice.payload).map((notice) => (notice.payload as Record<string, PlainObject>)[type]!);

  const offersOf = async (clientId: string, productType?: string): Promise<PlainObject[]> =>
    asList((await call('GetProductOffers', { clientId, ...(productType ? { productType } : {}) })).offer);

  let keys = 0;
  const newKey = (): string => `key-${String(++keys).padStart(6, '0')}`;

  const loanApplication = (clientId: string, amount: string, extra: Partial<Record<'offerId' | 'termMonths', string>> = {}): EncodableObject => ({
    idempotencyKey: newKey(),
    clientId,
    productType: 'LOAN',
    ...(extra.offerId ? { offerId: extra.offerId } : {}),
    details: { loan: { amount: { amount, currency: 'EUR' }, termMonths: extra.termMonths ?? '36', purpose: 'CAR' } },
    channel: 'MOBILE_APP',
  });

  const otherApplication = (clientId: string, productType = 'SAVINGS_ACCOUNT'): EncodableObject => ({
    idempotencyKey: newKey(),
    clientId,
    productType,
    details: { other: { description: 'A savings account in EUR, please.' } },
  });

  describe('the contract', () => {
    it('has a handler for every operation and nothing else', () => {
      expect(Object.keys(mock.handlers).sort()).to.deep.equal([...operations.keys()].sort());
      expect(operations.size).to.equal(15);
    });

    it('answers a realistic request of every operation with a schema-valid response', async () => {
      const applicationId = String((await call('CreateApplication', loanApplication('client-0001', '1000'))).applicationId);
      const bankMessage = mock.fixtures.sendBankMessage({ clientId: 'client-0001', subject: 'Your statement', body: 'Please find your statement attached.', attachments: [{ name: 'statement-2026-10.pdf', mediaType: 'application/pdf', size: 48213 }] });
      const attachmentId = mock.fixtures.registerAttachment({ clientId: 'client-0001', name: 'payslip.pdf', mediaType: 'application/pdf', size: 20480 });
      const requests: Readonly<Record<string, () => EncodableObject>> = {
        GetClient: () => ({ clientId: 'client-0001' }),
        SearchClients: () => ({ criterion: { phone: SHARED_PHONE }, page: { limit: 10 } }),
        UpdateContacts: () => ({ idempotencyKey: newKey(), clientId: 'client-0001', email: 'anna@example.org', address: { line: ['Neue Straße 1'], city: 'Hamburg', postalCode: '20095', country: 'DE' } }),
        GetScaData: () => ({ clientId: 'client-0001' }),
        GetKycStatus: () => ({ clientId: 'client-0002' }),
        GetConsents: () => ({ clientId: 'client-0001' }),
        UpdateConsents: () => ({ idempotencyKey: newKey(), clientId: 'client-0001', channel: 'WEB', change: [{ type: 'MARKETING_SMS', granted: true }, { type: 'DATA_SHARING', granted: false }] }),
        GetProductOffers: () => ({ clientId: 'client-0001' }),
        CreateApplication: () => ({
          idempotencyKey: newKey(),
          clientId: 'client-0001',
          productType: 'DEBIT_CARD',
          details: { cardOrder: { accountId: 'acc-1-eur', formFactor: 'PHYSICAL', embossedName: 'ANNA SCHMIDT', deliveryMethod: 'POST', deliveryAddress: { line: ['Hauptstraße 5'], city: 'Berlin', country: 'DE' } } },
          channel: 'WEB',
        }),
        GetApplicationStatus: () => ({ clientId: 'client-0001', applicationId }),
        ListApplications: () => ({ clientId: 'client-0001', status: ['SUBMITTED', 'IN_REVIEW'], page: { limit: 5 } }),
        ListSecureMessages: () => ({ clientId: 'client-0001', direction: 'BANK_TO_CLIENT', unreadOnly: true }),
        GetSecureMessage: () => ({ clientId: 'client-0001', messageId: String(bankMessage.messageId) }),
        SendSecureMessage: () => ({
          idempotencyKey: newKey(),
          clientId: 'client-0001',
          subject: 'My payslip',
          body: 'Hello,\nhere is my payslip.',
          replyToMessageId: String(bankMessage.messageId),
          attachment: [{ attachmentId, name: 'payslip.pdf', mediaType: 'application/pdf', size: 20480 }],
        }),
        MarkSecureMessageRead: () => ({ clientId: 'client-0001', messageId: String(bankMessage.messageId) }),
      };
      for (const operation of operations.keys()) {
        expect(requests, `a request for ${operation}`).to.have.property(operation);
        await call(operation, requests[operation]!());
      }
    });

    it('pushes only schema-valid CacheControl events of the CRM (ClientDataChanged, ApplicationStatusChanged)', async () => {
      await call('UpdateContacts', { idempotencyKey: newKey(), clientId: 'client-0001', phone: '+4915199999999' });
      mock.fixtures.setKycStatus({ clientId: 'client-0002', status: 'VERIFIED' });
      mock.fixtures.createClient({ givenName: 'Lena', familyName: 'Weber', address: { line: ['Ring 2'], city: 'Köln', country: 'DE' } });
      mock.fixtures.updateClientData({ clientId: 'client-0003', language: 'en' });
      const { applicationId } = await call('CreateApplication', loanApplication('client-0001', '2000'));
      mock.fixtures.advanceApplication({ applicationId: String(applicationId), status: 'IN_REVIEW' });
      mock.fixtures.advanceApplication({ applicationId: String(applicationId), status: 'REJECTED', reason: 'Income too low for the amount' });
      expect(sink.notices).to.have.length(7);
      sink.notices.forEach((notice, index) => {
        const [type] = Object.keys(notice.payload);
        expect(type).to.be.oneOf(['clientDataChanged', 'applicationStatusChanged']);
        expect(notice.aggregateType).to.equal(type === 'clientDataChanged' ? 'CLIENT' : 'APPLICATION');
        const payload = (notice.payload as Record<string, EncodableObject>)[type!]!;
        expect(payload[type === 'clientDataChanged' ? 'clientId' : 'applicationId']).to.equal(notice.aggregateId);
        const xml = eventCodec.encode('{urn:dbp:cachecontrol:v1}PublishEvents', {
          event: [{ eventId: `event-${index}`, sourceSystem: 'CRM', aggregate: { aggregateType: notice.aggregateType, aggregateId: notice.aggregateId }, sequence: 1, occurredAt: notice.occurredAt.toISOString(), schemaVersion: '1.0', ...notice.payload }],
        });
        expect(eventValidator.validateDocument(xml), `event ${index}`).to.deep.equal({ valid: true });
      });
    });

    it('offers its fixtures in the shape the admin API runs them', () => {
      const fixtures: FixtureSet = mock.fixtures;
      expect(Object.keys(fixtures)).to.include.members(['createClient', 'setKycStatus', 'verifyContact', 'advanceApplication', 'registerAttachment', 'sendBankMessage']);
      for (const run of Object.values(fixtures)) expect(run).to.have.length(1);
    });
  });

  describe('clients and contacts', () => {
    it('returns the seeded master data, and CLIENT_NOT_FOUND for an unknown client', async () => {
      const client = asObject((await call('GetClient', { clientId: 'client-0002' })).client);
      expect(client).to.deep.equal({
        clientId: 'client-0002',
        clientNumber: '100000002',
        name: { givenName: 'Oliver', middleName: 'James', familyName: 'Brown' },
        birthDate: '1992-11-30',
        segment: 'PREMIUM',
        contacts: { phone: '+447700900123', email: 'oliver.brown@example.co.uk', address: { line: ['10 Downing Lane'], city: 'London', postalCode: 'SW1A 2AA', country: 'GB' } },
        preferredLanguage: 'en',
        kycStatus: 'PENDING',
        clientSince: '2024-01-10',
        status: 'ACTIVE',
      });
      await expectFault(call('GetClient', { clientId: 'client-9999' }), 'CLIENT_NOT_FOUND', 'clientId');
    });

    it('searches by exactly one criterion, in ascending clientId order and pages, with an empty result for no match', async () => {
      const byNumber = await call('SearchClients', { criterion: { clientNumber: '100000003' } });
      expect(asList(byNumber.client).map((client) => client.clientId)).to.deep.equal(['client-0003']);
      expect(byNumber.page).to.deep.equal({ hasMore: 'false' });

      const none = await call('SearchClients', { criterion: { clientNumber: 'NOPE0000' } });
      expect(none).to.deep.equal({ page: { hasMore: 'false' } });

      const byPhone = await call('SearchClients', { criterion: { phone: SHARED_PHONE } });
      expect(asList(byPhone.client).map((client) => client.clientId)).to.deep.equal(['client-0001', 'client-0003']);

      const first = await call('SearchClients', { criterion: { phone: SHARED_PHONE }, page: { limit: 1 } });
      expect(asList(first.client).map((client) => client.clientId)).to.deep.equal(['client-0001']);
      const firstPage = asObject(first.page);
      expect(firstPage.hasMore).to.equal('true');
      const second = await call('SearchClients', { criterion: { phone: SHARED_PHONE }, page: { cursor: String(firstPage.nextCursor), limit: 1 } });
      expect(asList(second.client).map((client) => client.clientId)).to.deep.equal(['client-0003']);
      expect(second.page).to.deep.equal({ hasMore: 'false' });

      await expectFault(call('SearchClients', { criterion: { phone: SHARED_PHONE }, page: { cursor: 'not-a-cursor!' } }), 'INVALID_CURSOR');
      await expectFault(callDecoded('SearchClients', { criterion: { clientNumber: '100000001', phone: SHARED_PHONE } }), 'SCHEMA_VIOLATION');
    });

    it('updates contacts partially, replaces an address whole and answers the complete contacts', async () => {
      const response = await call('UpdateContacts', { idempotencyKey: newKey(), clientId: 'client-0001', address: { line: ['Alexanderplatz 1'], city: 'Berlin', country: 'DE' } });
      const expected = { phone: SHARED_PHONE, email: 'anna.schmidt@example.de', address: { line: ['Alexanderplatz 1'], city: 'Berlin', country: 'DE' } };
      expect(response).to.deep.equal({ contacts: expected, updatedAt: START });
      expect(asObject((await call('GetClient', { clientId: 'client-0001' })).client).contacts).to.deep.equal(expected);

      const phoneOnly = await call('UpdateContacts', { idempotencyKey: newKey(), clientId: 'client-0001', phone: '+4917600000001' });
      expect(phoneOnly.contacts).to.deep.equal({ ...expected, phone: '+4917600000001' });

      // Each event carries only the contacts, and those complete.
      expect(noticesOf('clientDataChanged')).to.deep.equal([
        { clientId: 'client-0001', contacts: expected },
        { clientId: 'client-0001', contacts: { ...expected, phone: '+4917600000001' } },
      ]);
    });

    it('refuses an update without contacts (SCHEMA_VIOLATION) and for a CLOSED client (INVALID_STATE), but serves a BLOCKED one', async () => {
      await expectFault(call('UpdateContacts', { idempotencyKey: newKey(), clientId: 'client-0001' }), 'SCHEMA_VIOLATION');
      mock.fixtures.setClientStatus({ clientId: 'client-0002', status: 'BLOCKED' });
      await call('UpdateContacts', { idempotencyKey: newKey(), clientId: 'client-0002', email: 'o.brown@example.co.uk' });
      mock.fixtures.setClientStatus({ clientId: 'client-0002', status: 'CLOSED' });
      await expectFault(call('UpdateContacts', { idempotencyKey: newKey(), clientId: 'client-0002', email: 'other@example.co.uk' }), 'INVALID_STATE');
      expect(asObject((await call('GetClient', { clientId: 'client-0002' })).client).status).to.equal('CLOSED');
      expect(() => mock.fixtures.setClientStatus({ clientId: 'client-0002', status: 'ACTIVE' })).to.throw(ContractFault, 'cannot be reopened');
      expect(noticesOf('clientDataChanged')).to.have.length(1);
    });

    it('repeats a keyed update without applying it again, and refuses the key with other content', async () => {
      const key = newKey();
      const request = { idempotencyKey: key, clientId: 'client-0001', email: 'first@example.de' };
      const first = await call('UpdateContacts', request);
      clock.advance(HOUR);
      await call('UpdateContacts', { idempotencyKey: newKey(), clientId: 'client-0001', email: 'second@example.de' });
      const repeat = await call('UpdateContacts', request);
      expect(repeat).to.deep.equal(first);
      expect(asObject(asObject((await call('GetClient', { clientId: 'client-0001' })).client).contacts).email).to.equal('second@example.de');
      await expectFault(call('UpdateContacts', { ...request, email: 'third@example.de' }), 'IDEMPOTENCY_CONFLICT', 'idempotencyKey');
      expect(noticesOf('clientDataChanged')).to.have.length(2);
    });

    it('keeps the verified SCA channels until the bank verifies the changed ones', async () => {
      const seeded = { scaPhone: { phone: SHARED_PHONE, verifiedAt: '2019-03-15T10:00:00Z' }, scaEmail: { email: 'anna.schmidt@example.de', verifiedAt: '2019-03-15T10:00:00Z' } };
      expect(await call('GetScaData', { clientId: 'client-0001' })).to.deep.equal(seeded);

      await call('UpdateContacts', { idempotencyKey: newKey(), clientId: 'client-0001', phone: '+4917612345678', email: 'anna.new@example.de' });
      expect(await call('GetScaData', { clientId: 'client-0001' })).to.deep.equal(seeded);
      // The old number is still the verified SCA phone, the new one the contact phone: both find the client.
      for (const phone of [SHARED_PHONE, '+4917612345678']) {
        expect(asList((await call('SearchClients', { criterion: { phone } })).client).map((client) => client.clientId)).to.include('client-0001');
      }

      clock.advance(2 * HOUR);
      expect(mock.fixtures.verifyContact({ clientId: 'client-0001', channel: 'phone' })).to.deep.equal({ phone: '+4917612345678', verifiedAt: '2026-11-24T11:30:00Z' });
      expect(await call('GetScaData', { clientId: 'client-0001' })).to.deep.equal({ ...seeded, scaPhone: { phone: '+4917612345678', verifiedAt: '2026-11-24T11:30:00Z' } });
      expect(asList((await call('SearchClients', { criterion: { phone: SHARED_PHONE } })).client).map((client) => client.clientId)).to.deep.equal(['client-0003']);

      clock.advance(HOUR);
      mock.fixtures.verifyContact({ clientId: 'client-0001', channel: 'email' });
      expect(asObject((await call('GetScaData', { clientId: 'client-0001' })).scaEmail)).to.deep.equal({ email: 'anna.new@example.de', verifiedAt: '2026-11-24T12:30:00Z' });
      await expectFault(call('GetScaData', { clientId: 'client-0404' }), 'CLIENT_NOT_FOUND');
    });

    it('onboards a client through the fixture and pushes the full client data', async () => {
      const clientId = mock.fixtures.createClient({ givenName: 'Lena', familyName: 'Weber', language: 'de-AT', segment: 'PREMIUM', phone: '+436641234567', address: { line: ['Ring 2'], city: 'Wien', postalCode: '1010', country: 'AT' } });
      const client = asObject((await call('GetClient', { clientId })).client);
      expect(client).to.include({ clientId, segment: 'PREMIUM', preferredLanguage: 'de-AT', kycStatus: 'VERIFIED', status: 'ACTIVE', clientSince: '2026-11-24' });
      expect(noticesOf('clientDataChanged')).to.deep.equal([
        {
          clientId,
          name: { givenName: 'Lena', familyName: 'Weber' },
          contacts: client.contacts as EncodableObject,
          language: 'de-AT',
          kycStatus: 'VERIFIED',
        },
      ]);
      expect(asList((await call('SearchClients', { criterion: { clientNumber: String(client.clientNumber) } })).client)).to.have.length(1);
      expect(() => mock.fixtures.createClient({ clientId })).to.throw(ContractFault, 'already exists');
      expect(() => mock.fixtures.createClient({ phone: '0176 1234' })).to.throw(ContractFault, 'phone');
      expect(() => mock.fixtures.createClient({ colour: 'red' } as never)).to.throw(ContractFault, 'colour');
      expect(sink.notices).to.have.length(1);
    });

    it('pushes a name or language correction with only the parts that changed', () => {
      mock.fixtures.updateClientData({ clientId: 'client-0003', name: { givenName: 'Ирина', middleName: 'Сергеевна', familyName: 'Иванова' }, language: 'en' });
      mock.fixtures.updateClientData({ clientId: 'client-0003', name: { givenName: 'Irina', familyName: 'Ivanova' } });
      expect(noticesOf('clientDataChanged')).to.deep.equal([
        { clientId: 'client-0003', language: 'en' },
        { clientId: 'client-0003', name: { givenName: 'Irina', familyName: 'Ivanova' } },
      ]);
    });
  });

  describe('KYC', () => {
    it('reports a verified client with level, last identification, validity and nothing missing', async () => {
      expect(await call('GetKycStatus', { clientId: 'client-0001' })).to.deep.equal({ status: 'VERIFIED', level: 'STANDARD', verifiedAt: '2024-03-15T10:00:00Z', validUntil: '2029-03-14' });
      expect(await call('GetKycStatus', { clientId: 'client-0003' })).to.deep.equal({ status: 'VERIFIED', level: 'ENHANCED', verifiedAt: '2025-07-01T10:00:00Z', validUntil: '2030-06-30' });
    });

    it('derives the missing documents from the status', async () => {
      expect(await call('GetKycStatus', { clientId: 'client-0002' })).to.deep.equal({
        status: 'PENDING',
        level: 'NONE',
        missingDocument: [
          { documentType: 'PROOF_OF_ADDRESS', requiredBy: '2026-12-24' },
          { documentType: 'SELFIE', requiredBy: '2026-12-24' },
        ],
      });
      clock.set('2027-01-05T08:00:00Z');
      mock.fixtures.setKycStatus({ clientId: 'client-0001', status: 'EXPIRED' });
      expect(await call('GetKycStatus', { clientId: 'client-0001' })).to.deep.equal({
        status: 'EXPIRED',
        level: 'STANDARD',
        verifiedAt: '2024-03-15T10:00:00Z',
        validUntil: '2027-01-04',
        missingDocument: [{ documentType: 'IDENTITY_DOCUMENT', requiredBy: '2027-02-04' }],
      });
    });

    it('applies a KYC decision, pushes the new status only, and reflects it in GetClient', async () => {
      clock.advance(HOUR);
      const report = mock.fixtures.setKycStatus({ clientId: 'client-0002', status: 'VERIFIED' });
      expect(report).to.deep.equal({ status: 'VERIFIED', level: 'STANDARD', verifiedAt: '2026-11-24T10:30:00Z', validUntil: '2031-11-23' });
      expect(await call('GetKycStatus', { clientId: 'client-0002' })).to.deep.equal(report);
      expect(asObject((await call('GetClient', { clientId: 'client-0002' })).client).kycStatus).to.equal('VERIFIED');
      mock.fixtures.setKycStatus({ clientId: 'client-0002', status: 'VERIFIED' });
      expect(noticesOf('clientDataChanged')).to.deep.equal([{ clientId: 'client-0002', kycStatus: 'VERIFIED' }]);
    });
  });

  describe('consents', () => {
    it('lists every consent type in declaration order; undecided types without timestamps', async () => {
      const consents = asList((await call('GetConsents', { clientId: 'client-0002' })).consent);
      expect(consents.map((consent) => consent.type)).to.deep.equal(['MARKETING_EMAIL', 'MARKETING_SMS', 'PUSH_NOTIFICATIONS', 'DATA_SHARING', 'CREDIT_BUREAU']);
      expect(consents[4]).to.deep.equal({ type: 'CREDIT_BUREAU', granted: 'true', grantedAt: '2024-01-10T10:00:00Z', channel: 'BRANCH' });
      expect(consents.slice(1, 4)).to.deep.equal([
        { type: 'MARKETING_SMS', granted: 'false' },
        { type: 'PUSH_NOTIFICATIONS', granted: 'false' },
        { type: 'DATA_SHARING', granted: 'false' },
      ]);
    });

    it('records decisions with time and channel, keeps the other types and unchanged decisions', async () => {
      clock.advance(HOUR);
      const after = asList(
        (await call('UpdateConsents', { idempotencyKey: newKey(), clientId: 'client-0002', channel: 'MOBILE_APP', change: [{ type: 'PUSH_NOTIFICATIONS', granted: true }, { type: 'CREDIT_BUREAU', granted: false }] }))
          .consent,
      );
      expect(after[2]).to.deep.equal({ type: 'PUSH_NOTIFICATIONS', granted: 'true', grantedAt: '2026-11-24T10:30:00Z', channel: 'MOBILE_APP' });
      expect(after[4]).to.deep.equal({ type: 'CREDIT_BUREAU', granted: 'false', grantedAt: '2024-01-10T10:00:00Z', withdrawnAt: '2026-11-24T10:30:00Z', channel: 'MOBILE_APP' });
      expect(after[1]).to.deep.equal({ type: 'MARKETING_SMS', granted: 'false' });

      clock.advance(HOUR);
      const again = asList(
        (await call('UpdateConsents', { idempotencyKey: newKey(), clientId: 'client-0002', channel: 'WEB', change: [{ type: 'PUSH_NOTIFICATIONS', granted: true }, { type: 'DATA_SHARING', granted: false }] })).consent,
      );
      // Recording the state a type already has changes nothing; a first refusal is a decision.
      expect(again[2]).to.deep.equal(after[2]);
      expect(again[3]).to.deep.equal({ type: 'DATA_SHARING', granted: 'false', withdrawnAt: '2026-11-24T11:30:00Z', channel: 'WEB' });
      expect(asList((await call('GetConsents', { clientId: 'client-0002' })).consent)).to.deep.equal(again);

      clock.advance(HOUR);
      const regranted = asList((await call('UpdateConsents', { idempotencyKey: newKey(), clientId: 'client-0002', channel: 'BRANCH', change: [{ type: 'CREDIT_BUREAU', granted: true }] })).consent);
      expect(regranted[4]).to.deep.equal({ type: 'CREDIT_BUREAU', granted: 'true', grantedAt: '2026-11-24T12:30:00Z', withdrawnAt: '2026-11-24T10:30:00Z', channel: 'BRANCH' });
    });

    it('applies all changes or none: a listed-twice type or a grant by a CLOSED client changes nothing', async () => {
      const before = await call('GetConsents', { clientId: 'client-0001' });
      await expectFault(
        callDecoded('UpdateConsents', { idempotencyKey: newKey(), clientId: 'client-0001', channel: 'WEB', change: [{ type: 'MARKETING_SMS', granted: 'true' }, { type: 'MARKETING_SMS', granted: 'false' }] }),
        'SCHEMA_VIOLATION',
        'change[2]/type',
      );
      mock.fixtures.setClientStatus({ clientId: 'client-0001', status: 'CLOSED' });
      await expectFault(
        call('UpdateConsents', { idempotencyKey: newKey(), clientId: 'client-0001', channel: 'WEB', change: [{ type: 'CREDIT_BUREAU', granted: false }, { type: 'MARKETING_SMS', granted: true }] }),
        'INVALID_STATE',
      );
      expect(await call('GetConsents', { clientId: 'client-0001' })).to.deep.equal(before);
      // A withdrawal is accepted whatever the status.
      const withdrawn = asList((await call('UpdateConsents', { idempotencyKey: newKey(), clientId: 'client-0001', channel: 'WEB', change: [{ type: 'CREDIT_BUREAU', granted: false }] })).consent);
      expect(withdrawn[4]).to.include({ granted: 'false', withdrawnAt: START });
    });

    it('repeats a keyed consent update with its first result', async () => {
      const request = { idempotencyKey: newKey(), clientId: 'client-0002', channel: 'WEB', change: [{ type: 'MARKETING_SMS', granted: true }] };
      const first = await call('UpdateConsents', request);
      clock.advance(HOUR);
      await call('UpdateConsents', { idempotencyKey: newKey(), clientId: 'client-0002', channel: 'WEB', change: [{ type: 'MARKETING_SMS', granted: false }] });
      expect(await call('UpdateConsents', request)).to.deep.equal(first);
      expect(asList((await call('GetConsents', { clientId: 'client-0002' })).consent)[1]).to.include({ granted: 'false' });
      await expectFault(call('UpdateConsents', { ...request, channel: 'BRANCH' }), 'IDEMPOTENCY_CONFLICT');
    });
  });

  describe('product offers', () => {
    it('are deterministic per client, in the client language, valid until the end of the month', async () => {
      const offers = await offersOf('client-0001');
      expect(offers.map((offer) => offer.productType).sort()).to.deep.equal(['CREDIT_CARD', 'DEPOSIT', 'LOAN']);
      const loan = offers.find((offer) => offer.productType === 'LOAN')!;
      expect(loan).to.include({ title: 'Vorab genehmigter Privatkredit', validUntil: '2026-11-30T23:59:59Z', termMonths: '60' });
      expect(asObject(loan.amount).currency).to.equal('EUR');
      expect(String(loan.offerId)).to.match(/^OFR-202611-[0-9a-f]{8}-LOAN$/);

      const again = createCrmMock({ dataset: DATASET, sink: new RecordingSink(), clock });
      const decoded = await callDecoded('GetProductOffers', decodedRequest('GetProductOffers', { clientId: 'client-0001' }));
      const fromOther = codec.encode(operations.get('GetProductOffers')!.output, await again.handlers.GetProductOffers!(decodedRequest('GetProductOffers', { clientId: 'client-0001' }), { operation: 'GetProductOffers', soapVersion: '1.1', requestId: 'x' }));
      expect(codec.decode(parseEnvelope(buildEnvelope('1.1', fromOther)).payload)).to.deep.equal(decoded);

      const otherClient = await offersOf('client-0003');
      const ownIds = offers.map((offer) => offer.offerId);
      expect(otherClient.filter((offer) => ownIds.includes(offer.offerId))).to.deep.equal([]);
      expect(otherClient.find((offer) => offer.productType === 'DEPOSIT')!.title).to.equal('Срочный вклад по льготной ставке');
    });

    it('filter by product type, and vanish for a client who is not ACTIVE', async () => {
      expect((await offersOf('client-0001', 'DEPOSIT')).map((offer) => offer.productType)).to.deep.equal(['DEPOSIT']);
      expect(await offersOf('client-0001', 'DEBIT_CARD')).to.deep.equal([]);
      mock.fixtures.setClientStatus({ clientId: 'client-0001', status: 'BLOCKED' });
      expect(await call('GetProductOffers', { clientId: 'client-0001' })).to.deep.equal({});
      await expectFault(call('GetProductOffers', { clientId: 'client-0404' }), 'CLIENT_NOT_FOUND');
    });

    it('are used up by an application and expire after their month (OFFER_NOT_FOUND)', async () => {
      const [loan] = await offersOf('client-0001', 'LOAN');
      await call('CreateApplication', loanApplication('client-0001', '1000', { offerId: String(loan!.offerId) }));
      expect(await offersOf('client-0001', 'LOAN')).to.deep.equal([]);
      await expectFault(call('CreateApplication', loanApplication('client-0001', '1000', { offerId: String(loan!.offerId) })), 'OFFER_NOT_FOUND', 'offerId');

      const [deposit] = await offersOf('client-0001', 'DEPOSIT');
      clock.set('2026-12-01T00:00:00Z');
      const deposit2 = (await offersOf('client-0001', 'DEPOSIT'))[0]!;
      expect(deposit2.offerId).to.not.equal(deposit!.offerId);
      expect(deposit2.validUntil).to.equal('2026-12-31T23:59:59Z');
      const depositRequest = {
        idempotencyKey: newKey(),
        clientId: 'client-0001',
        productType: 'DEPOSIT',
        offerId: String(deposit!.offerId),
        details: { deposit: { amount: asObject(deposit!.amount) as EncodableObject, termMonths: String(deposit!.termMonths), sourceAccountId: 'acc-1-eur' } },
      };
      await expectFault(call('CreateApplication', depositRequest), 'OFFER_NOT_FOUND');
    });
  });

  describe('applications', () => {
    it('creates an application on an offer, pushes SUBMITTED and reports it', async () => {
      clock.advance(HOUR);
      const [loan] = await offersOf('client-0001', 'LOAN');
      const created = await call('CreateApplication', loanApplication('client-0001', '2500.50', { offerId: String(loan!.offerId), termMonths: '48' }));
      expect(created).to.deep.equal({ applicationId: created.applicationId, status: 'SUBMITTED', submittedAt: '2026-11-24T10:30:00Z' });
      expect(await call('GetApplicationStatus', { clientId: 'client-0001', applicationId: String(created.applicationId) })).to.deep.equal({
        productType: 'LOAN',
        status: 'SUBMITTED',
        submittedAt: '2026-11-24T10:30:00Z',
        offerId: loan!.offerId,
        statusChange: [{ status: 'SUBMITTED', changedAt: '2026-11-24T10:30:00Z' }],
      });
      expect(noticesOf('applicationStatusChanged')).to.deep.equal([{ applicationId: created.applicationId, clientId: 'client-0001', productType: 'LOAN', status: 'SUBMITTED' }]);
      await expectFault(call('GetApplicationStatus', { clientId: 'client-0003', applicationId: String(created.applicationId) }), 'APPLICATION_NOT_FOUND', 'applicationId');
      await expectFault(call('GetApplicationStatus', { clientId: 'client-0001', applicationId: 'APP99999999' }), 'APPLICATION_NOT_FOUND');
    });

    it('refuses details that do not fit the product type or break a details rule (SCHEMA_VIOLATION naming the element)', async () => {
      const card = (productType: string, cardOrder: EncodableObject): EncodableObject => ({ idempotencyKey: newKey(), clientId: 'client-0001', productType, details: { cardOrder } });
      await expectFault(call('CreateApplication', { ...loanApplication('client-0001', '1000'), productType: 'DEPOSIT' }), 'SCHEMA_VIOLATION', 'details/loan');
      await expectFault(call('CreateApplication', card('LOAN', { formFactor: 'VIRTUAL' })), 'SCHEMA_VIOLATION', 'details/cardOrder');
      await expectFault(call('CreateApplication', card('DEBIT_CARD', { formFactor: 'VIRTUAL' })), 'SCHEMA_VIOLATION', 'details/cardOrder/accountId');
      await expectFault(call('CreateApplication', card('CREDIT_CARD', { accountId: 'acc-1-eur', formFactor: 'VIRTUAL' })), 'SCHEMA_VIOLATION', 'details/cardOrder/accountId');
      await expectFault(call('CreateApplication', card('DEBIT_CARD', { accountId: 'acc-1-eur', requestedCreditLimit: { amount: '500', currency: 'EUR' }, formFactor: 'VIRTUAL' })), 'SCHEMA_VIOLATION', 'details/cardOrder/requestedCreditLimit');
      await expectFault(call('CreateApplication', card('DEBIT_CARD', { accountId: 'acc-1-eur', formFactor: 'PHYSICAL' })), 'SCHEMA_VIOLATION', 'details/cardOrder/deliveryMethod');
      await expectFault(call('CreateApplication', card('DEBIT_CARD', { accountId: 'acc-1-eur', formFactor: 'VIRTUAL', deliveryMethod: 'POST' })), 'SCHEMA_VIOLATION', 'details/cardOrder/deliveryMethod');
      await expectFault(call('CreateApplication', card('DEBIT_CARD', { accountId: 'acc-1-eur', formFactor: 'PHYSICAL', deliveryMethod: 'BRANCH_PICKUP' })), 'SCHEMA_VIOLATION', 'details/cardOrder/branchId');
      await expectFault(call('CreateApplication', card('DEBIT_CARD', { accountId: 'acc-1-eur', formFactor: 'PHYSICAL', deliveryMethod: 'COURIER', branchId: 'BR-01' })), 'SCHEMA_VIOLATION', 'details/cardOrder/branchId');
      await expectFault(
        call('CreateApplication', card('DEBIT_CARD', { accountId: 'acc-1-eur', formFactor: 'PHYSICAL', deliveryMethod: 'BRANCH_PICKUP', deliveryAddress: { line: ['x'], city: 'Berlin', country: 'DE' }, branchId: 'BR-01' })),
        'SCHEMA_VIOLATION',
        'details/cardOrder/deliveryAddress',
      );
      const otherPurpose = loanApplication('client-0001', '1000');
      await expectFault(call('CreateApplication', { ...otherPurpose, details: { loan: { amount: { amount: '1000', currency: 'EUR' }, termMonths: '12', purpose: 'OTHER' } } }), 'SCHEMA_VIOLATION', 'details/loan/purposeDescription');
      await call('CreateApplication', card('DEBIT_CARD', { accountId: 'acc-1-eur', formFactor: 'PHYSICAL', deliveryMethod: 'BRANCH_PICKUP', branchId: 'BR-01' }));
      await call('CreateApplication', card('CREDIT_CARD', { requestedCreditLimit: { amount: '1500', currency: 'EUR' }, formFactor: 'VIRTUAL' }));
    });

    it('checks the client, KYC, consent, offer, accounts, currencies, money and limits before storing anything', async () => {
      const deposit = (clientId: string, amount: string, currency: string, sourceAccountId: string, termMonths = '12'): EncodableObject => ({
        idempotencyKey: newKey(),
        clientId,
        productType: 'DEPOSIT',
        details: { deposit: { amount: { amount, currency }, termMonths, sourceAccountId, rolloverAtMaturity: true } },
      });
      await expectFault(call('CreateApplication', otherApplication('client-0002')), 'KYC_REQUIRED');
      mock.fixtures.setKycStatus({ clientId: 'client-0002', status: 'VERIFIED', level: 'SIMPLIFIED' });
      await call('CreateApplication', otherApplication('client-0002'));
      // A simplified due diligence does not cover credit products.
      await expectFault(call('CreateApplication', { ...loanApplication('client-0002', '1000') }), 'KYC_REQUIRED');

      await call('UpdateConsents', { idempotencyKey: newKey(), clientId: 'client-0001', channel: 'WEB', change: [{ type: 'CREDIT_BUREAU', granted: false }] });
      await expectFault(call('CreateApplication', loanApplication('client-0001', '1000')), 'CONSENT_REQUIRED');
      await call('CreateApplication', deposit('client-0001', '5000', 'EUR', 'acc-1-eur'));

      const [ownDeposit] = await offersOf('client-0001', 'DEPOSIT');
      const [foreignDeposit] = await offersOf('client-0003', 'DEPOSIT');
      const [creditCard] = await offersOf('client-0001', 'CREDIT_CARD');
      for (const offerId of [String(foreignDeposit!.offerId), String(creditCard!.offerId), 'OFR-000000-00000000-DEP']) {
        await expectFault(call('CreateApplication', { ...deposit('client-0001', '50000', 'EUR', 'acc-1-eur'), offerId }), 'OFFER_NOT_FOUND', 'offerId');
      }
      const offerMinimum = parseAmount(String(asObject(ownDeposit!.amount).amount), 'EUR');
      const belowMinimum = formatAmount({ minor: offerMinimum.minor - 1n, currency: 'EUR' });
      await expectFault(call('CreateApplication', { ...deposit('client-0001', belowMinimum, 'EUR', 'acc-1-eur'), offerId: String(ownDeposit!.offerId) }), 'LIMIT_EXCEEDED', 'details/deposit/amount');
      await expectFault(
        call('CreateApplication', { ...deposit('client-0001', formatAmount(offerMinimum), 'EUR', 'acc-1-eur', String(Number(ownDeposit!.termMonths) + 1)), offerId: String(ownDeposit!.offerId) }),
        'LIMIT_EXCEEDED',
        'details/deposit/termMonths',
      );

      await expectFault(call('CreateApplication', deposit('client-0001', '5000', 'EUR', 'acc-3-eur')), 'ACCOUNT_NOT_FOUND', 'details/deposit/sourceAccountId');
      await expectFault(call('CreateApplication', deposit('client-0001', '5000', 'EUR', 'acc-1-usd')), 'CURRENCY_MISMATCH', 'details/deposit/amount');
      await expectFault(call('CreateApplication', deposit('client-0001', '5000.005', 'EUR', 'acc-1-eur')), 'INVALID_MONEY', 'details/deposit/amount');
      await expectFault(call('CreateApplication', deposit('client-0001', '5000', 'ABC', 'acc-1-eur')), 'UNKNOWN_CURRENCY', 'details/deposit/amount');
      await expectFault(call('CreateApplication', deposit('client-0001', '5', 'EUR', 'acc-1-eur')), 'LIMIT_EXCEEDED', 'details/deposit/amount');
      await expectFault(call('CreateApplication', deposit('client-0001', '5000', 'EUR', 'acc-1-eur', '600')), 'LIMIT_EXCEEDED', 'details/deposit/termMonths');

      const [loanOffer] = await offersOf('client-0003', 'LOAN');
      expect(loanOffer, 'a PRIVATE client gets no loan offer').to.equal(undefined);
      const [loan] = await offersOf('client-0001', 'LOAN');
      await call('UpdateConsents', { idempotencyKey: newKey(), clientId: 'client-0001', channel: 'WEB', change: [{ type: 'CREDIT_BUREAU', granted: true }] });
      const offered = parseAmount(String(asObject(loan!.amount).amount), 'EUR');
      await expectFault(call('CreateApplication', loanApplication('client-0001', formatAmount({ minor: offered.minor + 1n, currency: 'EUR' }), { offerId: String(loan!.offerId) })), 'LIMIT_EXCEEDED', 'details/loan/amount');
      await expectFault(call('CreateApplication', loanApplication('client-0001', '1000', { offerId: String(loan!.offerId), termMonths: '72' })), 'LIMIT_EXCEEDED', 'details/loan/termMonths');
      const [card] = await offersOf('client-0001', 'CREDIT_CARD');
      const cardLimit = parseAmount(String(asObject(card!.creditLimit).amount), 'EUR');
      await expectFault(
        call('CreateApplication', {
          idempotencyKey: newKey(),
          clientId: 'client-0001',
          productType: 'CREDIT_CARD',
          offerId: String(card!.offerId),
          details: { cardOrder: { requestedCreditLimit: { amount: formatAmount({ minor: cardLimit.minor + 100n, currency: 'EUR' }), currency: 'EUR' }, formFactor: 'VIRTUAL' } },
        }),
        'LIMIT_EXCEEDED',
        'details/cardOrder/requestedCreditLimit',
      );
      await expectFault(
        call('CreateApplication', { ...loanApplication('client-0001', '1000'), details: { loan: { amount: { amount: '1000', currency: 'EUR' }, termMonths: '24', purpose: 'CAR', disbursementAccountId: 'acc-1-usd' } } }),
        'CURRENCY_MISMATCH',
        'details/loan/disbursementAccountId',
      );

      mock.fixtures.setClientStatus({ clientId: 'client-0003', status: 'BLOCKED' });
      await expectFault(call('CreateApplication', otherApplication('client-0003')), 'INVALID_STATE');
      await expectFault(call('CreateApplication', otherApplication('client-0404')), 'CLIENT_NOT_FOUND');

      // Only the two accepted applications exist, each announced once.
      expect(asList((await call('ListApplications', { clientId: 'client-0001' })).application)).to.have.length(1);
      expect(asList((await call('ListApplications', { clientId: 'client-0002' })).application)).to.have.length(1);
      expect(asList((await call('ListApplications', { clientId: 'client-0003' })).application)).to.have.length(0);
      expect(noticesOf('applicationStatusChanged')).to.have.length(2);
    });

    it('repeats a keyed application with the first result and refuses the key with other content', async () => {
      const request = loanApplication('client-0001', '3000');
      const first = await call('CreateApplication', request);
      clock.advance(HOUR);
      expect(await call('CreateApplication', request)).to.deep.equal(first);
      await expectFault(call('CreateApplication', { ...request, channel: 'WEB' }), 'IDEMPOTENCY_CONFLICT');
      expect(asList((await call('ListApplications', { clientId: 'client-0001' })).application)).to.have.length(1);
      expect(noticesOf('applicationStatusChanged')).to.have.length(1);
    });

    it('moves through the lifecycle with history, reasons, the opened product and one event per step', async () => {
      const { applicationId } = await call('CreateApplication', loanApplication('client-0001', '4000'));
      const id = String(applicationId);
      const steps: [ApplicationStatus, string?][] = [['IN_REVIEW'], ['DOCUMENTS_REQUIRED', 'Please upload your last three payslips'], ['IN_REVIEW'], ['APPROVED']];
      for (const [status, reason] of steps) {
        clock.advance(HOUR);
        mock.fixtures.advanceApplication({ applicationId: id, status, ...(reason ? { reason } : {}) });
      }
      await expectFault(() => mock.fixtures.advanceApplication({ applicationId: id, status: 'IN_REVIEW' }), 'INVALID_STATE', 'status');
      clock.advance(HOUR);
      mock.fixtures.advanceApplication({ applicationId: id, status: 'COMPLETED', productId: 'loan-77' });

      const status = await call('GetApplicationStatus', { clientId: 'client-0001', applicationId: id });
      expect(status).to.deep.equal({
        productType: 'LOAN',
        status: 'COMPLETED',
        submittedAt: START,
        productId: 'loan-77',
        statusChange: [
          { status: 'SUBMITTED', changedAt: START },
          { status: 'IN_REVIEW', changedAt: '2026-11-24T10:30:00Z' },
          { status: 'DOCUMENTS_REQUIRED', changedAt: '2026-11-24T11:30:00Z', reason: 'Please upload your last three payslips' },
          { status: 'IN_REVIEW', changedAt: '2026-11-24T12:30:00Z' },
          { status: 'APPROVED', changedAt: '2026-11-24T13:30:00Z' },
          { status: 'COMPLETED', changedAt: '2026-11-24T14:30:00Z' },
        ],
      });
      expect(noticesOf('applicationStatusChanged').map((event) => [event.status, event.reason, event.productId])).to.deep.equal([
        ['SUBMITTED', undefined, undefined],
        ['IN_REVIEW', undefined, undefined],
        ['DOCUMENTS_REQUIRED', 'Please upload your last three payslips', undefined],
        ['IN_REVIEW', undefined, undefined],
        ['APPROVED', undefined, undefined],
        ['COMPLETED', undefined, 'loan-77'],
      ]);
      expect(sink.notices.every((notice) => notice.aggregateType === 'APPLICATION' && notice.aggregateId === id)).to.equal(true);
      await expectFault(() => mock.fixtures.advanceApplication({ applicationId: id, status: 'CANCELLED' }), 'INVALID_STATE');
    });

    it('refuses illegal steps, a rejection without reason and a productId before completion', async () => {
      const id = String((await call('CreateApplication', otherApplication('client-0001', 'CURRENT_ACCOUNT'))).applicationId);
      await expectFault(() => mock.fixtures.advanceApplication({ applicationId: id, status: 'APPROVED' }), 'INVALID_STATE');
      await expectFault(() => mock.fixtures.advanceApplication({ applicationId: id, status: 'SUBMITTED' }), 'INVALID_STATE');
      await expectFault(() => mock.fixtures.advanceApplication({ applicationId: id, status: 'REJECTED' }), 'SCHEMA_VIOLATION', 'reason');
      await expectFault(() => mock.fixtures.advanceApplication({ applicationId: id, status: 'IN_REVIEW', productId: 'acc-9' }), 'SCHEMA_VIOLATION', 'productId');
      await expectFault(() => mock.fixtures.advanceApplication({ applicationId: 'APP404', status: 'IN_REVIEW' }), 'APPLICATION_NOT_FOUND');
      mock.fixtures.advanceApplication({ applicationId: id, status: 'REJECTED', reason: 'We cannot open a further account' });
      const status = await call('GetApplicationStatus', { clientId: 'client-0001', applicationId: id });
      expect(status).to.include({ status: 'REJECTED', reason: 'We cannot open a further account' });
      await expectFault(() => mock.fixtures.advanceApplication({ applicationId: id, status: 'IN_REVIEW' }), 'INVALID_STATE');

      // Completion without a productId gets a generated one.
      const other = String((await call('CreateApplication', otherApplication('client-0001'))).applicationId);
      for (const step of ['IN_REVIEW', 'APPROVED', 'COMPLETED'] as const) mock.fixtures.advanceApplication({ applicationId: other, status: step });
      expect((await call('GetApplicationStatus', { clientId: 'client-0001', applicationId: other })).productId).to.be.a('string').and.not.equal('');
      expect(asList((await call('ListApplications', { clientId: 'client-0001', status: ['COMPLETED'] })).application)[0]).to.have.property('productId');
    });

    it('lists newest first with a status filter, and pages without skipping or repeating while new ones arrive', async () => {
      const ids: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        clock.advance(HOUR);
        ids.push(String((await call('CreateApplication', otherApplication('client-0001'))).applicationId));
      }
      mock.fixtures.advanceApplication({ applicationId: ids[1]!, status: 'IN_REVIEW' });
      const all = await call('ListApplications', { clientId: 'client-0001' });
      expect(asList(all.application).map((application) => application.applicationId)).to.deep.equal([ids[2], ids[1], ids[0]]);
      expect(asList(all.application)[1]).to.deep.equal({ applicationId: ids[1], productType: 'SAVINGS_ACCOUNT', status: 'IN_REVIEW', submittedAt: '2026-11-24T11:30:00Z', updatedAt: '2026-11-24T12:30:00Z' });
      expect(asList(all.application)[0]).to.include({ submittedAt: '2026-11-24T12:30:00Z', updatedAt: '2026-11-24T12:30:00Z' });

      const inReview = await call('ListApplications', { clientId: 'client-0001', status: ['IN_REVIEW', 'APPROVED'] });
      expect(asList(inReview.application).map((application) => application.applicationId)).to.deep.equal([ids[1]]);

      const first = await call('ListApplications', { clientId: 'client-0001', page: { limit: 2 } });
      expect(asList(first.application).map((application) => application.applicationId)).to.deep.equal([ids[2], ids[1]]);
      clock.advance(HOUR);
      await call('CreateApplication', otherApplication('client-0001'));
      const second = await call('ListApplications', { clientId: 'client-0001', page: { cursor: String(asObject(first.page).nextCursor), limit: 2 } });
      expect(asList(second.application).map((application) => application.applicationId)).to.deep.equal([ids[0]]);
      expect(second.page).to.deep.equal({ hasMore: 'false' });

      expect(await call('ListApplications', { clientId: 'client-0003' })).to.deep.equal({ page: { hasMore: 'false' } });
      await expectFault(call('ListApplications', { clientId: 'client-0001', page: { cursor: 'eyJsaXN0IjoiY2xpZW50cyIsImFmdGVyIjpbImEiXX0' } }), 'INVALID_CURSOR', 'page/cursor');
      await expectFault(call('ListApplications', { clientId: 'client-0404' }), 'CLIENT_NOT_FOUND');
    });
  });

  describe('secure messages', () => {
    const send = (clientId: string, subject: string, extra: EncodableObject = {}): Promise<PlainObject> =>
      call('SendSecureMessage', { idempotencyKey: newKey(), clientId, subject, body: `${subject}\nKind regards`, ...extra });

    it('threads client and bank messages, with read receipts and unread counts', async () => {
      const question = await send('client-0001', 'Question about my card');
      expect(question).to.deep.equal({ messageId: question.messageId, threadId: question.messageId, sentAt: START });

      clock.advance(HOUR);
      const answer = mock.fixtures.sendBankMessage({ clientId: 'client-0001', subject: 'Re: Question about my card', body: 'Your card is on its way.', senderName: 'Your adviser Maria Keller', replyToMessageId: String(question.messageId) });
      expect(answer.threadId).to.equal(question.messageId);
      clock.advance(HOUR);
      const news = mock.fixtures.sendBankMessage({ clientId: 'client-0001', subject: 'New savings rates', body: 'From December our rates go up.' });
      expect(news.threadId).to.equal(news.messageId);

      const inbox = await call('ListSecureMessages', { clientId: 'client-0001' });
      expect(inbox.unreadCount).to.equal('2');
      expect(asList(inbox.message).map((message) => message.messageId)).to.deep.equal([news.messageId, answer.messageId, question.messageId]);
      // The adviser's answer marked the client's question read by the bank.
      expect(asList(inbox.message)[2]).to.deep.equal({ messageId: question.messageId, threadId: question.messageId, direction: 'CLIENT_TO_BANK', subject: 'Question about my card', sentAt: START, read: 'true', readAt: '2026-11-24T10:30:00Z', attachmentCount: '0' });

      const full = asObject((await call('GetSecureMessage', { clientId: 'client-0001', messageId: String(answer.messageId) })).message);
      expect(full).to.deep.equal({
        messageId: answer.messageId,
        threadId: question.messageId,
        direction: 'BANK_TO_CLIENT',
        senderName: 'Your adviser Maria Keller',
        subject: 'Re: Question about my card',
        body: 'Your card is on its way.',
        sentAt: '2026-11-24T10:30:00Z',
        read: 'false',
        replyToMessageId: question.messageId,
      });

      clock.advance(HOUR);
      const reply = await send('client-0001', 'Thanks', { replyToMessageId: String(answer.messageId) });
      expect(reply.threadId).to.equal(question.messageId);
      const thread = await call('ListSecureMessages', { clientId: 'client-0001', threadId: String(question.messageId) });
      expect(asList(thread.message).map((message) => message.messageId)).to.deep.equal([reply.messageId, answer.messageId, question.messageId]);
      expect(thread.unreadCount).to.equal('2');

      clock.advance(HOUR);
      expect(await call('MarkSecureMessageRead', { clientId: 'client-0001', messageId: String(answer.messageId) })).to.deep.equal({ readAt: '2026-11-24T13:30:00Z' });
      clock.advance(HOUR);
      expect(await call('MarkSecureMessageRead', { clientId: 'client-0001', messageId: String(answer.messageId) })).to.deep.equal({ readAt: '2026-11-24T13:30:00Z' });
      const unread = await call('ListSecureMessages', { clientId: 'client-0001', direction: 'BANK_TO_CLIENT', unreadOnly: true });
      expect(asList(unread.message).map((message) => message.messageId)).to.deep.equal([news.messageId]);
      expect(unread.unreadCount).to.equal('1');
      const sent = await call('ListSecureMessages', { clientId: 'client-0001', direction: 'CLIENT_TO_BANK', unreadOnly: true });
      expect(asList(sent.message).map((message) => message.messageId)).to.deep.equal([reply.messageId]);

      await expectFault(call('MarkSecureMessageRead', { clientId: 'client-0001', messageId: String(reply.messageId) }), 'INVALID_STATE');
      expect(sink.notices).to.deep.equal([]);
    });

    it('never shows another client a message or thread (MESSAGE_NOT_FOUND)', async () => {
      const bank = mock.fixtures.sendBankMessage({ clientId: 'client-0001', subject: 'Private', body: 'For Anna only.' });
      const id = String(bank.messageId);
      await expectFault(call('GetSecureMessage', { clientId: 'client-0003', messageId: id }), 'MESSAGE_NOT_FOUND', 'messageId');
      await expectFault(call('MarkSecureMessageRead', { clientId: 'client-0003', messageId: id }), 'MESSAGE_NOT_FOUND');
      await expectFault(call('ListSecureMessages', { clientId: 'client-0003', threadId: id }), 'MESSAGE_NOT_FOUND', 'threadId');
      await expectFault(send('client-0003', 'Re: Private', { replyToMessageId: id }), 'MESSAGE_NOT_FOUND', 'replyToMessageId');
      expect(await call('ListSecureMessages', { clientId: 'client-0003' })).to.deep.equal({ unreadCount: '0', page: { hasMore: 'false' } });
      // GetSecureMessage does not mark the message read.
      await call('GetSecureMessage', { clientId: 'client-0001', messageId: id });
      expect((await call('ListSecureMessages', { clientId: 'client-0001' })).unreadCount).to.equal('1');
    });

    it('accepts only attachments of the client that match the stored, scanned file (INVALID_STATE naming it)', async () => {
      const payslip = { name: 'payslip-2026-10.pdf', mediaType: 'application/pdf', size: 20480 };
      const clean = mock.fixtures.registerAttachment({ clientId: 'client-0001', ...payslip });
      const unscanned = mock.fixtures.registerAttachment({ clientId: 'client-0001', name: 'photo.jpg', mediaType: 'image/jpeg', size: 1000, scan: 'PENDING' });
      const foreign = mock.fixtures.registerAttachment({ clientId: 'client-0003', ...payslip });
      const ref = (attachmentId: string, file: { name: string; mediaType: string; size: number }): EncodableObject => ({ attachmentId, ...file });

      await expectFault(send('client-0001', 'Payslip', { attachment: [ref(clean, { ...payslip, size: 20481 })] }), 'INVALID_STATE', 'attachment[1]');
      await expectFault(send('client-0001', 'Payslip', { attachment: [ref(clean, payslip), ref(unscanned, { name: 'photo.jpg', mediaType: 'image/jpeg', size: 1000 })] }), 'INVALID_STATE', 'attachment[2]');
      await expectFault(send('client-0001', 'Payslip', { attachment: [ref(foreign, payslip)] }), 'INVALID_STATE', 'attachment[1]');
      await expectFault(send('client-0001', 'Payslip', { attachment: [ref('DOC404', payslip)] }), 'INVALID_STATE', 'attachment[1]');
      expect(await call('ListSecureMessages', { clientId: 'client-0001' })).to.deep.equal({ unreadCount: '0', page: { hasMore: 'false' } });

      const sent = await send('client-0001', 'Payslip', { attachment: [ref(clean, payslip)] });
      const message = asObject((await call('GetSecureMessage', { clientId: 'client-0001', messageId: String(sent.messageId) })).message);
      expect(message.attachment).to.deep.equal([{ attachmentId: clean, name: 'payslip-2026-10.pdf', mediaType: 'application/pdf', size: '20480' }]);
      expect(asList((await call('ListSecureMessages', { clientId: 'client-0001' })).message)[0]).to.include({ attachmentCount: '1', read: 'false' });
    });

    it('lets a BLOCKED client write but not a CLOSED one, and repeats a keyed message without sending it twice', async () => {
      const request = { idempotencyKey: newKey(), clientId: 'client-0002', subject: 'Why am I blocked?', body: 'Please explain.' };
      mock.fixtures.setClientStatus({ clientId: 'client-0002', status: 'BLOCKED' });
      const first = await call('SendSecureMessage', request);
      clock.advance(HOUR);
      expect(await call('SendSecureMessage', request)).to.deep.equal(first);
      await expectFault(call('SendSecureMessage', { ...request, body: 'Something else.' }), 'IDEMPOTENCY_CONFLICT');
      expect(asList((await call('ListSecureMessages', { clientId: 'client-0002' })).message)).to.have.length(1);
      mock.fixtures.setClientStatus({ clientId: 'client-0002', status: 'CLOSED' });
      await expectFault(send('client-0002', 'Hello?'), 'INVALID_STATE');
    });

    it('pages newest first, ties broken by messageId', async () => {
      const ids = [1, 2, 3, 4, 5].map((n) => String(mock.fixtures.sendBankMessage({ clientId: 'client-0002', subject: `Notice ${n}`, body: 'Text' }).messageId));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await call('ListSecureMessages', { clientId: 'client-0002', page: { ...(cursor ? { cursor } : {}), limit: 2 } });
        seen.push(...asList(page.message).map((message) => String(message.messageId)));
        cursor = asObject(page.page).hasMore === 'true' ? String(asObject(page.page).nextCursor) : undefined;
      } while (cursor);
      expect(seen).to.deep.equal([...ids].reverse());
      await expectFault(call('ListSecureMessages', { clientId: 'client-0002', page: { cursor: Buffer.from('{"list":"messages"}').toString('base64url') } }), 'INVALID_CURSOR');
    });
  });
});
