/**
 * Personal offers and product applications: the checks CreateApplication makes before it
 * stores anything, the status lifecycle the bank moves an application through, and the
 * ApplicationStatusChanged events of every step.
 */
import { compareMoney, parseAmount, type Money } from '../../common/money.js';
import { ContractFault, type Clock } from '../server/types.js';
import type { IdempotencyStore } from '../shared/idempotency.js';
import { moneyOrFault } from '../shared/money.js';
import type { Page, PageRequest } from '../shared/paging.js';
import type { ClientRegistry } from './clients.js';
import type { CrmEvents } from './events.js';
import { kycAllows } from './kyc.js';
import type {
  ApplicationDetailsInput,
  ApplicationRecord,
  ApplicationStatus,
  Channel,
  ClientRecord,
  ProductOffer,
  ProductType,
  WireMoney,
} from './model.js';
import { monthlyOffers, scaledMoney } from './offers.js';
import { paginate } from './paging.js';

export interface CreateApplicationCommand {
  readonly idempotencyKey: string;
  readonly clientId: string;
  readonly productType: ProductType;
  readonly offerId?: string;
  readonly details: ApplicationDetailsInput;
  readonly channel?: Channel;
}

export interface ApplicationCreated {
  readonly applicationId: string;
  readonly status: ApplicationStatus;
  readonly submittedAt: Date;
}

const MAX_OFFERS = 100;
/** GetApplicationStatus returns at most 100 status changes. */
const MAX_HISTORY = 100;

/** Which details element each product type takes. */
const DETAILS_KIND: Readonly<Record<ProductType, ApplicationDetailsInput['kind']>> = {
  DEBIT_CARD: 'cardOrder',
  CREDIT_CARD: 'cardOrder',
  LOAN: 'loan',
  DEPOSIT: 'deposit',
  CURRENT_ACCOUNT: 'other',
  SAVINGS_ACCOUNT: 'other',
  OTHER: 'other',
};

/** SUBMITTED → IN_REVIEW → (DOCUMENTS_REQUIRED → IN_REVIEW) → APPROVED → COMPLETED; REJECTED and CANCELLED end it early. */
const NEXT_STATUSES: Readonly<Record<ApplicationStatus, readonly ApplicationStatus[]>> = {
  SUBMITTED: ['IN_REVIEW', 'REJECTED', 'CANCELLED'],
  IN_REVIEW: ['DOCUMENTS_REQUIRED', 'APPROVED', 'REJECTED', 'CANCELLED'],
  DOCUMENTS_REQUIRED: ['IN_REVIEW', 'REJECTED', 'CANCELLED'],
  APPROVED: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  REJECTED: [],
  CANCELLED: [],
};

const STATUSES_WITH_REASON: ReadonlySet<ApplicationStatus> = new Set(['DOCUMENTS_REQUIRED', 'REJECTED']);

/** Product ranges in EUR-like major units (scaled per currency like offers); terms in months. */
const LOAN_RANGE = { minAmount: 500, maxAmount: 50_000, minTerm: 6, maxTerm: 84 };
const DEPOSIT_RANGE = { minAmount: 100, maxAmount: 1_000_000, minTerm: 1, maxTerm: 60 };
const CREDIT_CARD_RANGE = { minLimit: 100, maxLimit: 50_000 };

const PRODUCT_ID_PREFIX: Readonly<Record<ProductType, string>> = {
  DEBIT_CARD: 'CARD',
  CREDIT_CARD: 'CARD',
  LOAN: 'LOAN',
  DEPOSIT: 'DEP',
  CURRENT_ACCOUNT: 'ACC',
  SAVINGS_ACCOUNT: 'ACC',
  OTHER: 'PRD',
};

export class ApplicationDesk {
  private readonly applications = new Map<string, ApplicationRecord>();
  /** clientId → offer ids already used by an application. */
  private readonly usedOffers = new Map<string, Set<string>>();
  private issued = 0;

  constructor(
    private readonly clock: Clock,
    private readonly events: CrmEvents,
    private readonly ledger: IdempotencyStore,
    private readonly clients: ClientRegistry,
  ) {}

  /** The client's offers still valid and unused, most relevant first; none for a client who is not ACTIVE. */
  offers(clientId: string, productType?: ProductType): ProductOffer[] {
    const client = this.clients.get(clientId);
    return this.openOffers(client)
      .filter((offer) => productType === undefined || offer.productType === productType)
      .slice(0, MAX_OFFERS);
  }

