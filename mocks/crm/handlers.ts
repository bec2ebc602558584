/**
 * The CRM contract's operations (wsdl/crm/v1/Crm.wsdl) over the mock's state: each
 * handler reads the decoded request into a domain call and writes the result as the
 * response value. Faults come from the domain as ContractFaults with documented codes.
 */
import type { PlainObject } from '../../common/soap/codec.js';
import type { ServiceHandlers } from '../server/types.js';
import { pageInfo } from '../shared/paging.js';
import type { ClientSearchCriterion } from './clients.js';
import { formatTimestamp } from './calendar.js';
import { contactDetailsValue } from './events.js';
import { APPLICATION_STATUSES, CHANNELS, CONSENT_TYPES, PRODUCT_TYPES, type ApplicationDetailsInput, type AttachmentRef } from './model.js';
import { readAddress, readMoney, readPage, RequestFields } from './request.js';
import {
  applicationStatusValue,
  applicationSummaryValue,
  clientValue,
  consentsValue,
  kycValue,
  messageSummaryValue,
  messageValue,
  offerValue,
} from './responses.js';
import type { CrmState } from './state.js';

const LOAN_PURPOSES = ['CONSUMER_GOODS', 'CAR', 'HOME_IMPROVEMENT', 'EDUCATION', 'MEDICAL', 'TRAVEL', 'DEBT_REFINANCING', 'OTHER'] as const;
const DETAILS_ELEMENTS = ['cardOrder', 'loan', 'deposit', 'other'] as const;
/** crm:TermMonths. */
const MIN_TERM = 1;
const MAX_TERM = 600;

export function createCrmHandlers(state: CrmState): ServiceHandlers {
  const { clients, applications, mailbox } = state;
  const read = (request: PlainObject): RequestFields => RequestFields.of(request);

  return {
    GetClient: (request) => ({ client: clientValue(clients.get(read(request).text('clientId'))) }),

    SearchClients: (request) => {
      const fields = read(request);
      const page = clients.search(readCriterion(fields.nested('criterion')), readPage(fields));
      return { client: page.items.map(clientValue), page: pageInfo(page) };
    },

    UpdateContacts: (request) => {
      const fields = read(request);
      const phone = fields.optionalText('phone');
      const email = fields.optionalText('email');
      const address = fields.optionalNested('address');
      const updated = clients.updateContacts({
        idempotencyKey: fields.text('idempotencyKey'),
        clientId: fields.text('clientId'),
        ...(phone === undefined ? {} : { phone }),
        ...(email === undefined ? {} : { email }),
        ...(address === undefined ? {} : { address: readAddress(address) }),
      });
      return { contacts: contactDetailsValue(updated.contacts), updatedAt: formatTimestamp(updated.updatedAt) };
    },

    GetScaData: (request) => {
      const sca = clients.scaData(read(request).text('clientId'));
      return {
        ...(sca.phone ? { scaPhone: { phone: sca.phone.value, verifiedAt: formatTimestamp(sca.phone.verifiedAt) } } : {}),
        ...(sca.email ? { scaEmail: { email: sca.email.value, verifiedAt: formatTimestamp(sca.email.verifiedAt) } } : {}),
      };
    },

    GetKycStatus: (request) => kycValue(clients.kyc(read(request).text('clientId'))),

    GetConsents: (request) => consentsValue(clients.consents(read(request).text('clientId'))),

    UpdateConsents: (request) => {
      const fields = read(request);
      const changes = fields.nestedList('change');
      if (changes.length === 0) throw fields.violation('change', 'is required');
      return consentsValue(
        clients.updateConsents({
          idempotencyKey: fields.text('idempotencyKey'),
          clientId: fields.text('clientId'),
          channel: fields.choice('channel', CHANNELS),
          changes: changes.map((change) => ({ type: change.choice('type', CONSENT_TYPES), granted: change.boolean('granted') })),
        }),
      );
    },

    GetProductOffers: (request) => {
      const fields = read(request);
      return { offer: applications.offers(fields.text('clientId'), fields.optionalChoice('productType', PRODUCT_TYPES)).map(offerValue) };
    },

    CreateApplication: (request) => {
      const fields = read(request);
      const offerId = fields.optionalText('offerId');
      const channel = fields.optionalChoice('channel', CHANNELS);
      const created = applications.create({
        idempotencyKey: fields.text('idempotencyKey'),
        clientId: fields.text('clientId'),
        productType: fields.choice('productType', PRODUCT_TYPES),
        ...(offerId === undefined ? {} : { offerId }),
        details: readDetails(fields.nested('details')),
        ...(channel === undefined ? {} : { channel }),
      });
      return { applicationId: created.applicationId, status: created.status, submittedAt: formatTimestamp(created.submittedAt) };
    },

    GetApplicationStatus: (request) => {
      const fields = read(request);
      return applicationStatusValue(applications.get(fields.text('clientId'), fields.text('applicationId')));
    },

    ListApplications: (request) => {
      const fields = read(request);
      const page = applications.list(fields.text('clientId'), fields.choiceList('status', APPLICATION_STATUSES), readPage(fields));
      return { application: page.items.map(applicationSummaryValue), page: pageInfo(page) };
    },

    ListSecureMessages: (request) => {
      const fields = read(request);
      const threadId = fields.optionalText('threadId');
      const direction = fields.optionalChoice('direction', ['CLIENT_TO_BANK', 'BANK_TO_CLIENT'] as const);
      const listed = mailbox.list(
        fields.text('clientId'),
        { ...(threadId === undefined ? {} : { threadId }), ...(direction === undefined ? {} : { direction }), unreadOnly: fields.boolean('unreadOnly', false) },
        readPage(fields),
      );
      return { message: listed.page.items.map(messageSummaryValue), unreadCount: listed.unreadCount, page: pageInfo(listed.page) };
    },

    GetSecureMessage: (request) => {
      const fields = read(request);
      return { message: messageValue(mailbox.get(fields.text('clientId'), fields.text('messageId'))) };
    },

    SendSecureMessage: (request) => {
      const fields = read(request);
      const replyToMessageId = fields.optionalText('replyToMessageId');
      const sent = mailbox.send({
        idempotencyKey: fields.text('idempotencyKey'),
        clientId: fields.text('clientId'),
        subject: fields.text('subject'),
        body: fields.text('body'),
        ...(replyToMessageId === undefined ? {} : { replyToMessageId }),
        attachments: fields.nestedList('attachment').map(readAttachment),
      });
      return { messageId: sent.messageId, threadId: sent.threadId, sentAt: formatTimestamp(sent.sentAt) };
    },

    MarkSecureMessageRead: (request) => {
      const fields = read(request);
      return { readAt: formatTimestamp(mailbox.markRead(fields.text('clientId'), fields.text('messageId'))) };
    },
  };
}

