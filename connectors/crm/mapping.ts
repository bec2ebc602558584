/**
 * Pure functions between the CRM contract's SOAP messages (as node-soap takes and gives
 * them) and the hub's domain: one request builder and one response reader per operation,
 * the client and application records of the hub's store for the read-through, and the
 * contact profile the notifications flow needs. No I/O and no clock: a record takes the
 * instant the answer was received.
 */
import type { ContactDetails, PersonName } from '../../common/contracts/common-types.js';
import type { ApplicationRecord, ClientRecord } from '../../hub/store/types.js';
import { ResponseReader, UnexpectedResponseError, withOptional } from '../shared/message-reader.js';
import {
  addressElement,
  boundedList,
  chosen,
  element,
  InvalidRequestError,
  moneyElement,
  optMoneyElement,
  pageElement,
  type RequestObject,
} from '../shared/message-writer.js';
import {
  APPLICATION_STATUSES,
  CHANNELS,
  CLIENT_SEGMENTS,
  CLIENT_STATUSES,
  CONSENT_TYPES,
  KYC_DOCUMENT_TYPES,
  KYC_LEVELS,
  KYC_STATUSES,
  MESSAGE_DIRECTIONS,
  PRODUCT_TYPES,
  type ApplicationDetails,
  type ApplicationPage,
  type ApplicationState,
  type ApplicationSummary,
  type AttachmentRef,
  type Client,
  type ClientPage,
  type Consent,
  type ConsentType,
  type ContactProfile,
  type ContactsUpdate,
  type CreateApplicationRequest,
  type CreatedApplication,
  type GetApplicationStatusRequest,
  type GetProductOffersRequest,
  type GetSecureMessageRequest,
  type KycState,
  type ListApplicationsRequest,
  type ListSecureMessagesRequest,
  type MarkSecureMessageReadRequest,
  type ProductOffer,
  type ScaData,
  type SearchClientsRequest,
  type SecureMessage,
  type SecureMessagePage,
  type SecureMessageSummary,
  type SendSecureMessageRequest,
  type SentMessage,
  type UpdateConsentsRequest,
  type UpdateContactsRequest,
} from './types.js';

/** The operations of wsdl/crm/v1/Crm.wsdl. */
export const CRM_OPERATIONS = [
  'GetClient',
  'SearchClients',
  'UpdateContacts',
  'GetScaData',
  'GetKycStatus',
  'GetConsents',
  'UpdateConsents',
  'GetProductOffers',
  'CreateApplication',
  'GetApplicationStatus',
  'ListApplications',
  'ListSecureMessages',
  'GetSecureMessage',
  'SendSecureMessage',
  'MarkSecureMessageRead',
] as const;
export type CrmOperation = (typeof CRM_OPERATIONS)[number];

const RATE = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,10})?$/;
const TERM_MONTHS_MAX = 600;

// ---------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------

function readName(r: ResponseReader): PersonName {
  return withOptional({ givenName: r.str('givenName'), familyName: r.str('familyName') }, { middleName: r.optStr('middleName') });
}

function readContacts(r: ResponseReader): ContactDetails {
  return withOptional({}, { phone: r.optStr('phone'), email: r.optStr('email'), address: r.optAddress('address') });
}

function readClient(r: ResponseReader): Client {
  return {
    clientId: r.str('clientId'),
    clientNumber: r.str('clientNumber'),
    name: readName(r.obj('name')),
    birthDate: r.date('birthDate'),
    segment: r.oneOf('segment', CLIENT_SEGMENTS),
    contacts: readContacts(r.obj('contacts')),
    preferredLanguage: r.str('preferredLanguage'),
    kycStatus: r.oneOf('kycStatus', KYC_STATUSES),
    clientSince: r.date('clientSince'),
    status: r.oneOf('status', CLIENT_STATUSES),
  };
}

