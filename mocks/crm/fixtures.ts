/**
 * QA fixtures of the mock CRM: the bank's own actions that no contract operation
 * performs (onboarding a client, a KYC decision, verifying a contact, moving an
 * application, placing files and writing to the client). Each takes one JSON object, as
 * the admin API passes it, checks it, and changes the state; changes the hub caches are
 * pushed through the sink by the state itself.
 */
import type { EncodableObject } from '../../common/soap/codec.js';
import type { ClientSegment, ClientStatus, ContactChannel, KycLevel, KycStatus, MalwareScanResult, PersonName, PostalAddress } from './model.js';
import { APPLICATION_STATUSES, type ApplicationStatus } from './model.js';
import { FixtureInput, PATTERNS } from './fixture-input.js';
import { formatTimestamp } from './calendar.js';
import { applicationStatusValue, kycValue } from './responses.js';
import type { NewClient } from './clients.js';
import type { CrmState } from './state.js';

const SEGMENTS: readonly ClientSegment[] = ['RETAIL', 'PREMIUM', 'PRIVATE', 'SME'];
const KYC_STATUSES: readonly KycStatus[] = ['NOT_STARTED', 'PENDING', 'VERIFIED', 'EXPIRED', 'REJECTED'];
const KYC_LEVELS: readonly KycLevel[] = ['NONE', 'SIMPLIFIED', 'STANDARD', 'ENHANCED'];
const CLIENT_STATUSES: readonly ClientStatus[] = ['ACTIVE', 'BLOCKED', 'CLOSED'];
const CONTACT_CHANNELS: readonly ContactChannel[] = ['phone', 'email'];
const SCAN_RESULTS: readonly MalwareScanResult[] = ['CLEAN', 'PENDING', 'INFECTED'];
const ADDRESS_MEMBERS = ['line', 'city', 'postalCode', 'country'] as const;
const NAME_MEMBERS = ['givenName', 'middleName', 'familyName'] as const;
const DOCUMENT_MEMBERS = ['name', 'mediaType', 'size', 'scan'] as const;
/** crm:SecureMessage allows ten attachments. */
const MAX_ATTACHMENTS = 10;

/** The new client of the createClient fixture, as the registry takes it, plus a SeedClient's locale. */
export interface CreateClientInput extends NewClient {
  /** As in SeedClient; used as the language when `language` is absent. */
  readonly locale?: string;
}

export interface NewDocumentInput {
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  /** Malware scan outcome; CLEAN when absent. A file that is not CLEAN cannot be attached. */
  readonly scan?: MalwareScanResult;
}

/** A type alias, not an interface, so that it fits the admin API's FixtureSet index signature. */
export type CrmFixtures = {
  /** Onboards a client (absent members are generated); pushes ClientDataChanged with the full data; returns the clientId. */
  createClient(input: CreateClientInput): string;
  /** The bank's KYC decision (optionally at a given level); pushes ClientDataChanged{kycStatus} when the status changed. */
  setKycStatus(input: { readonly clientId: string; readonly status: KycStatus; readonly level?: KycLevel }): EncodableObject;
  /** The bank verified the client's current contact phone or e-mail: GetScaData returns it from now on. */
  verifyContact(input: { readonly clientId: string; readonly channel: ContactChannel }): EncodableObject;
  /** Moves an application one lifecycle step (INVALID_STATE when illegal); pushes ApplicationStatusChanged. */
  advanceApplication(input: { readonly applicationId: string; readonly status: ApplicationStatus; readonly reason?: string; readonly productId?: string }): EncodableObject;
  /** Places a file of the client in the document store, as the channel's upload service would; returns the attachmentId. */
  registerAttachment(input: { readonly clientId: string } & NewDocumentInput): string;
  /** A message from the bank to the client (unread); a reply joins the thread of the message answered. */
  sendBankMessage(input: {
    readonly clientId: string;
    readonly subject: string;
    readonly body: string;
    readonly senderName?: string;
    readonly replyToMessageId?: string;
    readonly attachments?: readonly NewDocumentInput[];
  }): EncodableObject;
  /** ACTIVE ↔ BLOCKED, or CLOSED (final). Nothing is pushed: ClientDataChanged has no status. */
  setClientStatus(input: { readonly clientId: string; readonly status: ClientStatus }): EncodableObject;
  /** The bank corrected the name or the preferred language; pushes ClientDataChanged with the parts that changed. */
  updateClientData(input: { readonly clientId: string; readonly name?: PersonName; readonly language?: string }): EncodableObject;
};