  create(command: CreateApplicationCommand): ApplicationCreated {
    const client = this.clients.get(command.clientId);
    const { idempotencyKey, clientId, ...content } = command;
    return this.ledger.run({ operation: 'CreateApplication', owner: clientId, idempotencyKey, content }, () => {
      const { productType, details, offerId } = content;
      checkDetails(productType, details);
      const amounts = parseAmounts(details);
      if (client.status !== 'ACTIVE') throw new ContractFault('INVALID_STATE', `the client is ${client.status}; no application is accepted`);
      if (!kycAllows(client.kyc, productType)) {
        throw new ContractFault('KYC_REQUIRED', `a ${productType} needs a valid identification (KYC status ${client.kyc.status}, level ${client.kyc.level})`);
      }
      if ((productType === 'LOAN' || productType === 'CREDIT_CARD') && !this.clients.isGranted(clientId, 'CREDIT_BUREAU')) {
        throw new ContractFault('CONSENT_REQUIRED', `a ${productType} needs the CREDIT_BUREAU consent`);
      }
      const offer = offerId === undefined ? undefined : this.usableOffer(client, offerId, productType);
      this.checkAccounts(client, details, amounts.amount);
      checkLimits(productType, details, amounts, offer, client.homeCurrency);

      const submittedAt = this.clock.now();
      this.issued += 1;
      const application: ApplicationRecord = {
        applicationId: `APP${String(this.issued).padStart(8, '0')}`,
        clientId,
        productType,
        ...(offerId === undefined ? {} : { offerId }),
        details,
        ...(content.channel ? { channel: content.channel } : {}),
        submittedAt,
        history: [{ status: 'SUBMITTED', changedAt: submittedAt }],
      };
      this.applications.set(application.applicationId, application);
      if (offerId !== undefined) this.usedOffersOf(clientId).add(offerId);
      this.events.applicationStatusChanged(application);
      return { applicationId: application.applicationId, status: 'SUBMITTED', submittedAt };
    });
  }

  /** Every application as it stands now, in the order they were submitted. */
  all(): IterableIterator<ApplicationRecord> {
    return this.applications.values();
  }

  /** One application of the client; APPLICATION_NOT_FOUND also for another client's. */
  get(clientId: string, applicationId: string): ApplicationRecord {
    this.clients.get(clientId);
    const application = this.applications.get(applicationId);
    if (!application || application.clientId !== clientId) {
      throw new ContractFault('APPLICATION_NOT_FOUND', `the client has no application ${applicationId}`, { field: 'applicationId' });
    }
    return application;
  }

  /** Newest first (submittedAt, then applicationId), optionally only those currently in one of `statuses`. */
  list(clientId: string, statuses: readonly ApplicationStatus[], page: PageRequest): Page<ApplicationRecord> {
    this.clients.get(clientId);
    const wanted = new Set(statuses);
    const matching = [...this.applications.values()].filter((application) => application.clientId === clientId && (wanted.size === 0 || wanted.has(currentStatus(application))));
    return paginate(matching, { list: 'applications', keyOf: (application) => [application.submittedAt.toISOString(), application.applicationId], direction: 'descending' }, page);
  }

  /**
   * The bank moves an application one step along its lifecycle (QA fixture). A reason is
   * required for DOCUMENTS_REQUIRED and REJECTED; COMPLETED names the opened product
   * (generated when not given). Illegal steps are INVALID_STATE.
   */
  advance(applicationId: string, status: ApplicationStatus, reason?: string, productId?: string): ApplicationRecord {
    const application = this.applications.get(applicationId);
    if (!application) throw new ContractFault('APPLICATION_NOT_FOUND', `no application ${applicationId}`, { field: 'applicationId' });
    const from = currentStatus(application);
    if (!NEXT_STATUSES[from].includes(status)) {
      const allowed = NEXT_STATUSES[from];
      throw new ContractFault('INVALID_STATE', `an application in ${from} cannot become ${status}${allowed.length ? `; allowed: ${allowed.join(', ')}` : ' (final)'}`, { field: 'status' });
    }
    if (STATUSES_WITH_REASON.has(status) && !reason) throw new ContractFault('SCHEMA_VIOLATION', `${status} needs a reason for the client`, { field: 'reason' });
    if (productId !== undefined && status !== 'COMPLETED') throw new ContractFault('SCHEMA_VIOLATION', 'productId is given only with COMPLETED', { field: 'productId' });
    if (application.history.length >= MAX_HISTORY) throw new ContractFault('INVALID_STATE', `the application already went through ${MAX_HISTORY} status changes`);
    const changed: ApplicationRecord = {
      ...application,
      history: [...application.history, { status, changedAt: this.clock.now(), ...(reason ? { reason } : {}) }],
      ...(status === 'COMPLETED' ? { productId: productId ?? `${PRODUCT_ID_PREFIX[application.productType]}-${application.applicationId}` } : {}),
    };
    this.applications.set(applicationId, changed);
    this.events.applicationStatusChanged(changed);
    return changed;
  }