/** Exactly one of clientNumber and phone. */
function readCriterion(criterion: RequestFields): ClientSearchCriterion {
  const clientNumber = criterion.optionalText('clientNumber');
  const phone = criterion.optionalText('phone');
  if ((clientNumber === undefined) === (phone === undefined)) throw criterion.violation('clientNumber', 'or phone: give exactly one criterion');
  return clientNumber === undefined ? { phone: phone! } : { clientNumber };
}

/** crm:ApplicationDetails: the one chosen element; whether it fits the product type is the domain's check. */
function readDetails(details: RequestFields): ApplicationDetailsInput {
  const chosen = DETAILS_ELEMENTS.filter((name) => details.has(name));
  if (chosen.length !== 1) throw details.violation(chosen[1] ?? 'cardOrder', 'choose exactly one of cardOrder, loan, deposit and other');
  const kind = chosen[0]!;
  const element = details.nested(kind);
  switch (kind) {
    case 'cardOrder': {
      const limit = element.optionalNested('requestedCreditLimit');
      const address = element.optionalNested('deliveryAddress');
      return {
        kind,
        cardProductCode: element.optionalText('cardProductCode'),
        accountId: element.optionalText('accountId'),
        requestedCreditLimit: limit && readMoney(limit),
        formFactor: element.choice('formFactor', ['PHYSICAL', 'VIRTUAL'] as const),
        embossedName: element.optionalText('embossedName'),
        deliveryMethod: element.optionalChoice('deliveryMethod', ['BRANCH_PICKUP', 'COURIER', 'POST'] as const),
        deliveryAddress: address && readAddress(address),
        branchId: element.optionalText('branchId'),
      };
    }
    case 'loan':
      return {
        kind,
        amount: readMoney(element.nested('amount')),
        termMonths: element.integer('termMonths', MIN_TERM, MAX_TERM),
        purpose: element.choice('purpose', LOAN_PURPOSES),
        purposeDescription: element.optionalText('purposeDescription'),
        disbursementAccountId: element.optionalText('disbursementAccountId'),
      };
    case 'deposit':
      return {
        kind,
        amount: readMoney(element.nested('amount')),
        termMonths: element.integer('termMonths', MIN_TERM, MAX_TERM),
        sourceAccountId: element.text('sourceAccountId'),
        rolloverAtMaturity: element.boolean('rolloverAtMaturity', false),
      };
    case 'other':
      return { kind, description: element.text('description') };
  }
}

function readAttachment(attachment: RequestFields): AttachmentRef {
  return {
    attachmentId: attachment.text('attachmentId'),
    name: attachment.text('name'),
    mediaType: attachment.text('mediaType'),
    size: attachment.integer('size', 1, Number.MAX_SAFE_INTEGER),
  };
}