export function createCrmFixtures(state: CrmState): CrmFixtures {
  const { clients, applications, mailbox } = state;
  return {
    createClient: (input) => {
      const fields = new FixtureInput(input, '', [
        'clientId', 'clientNumber', 'givenName', 'middleName', 'familyName', 'birthDate', 'segment', 'phone', 'email', 'address', 'language', 'locale', 'kycStatus', 'since', 'status',
      ]);
      const address = fields.optionalNested('address', ADDRESS_MEMBERS);
      return clients.create({
        clientId: fields.optionalText('clientId', PATTERNS.identifier),
        clientNumber: fields.optionalText('clientNumber', PATTERNS.clientNumber),
        givenName: fields.optionalText('givenName', PATTERNS.shortText),
        middleName: fields.optionalText('middleName', PATTERNS.shortText),
        familyName: fields.optionalText('familyName', PATTERNS.shortText),
        birthDate: fields.optionalText('birthDate', PATTERNS.date),
        segment: fields.optionalChoice('segment', SEGMENTS),
        phone: fields.optionalText('phone', PATTERNS.phone),
        email: fields.optionalText('email', PATTERNS.email),
        address: address && readAddress(address),
        // A SeedClient's locale is its language when no language is given.
        language: fields.optionalText('language', PATTERNS.language) ?? fields.optionalText('locale', PATTERNS.language),
        kycStatus: fields.optionalChoice('kycStatus', KYC_STATUSES),
        since: fields.optionalText('since', PATTERNS.date),
        status: fields.optionalChoice('status', CLIENT_STATUSES),
      }).clientId;
    },

    setKycStatus: (input) => {
      const fields = new FixtureInput(input, '', ['clientId', 'status', 'level']);
      return kycValue(clients.setKycStatus(fields.text('clientId', PATTERNS.identifier), fields.choice('status', KYC_STATUSES), fields.optionalChoice('level', KYC_LEVELS)));
    },

    verifyContact: (input) => {
      const fields = new FixtureInput(input, '', ['clientId', 'channel']);
      const channel = fields.choice('channel', CONTACT_CHANNELS);
      const verified = clients.verifyContact(fields.text('clientId', PATTERNS.identifier), channel);
      return { [channel]: verified.value, verifiedAt: formatTimestamp(verified.verifiedAt) };
    },

    advanceApplication: (input) => {
      const fields = new FixtureInput(input, '', ['applicationId', 'status', 'reason', 'productId']);
      return applicationStatusValue(
        applications.advance(
          fields.text('applicationId', PATTERNS.identifier),
          fields.choice('status', APPLICATION_STATUSES),
          fields.optionalText('reason', PATTERNS.shortText),
          fields.optionalText('productId', PATTERNS.identifier),
        ),
      );
    },

    registerAttachment: (input) => {
      const fields = new FixtureInput(input, '', ['clientId', ...DOCUMENT_MEMBERS]);
      return mailbox.registerDocument(fields.text('clientId', PATTERNS.identifier), readDocument(fields)).attachmentId;
    },

    sendBankMessage: (input) => {
      const fields = new FixtureInput(input, '', ['clientId', 'subject', 'body', 'senderName', 'replyToMessageId', 'attachments']);
      const message = mailbox.sendFromBank(fields.text('clientId', PATTERNS.identifier), {
        subject: fields.text('subject', PATTERNS.shortText),
        body: fields.text('body', PATTERNS.longText),
        senderName: fields.optionalText('senderName', PATTERNS.shortText),
        replyToMessageId: fields.optionalText('replyToMessageId', PATTERNS.identifier),
        attachments: fields.nestedList('attachments', DOCUMENT_MEMBERS, MAX_ATTACHMENTS).map(readDocument),
      });
      return { messageId: message.messageId, threadId: message.threadId, sentAt: formatTimestamp(message.sentAt) };
    },

    setClientStatus: (input) => {
      const fields = new FixtureInput(input, '', ['clientId', 'status']);
      const client = clients.setStatus(fields.text('clientId', PATTERNS.identifier), fields.choice('status', CLIENT_STATUSES));
      return { clientId: client.clientId, status: client.status };
    },

    updateClientData: (input) => {
      const fields = new FixtureInput(input, '', ['clientId', 'name', 'language']);
      const name = fields.optionalNested('name', NAME_MEMBERS);
      const client = clients.updateMasterData(fields.text('clientId', PATTERNS.identifier), {
        name: name && {
          givenName: name.text('givenName', PATTERNS.shortText),
          middleName: name.optionalText('middleName', PATTERNS.shortText),
          familyName: name.text('familyName', PATTERNS.shortText),
        },
        language: fields.optionalText('language', PATTERNS.language),
      });
      return { clientId: client.clientId, preferredLanguage: client.language, name: { ...client.name } };
    },
  };
}

function readAddress(address: FixtureInput): PostalAddress {
  return {
    line: address.textList('line', PATTERNS.shortText, 1, 3),
    city: address.text('city', PATTERNS.shortText),
    postalCode: address.optionalText('postalCode', /^[\s\S]{1,16}$/u),
    country: address.text('country', PATTERNS.country),
  };
}

function readDocument(document: FixtureInput): NewDocumentInput {
  return {
    name: document.text('name', PATTERNS.fileName),
    mediaType: document.text('mediaType', PATTERNS.mediaType),
    size: document.positiveInteger('size'),
    scan: document.optionalChoice('scan', SCAN_RESULTS),
  };
}
