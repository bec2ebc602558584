/**
 * Domain records as response values of the CRM contract (crm:Client, crm:Consent,
 * crm:ProductOffer, crm:SecureMessage, …), in the codec's plain value conventions.
 */
import type { EncodableObject } from '../../common/soap/codec.js';
import { moneyValue } from '../shared/money.js';
import { currentStatus } from './applications.js';
import { formatTimestamp } from './calendar.js';
import { contactDetailsValue, personNameValue } from './events.js';
import type { ApplicationRecord, AttachmentRef, ClientRecord, ConsentRecord, KycReport, ProductOffer, SecureMessageRecord } from './model.js';

export function clientValue(client: ClientRecord): EncodableObject {
  return {
    clientId: client.clientId,
    clientNumber: client.clientNumber,
    name: personNameValue(client.name),
    birthDate: client.birthDate,
    segment: client.segment,
    contacts: contactDetailsValue(client.contacts),
    preferredLanguage: client.language,
    kycStatus: client.kyc.status,
    clientSince: client.since,
    status: client.status,
  };
}

export function kycValue(report: KycReport): EncodableObject {
  return {
    status: report.status,
    level: report.level,
    ...(report.verifiedAt ? { verifiedAt: formatTimestamp(report.verifiedAt) } : {}),
    ...(report.validUntil ? { validUntil: report.validUntil } : {}),
    ...(report.missingDocuments.length > 0
      ? { missingDocument: report.missingDocuments.map((document) => ({ documentType: document.documentType, ...(document.requiredBy ? { requiredBy: document.requiredBy } : {}) })) }
      : {}),
  };
}

export function consentsValue(consents: readonly ConsentRecord[]): EncodableObject {
  return {
    consent: consents.map((consent) => ({
      type: consent.type,
      granted: consent.granted,
      ...(consent.grantedAt ? { grantedAt: formatTimestamp(consent.grantedAt) } : {}),
      ...(consent.withdrawnAt ? { withdrawnAt: formatTimestamp(consent.withdrawnAt) } : {}),
      ...(consent.channel ? { channel: consent.channel } : {}),
    })),
  };
}

export function offerValue(offer: ProductOffer): EncodableObject {
  return {
    offerId: offer.offerId,
    productType: offer.productType,
    title: offer.title,
    ...(offer.amount ? { amount: moneyValue(offer.amount.minor, offer.amount.currency) } : {}),
    ...(offer.creditLimit ? { creditLimit: moneyValue(offer.creditLimit.minor, offer.creditLimit.currency) } : {}),
    ...(offer.interestRate ? { interestRate: offer.interestRate } : {}),
    ...(offer.effectiveRate ? { effectiveRate: offer.effectiveRate } : {}),
    ...(offer.termMonths === undefined ? {} : { termMonths: offer.termMonths }),
    validUntil: formatTimestamp(offer.validUntil),
  };
}

export function applicationStatusValue(application: ApplicationRecord): EncodableObject {
  const current = application.history[application.history.length - 1]!;
  return {
    productType: application.productType,
    status: current.status,
    ...(current.reason ? { reason: current.reason } : {}),
    submittedAt: formatTimestamp(application.submittedAt),
    ...(application.offerId ? { offerId: application.offerId } : {}),
    ...(current.status === 'COMPLETED' && application.productId ? { productId: application.productId } : {}),
    statusChange: application.history.map((change) => ({ status: change.status, changedAt: formatTimestamp(change.changedAt), ...(change.reason ? { reason: change.reason } : {}) })),
  };
}

export function applicationSummaryValue(application: ApplicationRecord): EncodableObject {
  const status = currentStatus(application);
  return {
    applicationId: application.applicationId,
    productType: application.productType,
    status,
    submittedAt: formatTimestamp(application.submittedAt),
    updatedAt: formatTimestamp(application.history[application.history.length - 1]!.changedAt),
    ...(application.offerId ? { offerId: application.offerId } : {}),
    ...(status === 'COMPLETED' && application.productId ? { productId: application.productId } : {}),
  };
}

export function messageSummaryValue(message: SecureMessageRecord): EncodableObject {
  return {
    messageId: message.messageId,
    threadId: message.threadId,
    direction: message.direction,
    subject: message.subject,
    sentAt: formatTimestamp(message.sentAt),
    read: message.readAt !== undefined,
    ...(message.readAt ? { readAt: formatTimestamp(message.readAt) } : {}),
    attachmentCount: message.attachments.length,
  };
}

export function messageValue(message: SecureMessageRecord): EncodableObject {
  return {
    messageId: message.messageId,
    threadId: message.threadId,
    direction: message.direction,
    ...(message.direction === 'BANK_TO_CLIENT' && message.senderName ? { senderName: message.senderName } : {}),
    subject: message.subject,
    body: message.body,
    sentAt: formatTimestamp(message.sentAt),
    read: message.readAt !== undefined,
    ...(message.readAt ? { readAt: formatTimestamp(message.readAt) } : {}),
    ...(message.replyToMessageId ? { replyToMessageId: message.replyToMessageId } : {}),
    ...(message.attachments.length > 0 ? { attachment: message.attachments.map(attachmentValue) } : {}),
  };
}

function attachmentValue(attachment: AttachmentRef): EncodableObject {
  return { attachmentId: attachment.attachmentId, name: attachment.name, mediaType: attachment.mediaType, size: attachment.size };
}
