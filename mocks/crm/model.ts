/**
 * The CRM's domain vocabulary: clients, contacts, SCA channels, KYC, consents, offers,
 * applications and secure messages, as the mock holds them. Plain data only; the rules
 * live in state.ts and its helpers, the wire shapes in handlers.ts.
 */
import type { Money } from '../../common/money.js';
import type { SeedClient } from '../seed/dataset.js';
import type { ContactDetails, PersonName, PostalAddress } from '../../common/contracts/common-types.js';

export type ClientStatus = 'ACTIVE' | 'BLOCKED' | 'CLOSED';
export type ClientSegment = SeedClient['segment'];
export type KycStatus = SeedClient['kycStatus'];
export type KycLevel = 'NONE' | 'SIMPLIFIED' | 'STANDARD' | 'ENHANCED';
export type KycDocumentType = 'IDENTITY_DOCUMENT' | 'PROOF_OF_ADDRESS' | 'TAX_IDENTIFICATION' | 'PROOF_OF_INCOME' | 'SOURCE_OF_FUNDS' | 'SELFIE' | 'OTHER';

/** In the order crm:ConsentType declares them: GetConsents lists them in this order. */
export const CONSENT_TYPES = ['MARKETING_EMAIL', 'MARKETING_SMS', 'PUSH_NOTIFICATIONS', 'DATA_SHARING', 'CREDIT_BUREAU'] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];

export const CHANNELS = ['MOBILE_APP', 'WEB', 'BRANCH', 'CONTACT_CENTRE', 'OTHER'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PRODUCT_TYPES = ['CURRENT_ACCOUNT', 'SAVINGS_ACCOUNT', 'DEBIT_CARD', 'CREDIT_CARD', 'LOAN', 'DEPOSIT', 'OTHER'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

export const APPLICATION_STATUSES = ['SUBMITTED', 'IN_REVIEW', 'DOCUMENTS_REQUIRED', 'APPROVED', 'COMPLETED', 'REJECTED', 'CANCELLED'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type MessageDirection = 'CLIENT_TO_BANK' | 'BANK_TO_CLIENT';
export type ContactChannel = 'phone' | 'email';

export type { ContactDetails, PersonName, PostalAddress } from '../../common/contracts/common-types.js';

/** A phone number or e-mail address the bank verified as the client's, for SCA. */
export interface VerifiedContact {
  readonly value: string;
  readonly verifiedAt: Date;
}

export interface KycRecord {
  readonly status: KycStatus;
  /** The due diligence level reached; kept while EXPIRED, NONE in every other non-VERIFIED status. */
  readonly level: KycLevel;
  /** Last successful identification; survives later status changes. */
  readonly verifiedAt?: Date;
  /** Last valid day (YYYY-MM-DD) while VERIFIED or EXPIRED. */
  readonly validUntil?: string;
  /** When the status was last set; deadlines of missing documents count from it. */
  readonly changedAt: Date;
}

export interface ClientRecord {
  readonly clientId: string;
  readonly clientNumber: string;
  readonly name: PersonName;
  readonly birthDate: string;
  readonly segment: ClientSegment;
  readonly contacts: ContactDetails;
  readonly language: string;
  readonly kyc: KycRecord;
  readonly since: string;
  readonly status: ClientStatus;
  readonly scaPhone?: VerifiedContact;
  readonly scaEmail?: VerifiedContact;
  /** The currency of the client's offers: that of the main account, else EUR. */
  readonly homeCurrency: string;
}

export interface MissingDocument {
  readonly documentType: KycDocumentType;
  readonly requiredBy?: string;
}

export interface KycReport {
  readonly status: KycStatus;
  readonly level: KycLevel;
  readonly verifiedAt?: Date;
  readonly validUntil?: string;
  readonly missingDocuments: readonly MissingDocument[];
}

export interface ConsentRecord {
  readonly type: ConsentType;
  readonly granted: boolean;
  readonly grantedAt?: Date;
  readonly withdrawnAt?: Date;
  readonly channel?: Channel;
}

export interface AccountRecord {
  readonly accountId: string;
  readonly clientId: string;
  readonly currency: string;
  readonly open: boolean;
}

export interface ProductOffer {
  readonly offerId: string;
  readonly productType: ProductType;
  readonly title: string;
  readonly amount?: Money;
  readonly creditLimit?: Money;
  readonly interestRate?: string;
  readonly effectiveRate?: string;
  readonly termMonths?: number;
  readonly validUntil: Date;
}

/** An amount as it arrived on the wire; parsed (and refused) by the domain, compared as sent for idempotency. */
export interface WireMoney {
  readonly amount: string;
  readonly currency: string;
}

export type CardFormFactor = 'PHYSICAL' | 'VIRTUAL';
export type CardDeliveryMethod = 'BRANCH_PICKUP' | 'COURIER' | 'POST';

export type ApplicationDetailsInput =
  | {
      readonly kind: 'cardOrder';
      readonly cardProductCode?: string;
      readonly accountId?: string;
      readonly requestedCreditLimit?: WireMoney;
      readonly formFactor: CardFormFactor;
      readonly embossedName?: string;
      readonly deliveryMethod?: CardDeliveryMethod;
      readonly deliveryAddress?: PostalAddress;
      readonly branchId?: string;
    }
  | {
      readonly kind: 'loan';
      readonly amount: WireMoney;
      readonly termMonths: number;
      readonly purpose: string;
      readonly purposeDescription?: string;
      readonly disbursementAccountId?: string;
    }
  | {
      readonly kind: 'deposit';
      readonly amount: WireMoney;
      readonly termMonths: number;
      readonly sourceAccountId: string;
      readonly rolloverAtMaturity: boolean;
    }
  | { readonly kind: 'other'; readonly description: string };

export interface StatusChange {
  readonly status: ApplicationStatus;
  readonly changedAt: Date;
  readonly reason?: string;
}

export interface ApplicationRecord {
  readonly applicationId: string;
  readonly clientId: string;
  readonly productType: ProductType;
  readonly offerId?: string;
  readonly details: ApplicationDetailsInput;
  readonly channel?: Channel;
  readonly submittedAt: Date;
  /** Oldest first; the last entry is the current status. */
  readonly history: readonly StatusChange[];
  readonly productId?: string;
}

export interface AttachmentRef {
  readonly attachmentId: string;
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
}

export type MalwareScanResult = 'CLEAN' | 'PENDING' | 'INFECTED';

/** A file in the bank's document store. */
export interface StoredDocument extends AttachmentRef {
  readonly clientId: string;
  readonly scan: MalwareScanResult;
}

export interface SecureMessageRecord {
  readonly messageId: string;
  readonly clientId: string;
  readonly threadId: string;
  readonly direction: MessageDirection;
  readonly senderName?: string;
  readonly subject: string;
  readonly body: string;
  readonly sentAt: Date;
  readonly readAt?: Date;
  readonly replyToMessageId?: string;
  readonly attachments: readonly AttachmentRef[];
}