function readConsents(r: ResponseReader): Consent[] {
  return r.list('consent').map((c) =>
    withOptional(
      { type: c.oneOf('type', CONSENT_TYPES), granted: c.bool('granted') },
      { grantedAt: c.optInstant('grantedAt'), withdrawnAt: c.optInstant('withdrawnAt'), channel: c.optOneOf('channel', CHANNELS) },
    ),
  );
}

function readRate(r: ResponseReader, name: string): string | undefined {
  const rate = r.optStr(name);
  if (rate !== undefined && !RATE.test(rate)) throw new UnexpectedResponseError(`${r.path}/${name}`, `${r.path}/${name} must be a plain decimal rate, got ${JSON.stringify(rate)}`);
  return rate;
}

function readAttachment(r: ResponseReader): AttachmentRef {
  const size = r.int('size');
  if (size < 1) throw new UnexpectedResponseError(`${r.path}/size`, `${r.path}/size must be at least 1`);
  return { attachmentId: r.str('attachmentId'), name: r.str('name'), mediaType: r.str('mediaType'), size };
}

function termMonths(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > TERM_MONTHS_MAX) {
    throw new InvalidRequestError('SCHEMA_VIOLATION', field, `${field} must be a whole number of months from 1 to ${TERM_MONTHS_MAX}, got ${value}`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// Requests, in the order of each element's sequence
// ---------------------------------------------------------------------------------------

export function getClientRequest(clientId: string): RequestObject {
  return { clientId };
}

export function searchClientsRequest(request: SearchClientsRequest): RequestObject {
  const by = chosen(request.criterion, ['clientNumber', 'phone'], 'criterion');
  return element({ criterion: { [by]: request.criterion[by] }, page: pageElement(request.page) });
}

export function updateContactsRequest(idempotencyKey: string, request: UpdateContactsRequest): RequestObject {
  if (request.phone === undefined && request.email === undefined && request.address === undefined) {
    throw new InvalidRequestError('SCHEMA_VIOLATION', 'phone|email|address', 'UpdateContacts needs at least one of phone, email and address');
  }
  return element({
    idempotencyKey,
    clientId: request.clientId,
    phone: request.phone,
    email: request.email,
    address: request.address === undefined ? undefined : addressElement(request.address, 'address'),
  });
}

/** GetScaData, GetKycStatus and GetConsents take only the client. */
export function clientOnlyRequest(clientId: string): RequestObject {
  return { clientId };
}

export function updateConsentsRequest(idempotencyKey: string, request: UpdateConsentsRequest): RequestObject {
  const changes = boundedList(request.changes, 'change', 1, 50);
  const seen = new Set<ConsentType>();
  return {
    idempotencyKey,
    clientId: request.clientId,
    channel: request.channel,
    change: changes.map((change, index) => {
      if (seen.has(change.type)) throw new InvalidRequestError('SCHEMA_VIOLATION', `change[${index + 1}]/type`, `change[${index + 1}] repeats the consent type ${change.type}`);
      seen.add(change.type);
      return { type: change.type, granted: change.granted };
    }),
  };
}

export function getProductOffersRequest(request: GetProductOffersRequest): RequestObject {
  return element({ clientId: request.clientId, productType: request.productType });
}

function detailsElement(details: ApplicationDetails): RequestObject {
  const member = chosen(details, ['cardOrder', 'loan', 'deposit', 'other'], 'details');
  switch (member) {
    case 'cardOrder': {
      const d = details.cardOrder!;
      return {
        cardOrder: element({
          cardProductCode: d.cardProductCode,
          accountId: d.accountId,
          requestedCreditLimit: optMoneyElement(d.requestedCreditLimit, 'details/cardOrder/requestedCreditLimit'),
          formFactor: d.formFactor,
          embossedName: d.embossedName,
          deliveryMethod: d.deliveryMethod,
          deliveryAddress: d.deliveryAddress === undefined ? undefined : addressElement(d.deliveryAddress, 'details/cardOrder/deliveryAddress'),
          branchId: d.branchId,
        }),
      };
    }
    case 'loan': {
      const d = details.loan!;
      return {
        loan: element({
          amount: moneyElement(d.amount, 'details/loan/amount'),
          termMonths: termMonths(d.termMonths, 'details/loan/termMonths'),
          purpose: d.purpose,
          purposeDescription: d.purposeDescription,
          disbursementAccountId: d.disbursementAccountId,
        }),
      };
    }
    case 'deposit': {
      const d = details.deposit!;
      return {
        deposit: element({
          amount: moneyElement(d.amount, 'details/deposit/amount'),
          termMonths: termMonths(d.termMonths, 'details/deposit/termMonths'),
          sourceAccountId: d.sourceAccountId,
          rolloverAtMaturity: d.rolloverAtMaturity,
        }),
      };
    }
    case 'other':
      return { other: { description: details.other!.description } };
  }
}

export function createApplicationRequest(idempotencyKey: string, request: CreateApplicationRequest): RequestObject {
  return element({
    idempotencyKey,
    clientId: request.clientId,
    productType: request.productType,
    offerId: request.offerId,
    details: detailsElement(request.details),
    channel: request.channel,
  });
}

export function getApplicationStatusRequest(request: GetApplicationStatusRequest): RequestObject {
  return { clientId: request.clientId, applicationId: request.applicationId };
}

export function listApplicationsRequest(request: ListApplicationsRequest): RequestObject {
  const statuses = boundedList(request.statuses, 'status', 0, 7);
  return element({ clientId: request.clientId, status: statuses.length > 0 ? statuses : undefined, page: pageElement(request.page) });
}

export function listSecureMessagesRequest(request: ListSecureMessagesRequest): RequestObject {
  return element({
    clientId: request.clientId,
    threadId: request.threadId,
    direction: request.direction,
    unreadOnly: request.unreadOnly,
    page: pageElement(request.page),
  });
}

export function getSecureMessageRequest(request: GetSecureMessageRequest): RequestObject {
  return { clientId: request.clientId, messageId: request.messageId };
}

export function sendSecureMessageRequest(idempotencyKey: string, request: SendSecureMessageRequest): RequestObject {
  const attachments = boundedList(request.attachments, 'attachment', 0, 10);
  return element({
    idempotencyKey,
    clientId: request.clientId,
    subject: request.subject,
    body: request.body,
    replyToMessageId: request.replyToMessageId,
    attachment:
      attachments.length > 0
        ? attachments.map((attachment, index) => {
            if (!Number.isSafeInteger(attachment.size) || attachment.size < 1) {
              throw new InvalidRequestError('SCHEMA_VIOLATION', `attachment[${index + 1}]/size`, `attachment[${index + 1}]/size must be a whole number of bytes, at least 1`);
            }
            return { attachmentId: attachment.attachmentId, name: attachment.name, mediaType: attachment.mediaType, size: attachment.size };
          })
        : undefined,
  });
}

export function markSecureMessageReadRequest(request: MarkSecureMessageReadRequest): RequestObject {
  return { clientId: request.clientId, messageId: request.messageId };
}

// ---------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------

export function readGetClientResponse(response: unknown): Client {
  return readClient(ResponseReader.of('GetClientResponse', response).obj('client'));
}

export function readSearchClientsResponse(response: unknown): ClientPage {
  const r = ResponseReader.of('SearchClientsResponse', response);
  return { clients: r.list('client').map(readClient), page: r.page('page') };
}

export function readUpdateContactsResponse(response: unknown): ContactsUpdate {
  const r = ResponseReader.of('UpdateContactsResponse', response);
  return { contacts: readContacts(r.obj('contacts')), updatedAt: r.instant('updatedAt') };
}

export function readGetScaDataResponse(response: unknown): ScaData {
  const r = ResponseReader.of('GetScaDataResponse', response);
  const phone = r.optObj('scaPhone');
  const email = r.optObj('scaEmail');
  return withOptional(
    {},
    {
      phone: phone ? { phone: phone.str('phone'), verifiedAt: phone.instant('verifiedAt') } : undefined,
      email: email ? { email: email.str('email'), verifiedAt: email.instant('verifiedAt') } : undefined,
    },
  );
}

export function readGetKycStatusResponse(response: unknown): KycState {
  const r = ResponseReader.of('GetKycStatusResponse', response);
  return withOptional(
    {
      status: r.oneOf('status', KYC_STATUSES),
      level: r.oneOf('level', KYC_LEVELS),
      missingDocuments: r
        .list('missingDocument')
        .map((d) => withOptional({ documentType: d.oneOf('documentType', KYC_DOCUMENT_TYPES) }, { description: d.optStr('description'), requiredBy: d.optDate('requiredBy') })),
    },
    { verifiedAt: r.optInstant('verifiedAt'), validUntil: r.optDate('validUntil') },
  );
}

export function readGetConsentsResponse(response: unknown): Consent[] {
  return readConsents(ResponseReader.of('GetConsentsResponse', response));
}

export function readUpdateConsentsResponse(response: unknown): Consent[] {
  return readConsents(ResponseReader.of('UpdateConsentsResponse', response));
}

export function readGetProductOffersResponse(response: unknown): ProductOffer[] {
  return ResponseReader.of('GetProductOffersResponse', response)
    .list('offer')
    .map((o) =>
      withOptional(
        { offerId: o.str('offerId'), productType: o.oneOf('productType', PRODUCT_TYPES), title: o.str('title'), validUntil: o.instant('validUntil') },
        {
          description: o.optStr('description'),
          amount: o.optMoney('amount'),
          creditLimit: o.optMoney('creditLimit'),
          interestRate: readRate(o, 'interestRate'),
          effectiveRate: readRate(o, 'effectiveRate'),
          termMonths: o.optInt('termMonths'),
        },
      ),
    );
}

export function readCreateApplicationResponse(response: unknown): CreatedApplication {
  const r = ResponseReader.of('CreateApplicationResponse', response);
  return { applicationId: r.str('applicationId'), status: r.oneOf('status', APPLICATION_STATUSES), submittedAt: r.instant('submittedAt') };
}

export function readGetApplicationStatusResponse(response: unknown): ApplicationState {
  const r = ResponseReader.of('GetApplicationStatusResponse', response);
  const history = r
    .list('statusChange')
    .map((c) => withOptional({ status: c.oneOf('status', APPLICATION_STATUSES), changedAt: c.instant('changedAt') }, { reason: c.optStr('reason') }));
  if (history.length === 0) throw new UnexpectedResponseError(`${r.path}/statusChange`, `${r.path}/statusChange is missing`);
  return withOptional(
    { productType: r.oneOf('productType', PRODUCT_TYPES), status: r.oneOf('status', APPLICATION_STATUSES), submittedAt: r.instant('submittedAt'), history },
    { reason: r.optStr('reason'), offerId: r.optStr('offerId'), productId: r.optStr('productId') },
  );
}

function readApplicationSummary(r: ResponseReader): ApplicationSummary {
  return withOptional(
    {
      applicationId: r.str('applicationId'),
      productType: r.oneOf('productType', PRODUCT_TYPES),
      status: r.oneOf('status', APPLICATION_STATUSES),
      submittedAt: r.instant('submittedAt'),
      updatedAt: r.instant('updatedAt'),
    },
    { offerId: r.optStr('offerId'), productId: r.optStr('productId') },
  );
}

export function readListApplicationsResponse(response: unknown): ApplicationPage {
  const r = ResponseReader.of('ListApplicationsResponse', response);
  return { applications: r.list('application').map(readApplicationSummary), page: r.page('page') };
}

function readMessageSummary(r: ResponseReader): SecureMessageSummary {
  return withOptional(
    {
      messageId: r.str('messageId'),
      threadId: r.str('threadId'),
      direction: r.oneOf('direction', MESSAGE_DIRECTIONS),
      subject: r.str('subject'),
      sentAt: r.instant('sentAt'),
      read: r.bool('read'),
      attachmentCount: r.int('attachmentCount'),
    },
    { readAt: r.optInstant('readAt') },
  );
}

export function readListSecureMessagesResponse(response: unknown): SecureMessagePage {
  const r = ResponseReader.of('ListSecureMessagesResponse', response);
  return { messages: r.list('message').map(readMessageSummary), unreadCount: r.int('unreadCount'), page: r.page('page') };
}

export function readGetSecureMessageResponse(response: unknown): SecureMessage {
  const r = ResponseReader.of('GetSecureMessageResponse', response).obj('message');
  return withOptional(
    {
      messageId: r.str('messageId'),
      threadId: r.str('threadId'),
      direction: r.oneOf('direction', MESSAGE_DIRECTIONS),
      subject: r.str('subject'),
      body: r.str('body'),
      sentAt: r.instant('sentAt'),
      read: r.bool('read'),
      attachments: r.list('attachment').map(readAttachment),
    },
    { senderName: r.optStr('senderName'), readAt: r.optInstant('readAt'), replyToMessageId: r.optStr('replyToMessageId') },
  );
}

export function readSendSecureMessageResponse(response: unknown): SentMessage {
  const r = ResponseReader.of('SendSecureMessageResponse', response);
  return { messageId: r.str('messageId'), threadId: r.str('threadId'), sentAt: r.instant('sentAt') };
}

export function readMarkSecureMessageReadResponse(response: unknown): Date {
  return ResponseReader.of('MarkSecureMessageReadResponse', response).instant('readAt');
}

// ---------------------------------------------------------------------------------------
// The hub's records (read-through) and the notifications flow's profile
// ---------------------------------------------------------------------------------------

/**
 * The client as the hub's store keeps it, without `version` (the hub sets it). `asOf` is
 * when the answer was received: GetClient carries no instant of its data.
 */
export function clientRecord(client: Client, receivedAt: Date): Omit<ClientRecord, 'version'> {
  return { clientId: client.clientId, name: client.name, language: client.preferredLanguage, kycStatus: client.kycStatus, contacts: client.contacts, asOf: receivedAt };
}

/**
 * An application from GetApplicationStatus as the hub's store keeps it (the response names
 * neither the client nor the application: they come from the request). `asOf` is when the
 * answer was received; the history's instants say when each status began, not how fresh
 * the answer is.
 */
export function applicationRecord(request: GetApplicationStatusRequest, state: ApplicationState, receivedAt: Date): Omit<ApplicationRecord, 'version'> {
  return withOptional(
    { applicationId: request.applicationId, clientId: request.clientId, productType: state.productType, status: state.status, asOf: receivedAt },
    { reason: state.reason, productId: state.productId },
  );
}

/**
 * An application from ListApplications as the hub's store keeps it. The summary carries no
 * reason: a record made from it has none, even for DOCUMENTS_REQUIRED or REJECTED, where
 * GetApplicationStatus would give one.
 */
export function applicationRecordFromSummary(clientId: string, summary: ApplicationSummary, receivedAt: Date): Omit<ApplicationRecord, 'version'> {
  return withOptional(
    { applicationId: summary.applicationId, clientId, productType: summary.productType, status: summary.status, asOf: receivedAt },
    { productId: summary.productId },
  );
}

/** Every consent type with whether it is granted now; a type missing from the list is not granted. */
export function consentsGranted(consents: readonly Consent[]): Readonly<Record<ConsentType, boolean>> {
  const granted = Object.fromEntries(CONSENT_TYPES.map((type) => [type, false])) as Record<ConsentType, boolean>;
  for (const consent of consents) granted[consent.type] = consent.granted;
  return granted;
}

/** The language, contacts and consents of a client in one value (GetClient + GetConsents). */
export function contactProfile(client: Client, consents: readonly Consent[]): ContactProfile {
  return withOptional(
    { clientId: client.clientId, language: client.preferredLanguage, name: client.name, status: client.status, consents: consentsGranted(consents) },
    { email: client.contacts.email, phone: client.contacts.phone, address: client.contacts.address },
  );
}
