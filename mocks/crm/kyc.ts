/**
 * Know-your-customer rules of the mock: identification is reviewed every five years from
 * the client-since date, the level follows the segment, and the documents still needed
 * follow from the status.
 */
import { addDays, addMonths, dateOf, instantOn } from '../shared/calendar.js';
import { earlier } from './calendar.js';
import type { ClientSegment, KycLevel, KycRecord, KycReport, KycStatus, MissingDocument, ProductType } from './model.js';

const REVIEW_CYCLE_MONTHS = 5 * 12;
/** Days the client has to hand in what a pending or expired identification lacks. */
const DOCUMENT_DEADLINE_DAYS = 30;

const LEVEL_ORDER: readonly KycLevel[] = ['NONE', 'SIMPLIFIED', 'STANDARD', 'ENHANCED'];

/**
 * The least level each product needs. Accounts, deposits and debit cards are low risk;
 * credit products need identity verification at least (crm:KycLevel STANDARD).
 */
const REQUIRED_LEVEL: Readonly<Record<ProductType, KycLevel>> = {
  CURRENT_ACCOUNT: 'SIMPLIFIED',
  SAVINGS_ACCOUNT: 'SIMPLIFIED',
  DEBIT_CARD: 'SIMPLIFIED',
  DEPOSIT: 'SIMPLIFIED',
  CREDIT_CARD: 'STANDARD',
  LOAN: 'STANDARD',
  OTHER: 'STANDARD',
};

/** Private banking clients pass enhanced due diligence (source of wealth); everyone else the standard one. */
export function levelForSegment(segment: ClientSegment): KycLevel {
  return segment === 'PRIVATE' ? 'ENHANCED' : 'STANDARD';
}

/** The KYC record of a seeded client whose status is known as of `now`. */
export function seedKyc(status: KycStatus, segment: ClientSegment, since: string, now: Date): KycRecord {
  const today = dateOf(now);
  // The last periodic review on or before today (the identification itself when the client is newer than a cycle).
  let lastReview = since;
  while (addMonths(lastReview, REVIEW_CYCLE_MONTHS) <= today) lastReview = addMonths(lastReview, REVIEW_CYCLE_MONTHS);
  const identifiedAt = earlier(instantOn(lastReview, '10:00:00'), now);
  switch (status) {
    case 'VERIFIED':
      return { status, level: levelForSegment(segment), verifiedAt: identifiedAt, validUntil: addDays(addMonths(lastReview, REVIEW_CYCLE_MONTHS), -1), changedAt: identifiedAt };
    case 'EXPIRED': {
      // The identity document ran out before the next review: valid until yesterday.
      const yesterday = addDays(today, -1);
      const validUntil = yesterday < lastReview ? lastReview : yesterday;
      return { status, level: levelForSegment(segment), verifiedAt: identifiedAt, validUntil, changedAt: earlier(instantOn(addDays(validUntil, 1), '00:00:00'), now) };
    }
    case 'PENDING':
      // An identification in progress started recently: its document deadlines lie ahead.
      return { status, level: 'NONE', changedAt: now };
    default:
      return { status, level: 'NONE', changedAt: earlier(instantOn(since, '10:00:00'), now) };
  }
}

/** The record after the bank set a new status at `now`; `level` overrides the segment's level when verifying. */
export function changeKyc(current: KycRecord, status: KycStatus, segment: ClientSegment, now: Date, level?: KycLevel): KycRecord {
  const verifiedAt = current.verifiedAt;
  switch (status) {
    case 'VERIFIED':
      return { status, level: level ?? levelForSegment(segment), verifiedAt: now, validUntil: addDays(addMonths(dateOf(now), REVIEW_CYCLE_MONTHS), -1), changedAt: now };
    case 'EXPIRED': {
      if (!verifiedAt) return { status, level: level ?? levelForSegment(segment), changedAt: now };
      const yesterday = addDays(dateOf(now), -1);
      const validUntil = yesterday < dateOf(verifiedAt) ? dateOf(verifiedAt) : yesterday;
      return { status, level: level ?? (current.level === 'NONE' ? levelForSegment(segment) : current.level), verifiedAt, validUntil, changedAt: now };
    }
    default:
      return { status, level: 'NONE', ...(verifiedAt ? { verifiedAt } : {}), changedAt: now };
  }
}

export function kycReport(record: KycRecord, segment: ClientSegment): KycReport {
  return {
    status: record.status,
    level: record.level,
    ...(record.verifiedAt ? { verifiedAt: record.verifiedAt } : {}),
    ...(record.validUntil ? { validUntil: record.validUntil } : {}),
    missingDocuments: missingDocuments(record, segment),
  };
}

function missingDocuments(record: KycRecord, segment: ClientSegment): MissingDocument[] {
  const deadline = addDays(dateOf(record.changedAt), DOCUMENT_DEADLINE_DAYS);
  const enhanced: MissingDocument[] = segment === 'PRIVATE' ? [{ documentType: 'SOURCE_OF_FUNDS' }] : [];
  switch (record.status) {
    case 'VERIFIED':
      return [];
    case 'NOT_STARTED':
      return [{ documentType: 'IDENTITY_DOCUMENT' }, { documentType: 'PROOF_OF_ADDRESS' }, { documentType: 'SELFIE' }, ...enhanced];
    case 'PENDING':
      // The identity document is in; the bank waits for the address proof and the biometric check.
      return [{ documentType: 'PROOF_OF_ADDRESS', requiredBy: deadline }, { documentType: 'SELFIE', requiredBy: deadline }, ...enhanced.map((document) => ({ ...document, requiredBy: deadline }))];
    case 'EXPIRED':
      return [{ documentType: 'IDENTITY_DOCUMENT', requiredBy: deadline }];
    case 'REJECTED':
      return [{ documentType: 'IDENTITY_DOCUMENT' }, { documentType: 'SELFIE' }, ...enhanced];
  }
}

/** Whether the client may apply for the product: identified, still valid, at a sufficient level. */
export function kycAllows(record: KycRecord, productType: ProductType): boolean {
  return record.status === 'VERIFIED' && LEVEL_ORDER.indexOf(record.level) >= LEVEL_ORDER.indexOf(REQUIRED_LEVEL[productType]);
}
