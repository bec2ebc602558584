/**
 * The domain types of the CRM contract (wsdl/crm/v1/Crm.xsd) as the hub uses them:
 * requests and results of each operation, enum values as string unions taken from the
 * schema, money as Money (bigint minor units), dates as "YYYY-MM-DD", instants as Date.
 * The client and application records of the hub's store are hub/store/types.ts
 * ClientRecord and ApplicationRecord; a person's name, address and contacts are the cmn
 * shapes of common/contracts/common-types.ts.
 */
import type { Money } from '../../common/money.js';
import type { ContactDetails, PersonName, PostalAddress } from '../../common/contracts/common-types.js';
import type { PageInfo } from '../shared/message-reader.js';
import type { PageRequest } from '../shared/message-writer.js';

export type { ContactDetails, PageInfo, PageRequest, PersonName, PostalAddress };

export const CLIENT_SEGMENTS = ['RETAIL', 'PREMIUM', 'PRIVATE', 'SME'] as const;
export type ClientSegment = (typeof CLIENT_SEGMENTS)[number];

/** ACTIVE ↔ BLOCKED, or CLOSED (final). */
export const CLIENT_STATUSES = ['ACTIVE', 'BLOCKED', 'CLOSED'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

/** cmn:KycStatus. */
export const KYC_STATUSES = ['NOT_STARTED', 'PENDING', 'VERIFIED', 'EXPIRED', 'REJECTED'] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];

export const KYC_LEVELS = ['NONE', 'SIMPLIFIED', 'STANDARD', 'ENHANCED'] as const;
export type KycLevel = (typeof KYC_LEVELS)[number];

export const KYC_DOCUMENT_TYPES = ['IDENTITY_DOCUMENT', 'PROOF_OF_ADDRESS', 'TAX_IDENTIFICATION', 'PROOF_OF_INCOME', 'SOURCE_OF_FUNDS', 'SELFIE', 'OTHER'] as const;
export type KycDocumentType = (typeof KYC_DOCUMENT_TYPES)[number];

/** In the order the schema declares them, which is also GetConsents' order. */
export const CONSENT_TYPES = ['MARKETING_EMAIL', 'MARKETING_SMS', 'PUSH_NOTIFICATIONS', 'DATA_SHARING', 'CREDIT_BUREAU'] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];