  private openOffers(client: ClientRecord): ProductOffer[] {
    if (client.status !== 'ACTIVE') return [];
    const now = this.clock.now();
    const used = this.usedOffersOf(client.clientId);
    return monthlyOffers(client, now).filter((offer) => offer.validUntil >= now && !used.has(offer.offerId));
  }

  /** The client's valid, unused offer of this product type, or OFFER_NOT_FOUND. */
  private usableOffer(client: ClientRecord, offerId: string, productType: ProductType): ProductOffer {
    const offer = this.openOffers(client).find((candidate) => candidate.offerId === offerId);
    if (!offer || offer.productType !== productType) {
      throw new ContractFault('OFFER_NOT_FOUND', `the client has no valid, unused ${productType} offer ${offerId}`, { field: 'offerId' });
    }
    return offer;
  }

  private checkAccounts(client: ClientRecord, details: ApplicationDetailsInput, amount: Money | undefined): void {
    if (details.kind === 'cardOrder' && details.accountId !== undefined) this.clients.account(client.clientId, details.accountId, 'details/cardOrder/accountId');
    if (details.kind === 'loan' && details.disbursementAccountId !== undefined) {
      const account = this.clients.account(client.clientId, details.disbursementAccountId, 'details/loan/disbursementAccountId');
      if (amount && account.currency !== amount.currency) {
        throw new ContractFault('CURRENCY_MISMATCH', `the disbursement account is in ${account.currency}, the loan in ${amount.currency}`, { field: 'details/loan/disbursementAccountId' });
      }
    }
    if (details.kind === 'deposit') {
      const account = this.clients.account(client.clientId, details.sourceAccountId, 'details/deposit/sourceAccountId');
      if (amount && account.currency !== amount.currency) {
        throw new ContractFault('CURRENCY_MISMATCH', `the deposit must be in the source account's currency ${account.currency}`, { field: 'details/deposit/amount' });
      }
    }
  }

  private usedOffersOf(clientId: string): Set<string> {
    let used = this.usedOffers.get(clientId);
    if (!used) this.usedOffers.set(clientId, (used = new Set()));
    return used;
  }
}

export function currentStatus(application: ApplicationRecord): ApplicationStatus {
  return application.history[application.history.length - 1]!.status;
}

/** The rules stated on the details types; a violation is SCHEMA_VIOLATION naming the element. */
function checkDetails(productType: ProductType, details: ApplicationDetailsInput): void {
  const expected = DETAILS_KIND[productType];
  if (details.kind !== expected) {
    throw new ContractFault('SCHEMA_VIOLATION', `a ${productType} application takes details/${expected}, not details/${details.kind}`, { field: `details/${details.kind}` });
  }
  const refuse = (element: string, message: string): never => {
    throw new ContractFault('SCHEMA_VIOLATION', message, { field: `details/${details.kind}/${element}` });
  };
  if (details.kind === 'cardOrder') {
    if (productType === 'DEBIT_CARD' && details.accountId === undefined) refuse('accountId', 'a DEBIT_CARD order names the account the card draws on');
    if (productType === 'CREDIT_CARD' && details.accountId !== undefined) refuse('accountId', 'a CREDIT_CARD has its own account; accountId must be absent');
    if (productType !== 'CREDIT_CARD' && details.requestedCreditLimit !== undefined) refuse('requestedCreditLimit', 'a credit limit is requested only for a CREDIT_CARD');
    if (details.formFactor === 'PHYSICAL' && details.deliveryMethod === undefined) refuse('deliveryMethod', 'a PHYSICAL card needs a deliveryMethod');
    if (details.formFactor === 'VIRTUAL' && details.deliveryMethod !== undefined) refuse('deliveryMethod', 'a VIRTUAL card is not delivered');
    if ((details.deliveryMethod === 'BRANCH_PICKUP') !== (details.branchId !== undefined)) refuse('branchId', 'branchId is given exactly for BRANCH_PICKUP');
    if (details.deliveryAddress !== undefined && details.deliveryMethod !== 'COURIER' && details.deliveryMethod !== 'POST') {
      refuse('deliveryAddress', 'a delivery address is given only for COURIER and POST');
    }
  }
  if (details.kind === 'loan' && details.purpose === 'OTHER' && !details.purposeDescription) refuse('purposeDescription', 'purpose OTHER needs a purposeDescription');
}

