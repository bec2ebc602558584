/**
 * The CRM client against the contract itself (wsdl/crm/v1/Crm.wsdl): one method for every
 * operation, an idempotency key on exactly the operations whose Retry rule asks for one,
 * and a meaning for every fault code an operation documents.
 */
import { expect } from 'chai';
import { loadWsdlModel } from '../../../common/contracts/wsdl-model.js';
import { HUB_FAULT_CODES, RETRY_LATER_CODES } from '../../../connectors/cards/index.js';
import { CRM_NOT_FOUND_CODES, CRM_OPERATIONS, CRM_REFUSAL_CODES, CrmClient, type CrmOperation } from '../../../connectors/crm/index.js';
import { ANNA } from '../cards/dataset.js';
import { contractOf, FixtureCaller } from '../cards/soap-support.js';

const operations = loadWsdlModel(contractOf('crm')).operations;
const KEY = 'contract-key-0001';

/** One call of each operation, with only what it requires. */
const CALLS: Readonly<Record<CrmOperation, (crm: CrmClient) => Promise<unknown>>> = {
  GetClient: (crm) => crm.getClient(ANNA),
  SearchClients: (crm) => crm.searchClients({ criterion: { clientNumber: '1000CLANNA' } }),
  UpdateContacts: (crm) => crm.updateContacts(KEY, { clientId: ANNA, phone: '+4915112345679' }),
  GetScaData: (crm) => crm.getScaData(ANNA),
  GetKycStatus: (crm) => crm.getKycStatus(ANNA),
  GetConsents: (crm) => crm.getConsents(ANNA),
  UpdateConsents: (crm) => crm.updateConsents(KEY, { clientId: ANNA, channel: 'BRANCH', changes: [{ type: 'DATA_SHARING', granted: true }] }),
  GetProductOffers: (crm) => crm.getProductOffers({ clientId: ANNA }),
  CreateApplication: (crm) => crm.createApplication(KEY, { clientId: ANNA, productType: 'DEBIT_CARD', details: { cardOrder: { formFactor: 'VIRTUAL' } } }),
  GetApplicationStatus: (crm) => crm.getApplicationStatus({ clientId: ANNA, applicationId: 'APP00000001' }),
  ListApplications: (crm) => crm.listApplications({ clientId: ANNA }),
  ListSecureMessages: (crm) => crm.listSecureMessages({ clientId: ANNA }),
  GetSecureMessage: (crm) => crm.getSecureMessage({ clientId: ANNA, messageId: 'MSG00000001' }),
  SendSecureMessage: (crm) => crm.sendSecureMessage(KEY, { clientId: ANNA, subject: 'Hello', body: 'A question' }),
  MarkSecureMessageRead: (crm) => crm.markSecureMessageRead({ clientId: ANNA, messageId: 'MSG00000001' }),
};

describe('connectors/crm: the client covers the contract', () => {
  let caller: FixtureCaller;

  before(async () => {
    caller = await FixtureCaller.create('crm');
  });

  after(() => caller.dispose());

  it('has one operation for each of the WSDL', () => {
    expect([...CRM_OPERATIONS].sort()).to.deep.equal(operations.map((operation) => operation.name).sort());
  });

  for (const operation of operations) {
    it(`${operation.name}: a minimal request validates, and it carries a key exactly when the contract's Retry rule asks for one`, async () => {
      await CALLS[operation.name as CrmOperation](new CrmClient(caller));
      const { call } = caller.last;
      expect(call.operation).to.equal(operation.name);
      const keyed = operation.retry === 'safe with the same idempotencyKey';
      expect(call.idempotencyKey, 'the call’s key').to.equal(keyed ? KEY : undefined);
      expect(call.request.idempotencyKey, 'the request’s key').to.equal(keyed ? KEY : undefined);
    });
  }

  it('gives every documented fault code a meaning', () => {
    const known = new Set([...CRM_NOT_FOUND_CODES, ...CRM_REFUSAL_CODES, ...RETRY_LATER_CODES, ...HUB_FAULT_CODES]);
    const unknown = operations.flatMap((operation) => operation.faultCodes.filter((code) => !known.has(code)).map((code) => `${operation.name}: ${code}`));
    expect(unknown).to.deep.equal([]);
  });
});