export const CHANNELS = ['MOBILE_APP', 'WEB', 'BRANCH', 'CONTACT_CENTRE', 'OTHER'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CARD_FORM_FACTORS = ['PHYSICAL', 'VIRTUAL'] as const;
export type CardFormFactor = (typeof CARD_FORM_FACTORS)[number];

export const CARD_DELIVERY_METHODS = ['BRANCH_PICKUP', 'COURIER', 'POST'] as const;
export type CardDeliveryMethod = (typeof CARD_DELIVERY_METHODS)[number];

export const LOAN_PURPOSES = ['CONSUMER_GOODS', 'CAR', 'HOME_IMPROVEMENT', 'EDUCATION', 'MEDICAL', 'TRAVEL', 'DEBT_REFINANCING', 'OTHER'] as const;
export type LoanPurpose = (typeof LOAN_PURPOSES)[number];

export const MESSAGE_DIRECTIONS = ['CLIENT_TO_BANK', 'BANK_TO_CLIENT'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** cmn:ProductType. */
export const PRODUCT_TYPES = ['CURRENT_ACCOUNT', 'SAVINGS_ACCOUNT', 'DEBIT_CARD', 'CREDIT_CARD', 'LOAN', 'DEPOSIT', 'OTHER'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

/** cmn:ApplicationStatus. COMPLETED, REJECTED and CANCELLED are final. */
export const APPLICATION_STATUSES = ['SUBMITTED', 'IN_REVIEW', 'DOCUMENTS_REQUIRED', 'APPROVED', 'COMPLETED', 'REJECTED', 'CANCELLED'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** crm:Client: a client's master data. */
export interface Client {
  readonly clientId: string;
  /** The customer number shown to the client. */
  readonly clientNumber: string;
  readonly name: PersonName;
  readonly birthDate: string;
  readonly segment: ClientSegment;
  /** Current contacts, not necessarily verified for SCA (see ScaData). */
  readonly contacts: ContactDetails;
  /** cmn:LanguageCode: "en", "ru", "de-AT". */
  readonly preferredLanguage: string;
  readonly kycStatus: KycStatus;
  readonly clientSince: string;
  readonly status: ClientStatus;
}

/** Exactly one criterion; both match exactly. */
export type ClientSearchCriterion = { readonly clientNumber: string; readonly phone?: never } | { readonly phone: string; readonly clientNumber?: never };

export interface SearchClientsRequest {
  readonly criterion: ClientSearchCriterion;
  readonly page?: PageRequest;
}

export interface ClientPage {
  readonly clients: readonly Client[];
  readonly page: PageInfo;
}

/** A partial update: each present part replaces the stored one whole; at least one is present. */
export interface UpdateContactsRequest {
  readonly clientId: string;
  readonly phone?: string;
  readonly email?: string;
  readonly address?: PostalAddress;
}

export interface ContactsUpdate {
  /** All contacts as now stored. */
  readonly contacts: ContactDetails;
  readonly updatedAt: Date;
}

/** crm:GetScaDataResponse: the channels the bank has verified for confirmation codes. */
export interface ScaData {
  readonly phone?: { readonly phone: string; readonly verifiedAt: Date };
  readonly email?: { readonly email: string; readonly verifiedAt: Date };
}

export interface MissingDocument {
  readonly documentType: KycDocumentType;
  readonly description?: string;
  /** Last day to provide it, included. */
  readonly requiredBy?: string;
}

export interface KycState {
  readonly status: KycStatus;
  readonly level: KycLevel;
  readonly verifiedAt?: Date;
  /** Last day, included, on which the identification is valid. */
  readonly validUntil?: string;
  readonly missingDocuments: readonly MissingDocument[];
}

/** crm:Consent: the client's current decision on one consent type. */
export interface Consent {
  readonly type: ConsentType;
  readonly granted: boolean;
  readonly grantedAt?: Date;
  readonly withdrawnAt?: Date;
  /** Channel of the most recent change; absent when the client never decided. */
  readonly channel?: Channel;
}

export interface ConsentChange {
  readonly type: ConsentType;
  readonly granted: boolean;
}

export interface UpdateConsentsRequest {
  readonly clientId: string;
  readonly channel: Channel;
  /** 1 to 50, each type at most once. */
  readonly changes: readonly ConsentChange[];
}

export interface GetProductOffersRequest {
  readonly clientId: string;
  readonly productType?: ProductType;
}

/** crm:ProductOffer: a personal offer; money and rates where relevant to the product. */
export interface ProductOffer {
  readonly offerId: string;
  readonly productType: ProductType;
  readonly title: string;
  readonly description?: string;
  readonly amount?: Money;
  readonly creditLimit?: Money;
  /** Annual nominal rate in percent, the contract's decimal string ("11.9"). */
  readonly interestRate?: string;
  /** Annual percentage rate of charge in percent ("12.62"). */
  readonly effectiveRate?: string;
  readonly termMonths?: number;
  readonly validUntil: Date;
}

/** crm:CardOrderDetails (DEBIT_CARD, CREDIT_CARD); the schema's rules between the fields are checked by the CRM. */
export interface CardOrderDetails {
  readonly cardProductCode?: string;
  /** Required for a DEBIT_CARD, absent for a CREDIT_CARD. */
  readonly accountId?: string;
  /** CREDIT_CARD only. */
  readonly requestedCreditLimit?: Money;
  readonly formFactor: CardFormFactor;
  readonly embossedName?: string;
  /** Required for a PHYSICAL card. */
  readonly deliveryMethod?: CardDeliveryMethod;
  /** COURIER and POST only; absent: the postal address on file. */
  readonly deliveryAddress?: PostalAddress;
  /** Exactly when deliveryMethod is BRANCH_PICKUP. */
  readonly branchId?: string;
}

export interface LoanApplicationDetails {
  readonly amount: Money;
  /** 1 to 600. */
  readonly termMonths: number;
  readonly purpose: LoanPurpose;
  /** Required when purpose is OTHER. */
  readonly purposeDescription?: string;
  readonly disbursementAccountId?: string;
}

export interface DepositOpeningDetails {
  /** In the source account's currency. */
  readonly amount: Money;
  /** 1 to 600. */
  readonly termMonths: number;
  readonly sourceAccountId: string;
  readonly rolloverAtMaturity?: boolean;
}

export interface OtherApplicationDetails {
  readonly description: string;
}

/** crm:ApplicationDetails: exactly one member, matching the productType. */
export type ApplicationDetails =
  | { readonly cardOrder: CardOrderDetails; readonly loan?: never; readonly deposit?: never; readonly other?: never }
  | { readonly loan: LoanApplicationDetails; readonly cardOrder?: never; readonly deposit?: never; readonly other?: never }
  | { readonly deposit: DepositOpeningDetails; readonly cardOrder?: never; readonly loan?: never; readonly other?: never }
  | { readonly other: OtherApplicationDetails; readonly cardOrder?: never; readonly loan?: never; readonly deposit?: never };

export interface CreateApplicationRequest {
  readonly clientId: string;
  readonly productType: ProductType;
  readonly offerId?: string;
  readonly details: ApplicationDetails;
  readonly channel?: Channel;
}

/** The new application: stored, not decided (unless the bank decided at once). */
export interface CreatedApplication {
  readonly applicationId: string;
  readonly status: ApplicationStatus;
  readonly submittedAt: Date;
}

export interface GetApplicationStatusRequest {
  readonly clientId: string;
  readonly applicationId: string;
}

export interface ApplicationStatusChange {
  readonly status: ApplicationStatus;
  readonly changedAt: Date;
  readonly reason?: string;
}

/** crm:GetApplicationStatusResponse: the current status and the whole history, oldest first. */
export interface ApplicationState {
  readonly productType: ProductType;
  readonly status: ApplicationStatus;
  /** Present for DOCUMENTS_REQUIRED and REJECTED. */
  readonly reason?: string;
  readonly submittedAt: Date;
  readonly offerId?: string;
  /** Present exactly when COMPLETED. */
  readonly productId?: string;
  readonly history: readonly ApplicationStatusChange[];
}

export interface ListApplicationsRequest {
  readonly clientId: string;
  /** Only applications currently in these statuses; all when absent or empty. */
  readonly statuses?: readonly ApplicationStatus[];
  readonly page?: PageRequest;
}

/** crm:ApplicationSummary. */
export interface ApplicationSummary {
  readonly applicationId: string;
  readonly productType: ProductType;
  readonly status: ApplicationStatus;
  readonly submittedAt: Date;
  readonly updatedAt: Date;
  readonly offerId?: string;
  readonly productId?: string;
}

export interface ApplicationPage {
  readonly applications: readonly ApplicationSummary[];
  readonly page: PageInfo;
}

export interface ListSecureMessagesRequest {
  readonly clientId: string;
  readonly threadId?: string;
  readonly direction?: MessageDirection;
  readonly unreadOnly?: boolean;
  readonly page?: PageRequest;
}

/** crm:AttachmentRef: a file in the bank's document store; its content never travels here. */
export interface AttachmentRef {
  readonly attachmentId: string;
  readonly name: string;
  readonly mediaType: string;
  /** Bytes, at least 1. */
  readonly size: number;
}

export interface SecureMessageSummary {
  readonly messageId: string;
  readonly threadId: string;
  readonly direction: MessageDirection;
  readonly subject: string;
  readonly sentAt: Date;
  readonly read: boolean;
  readonly readAt?: Date;
  readonly attachmentCount: number;
}

export interface SecureMessagePage {
  readonly messages: readonly SecureMessageSummary[];
  /** Unread BANK_TO_CLIENT messages of the client in total, for a badge. */
  readonly unreadCount: number;
  readonly page: PageInfo;
}

export interface GetSecureMessageRequest {
  readonly clientId: string;
  readonly messageId: string;
}

export interface SecureMessage {
  readonly messageId: string;
  readonly threadId: string;
  readonly direction: MessageDirection;
  /** BANK_TO_CLIENT: the adviser or department shown as sender. */
  readonly senderName?: string;
  readonly subject: string;
  /** Plain text; line breaks are kept. */
  readonly body: string;
  readonly sentAt: Date;
  readonly read: boolean;
  readonly readAt?: Date;
  readonly replyToMessageId?: string;
  readonly attachments: readonly AttachmentRef[];
}

export interface SendSecureMessageRequest {
  readonly clientId: string;
  readonly subject: string;
  readonly body: string;
  /** The message answered; absent: a new thread. */
  readonly replyToMessageId?: string;
  /** 0 to 10 files uploaded beforehand to the bank's document store. */
  readonly attachments?: readonly AttachmentRef[];
}

export interface SentMessage {
  readonly messageId: string;
  readonly threadId: string;
  readonly sentAt: Date;
}

export interface MarkSecureMessageReadRequest {
  readonly clientId: string;
  readonly messageId: string;
}

/**
 * What the notifications flow needs to reach a client, from GetClient and GetConsents:
 * the language to write in, where to write, and which marketing consents are given.
 * Service messages (security, payments, confirmation codes) need no consent; marketing
 * needs the consent of its channel.
 */
export interface ContactProfile {
  readonly clientId: string;
  /** cmn:LanguageCode ("de-AT"). */
  readonly language: string;
  readonly name: PersonName;
  readonly status: ClientStatus;
  readonly email?: string;
  readonly phone?: string;
  readonly address?: PostalAddress;
  /** Every consent type, granted or not; a type the client never decided on is false. */
  readonly consents: Readonly<Record<ConsentType, boolean>>;
}