interface ParsedAmounts {
  /** The loan principal or the deposit amount. */
  readonly amount?: Money;
  readonly creditLimit?: Money;
}

/** The money of the details under the common rules: INVALID_MONEY or UNKNOWN_CURRENCY naming the element. */
function parseAmounts(details: ApplicationDetailsInput): ParsedAmounts {
  if (details.kind === 'loan' || details.kind === 'deposit') return { amount: parseWireMoney(details.amount, `details/${details.kind}/amount`) };
  if (details.kind === 'cardOrder' && details.requestedCreditLimit) return { creditLimit: parseWireMoney(details.requestedCreditLimit, 'details/cardOrder/requestedCreditLimit') };
  return {};
}

function parseWireMoney(money: WireMoney, field: string): Money {
  return moneyOrFault(field, () => parseAmount(money.amount, money.currency));
}

/** Amounts and terms within the offer's terms and the product's range, else LIMIT_EXCEEDED. */
function checkLimits(productType: ProductType, details: ApplicationDetailsInput, amounts: ParsedAmounts, offer: ProductOffer | undefined, homeCurrency: string): void {
  const exceeded = (field: string, message: string): never => {
    throw new ContractFault('LIMIT_EXCEEDED', message, { field: `details/${details.kind}/${field}` });
  };
  const sameCurrency = (requested: Money, offered: Money | undefined, field: string): void => {
    if (offered && offered.currency !== requested.currency) {
      throw new ContractFault('CURRENCY_MISMATCH', `the offer is in ${offered.currency}`, { field: `details/${details.kind}/${field}` });
    }
  };
  if ((details.kind === 'loan' || details.kind === 'deposit') && amounts.amount) {
    const range = details.kind === 'loan' ? LOAN_RANGE : DEPOSIT_RANGE;
    const amount = amounts.amount;
    if (compareMoney(amount, scaledMoney(range.minAmount, amount.currency)) < 0 || compareMoney(amount, scaledMoney(range.maxAmount, amount.currency)) > 0) {
      exceeded('amount', `the amount is outside the ${productType} range`);
    }
    if (details.termMonths < range.minTerm || details.termMonths > range.maxTerm) exceeded('termMonths', `a ${productType} runs ${range.minTerm} to ${range.maxTerm} months`);
    if (offer) {
      sameCurrency(amount, offer.amount, 'amount');
      // A loan offer's amount is the most that is pre-approved; a deposit offer's the least its rate applies to.
      if (offer.amount) {
        const beyondOffer = details.kind === 'loan' ? compareMoney(amount, offer.amount) > 0 : compareMoney(amount, offer.amount) < 0;
        if (beyondOffer) exceeded('amount', details.kind === 'loan' ? 'the amount is above the pre-approved amount of the offer' : "the amount is below the offer's minimum");
      }
      if (offer.termMonths !== undefined && details.termMonths > offer.termMonths) exceeded('termMonths', `the offer runs at most ${offer.termMonths} months`);
    }
  }
  if (details.kind === 'cardOrder' && amounts.creditLimit) {
    const limit = amounts.creditLimit;
    // The card account is opened in the client's main currency, or the offer's.
    const expectedCurrency = offer?.creditLimit?.currency ?? homeCurrency;
    if (limit.currency !== expectedCurrency) {
      throw new ContractFault('CURRENCY_MISMATCH', `the card account will be in ${expectedCurrency}`, { field: 'details/cardOrder/requestedCreditLimit' });
    }
    if (compareMoney(limit, scaledMoney(CREDIT_CARD_RANGE.minLimit, limit.currency)) < 0 || compareMoney(limit, scaledMoney(CREDIT_CARD_RANGE.maxLimit, limit.currency)) > 0) {
      exceeded('requestedCreditLimit', 'the credit limit is outside the product range');
    }
    if (offer?.creditLimit && compareMoney(limit, offer.creditLimit) > 0) exceeded('requestedCreditLimit', `the credit limit is beyond the offer's`);
  }
}
