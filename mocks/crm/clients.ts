/**
 * Client master data, contacts, SCA channels, KYC and consents. Every change the hub
 * caches (name, contacts, language, KYC status) is pushed as ClientDataChanged with only
 * the parts that changed.
 */
import { ContractFault, type Clock } from '../server/types.js';
import type { SeedAccount, SeedClient } from '../seed/dataset.js';
import { dateOf, instantOn } from '../shared/calendar.js';
import { canonicalJson, type IdempotencyStore } from '../shared/idempotency.js';
import type { Page, PageRequest } from '../shared/paging.js';
import { earlier } from './calendar.js';
import { completeClientChange, type ClientChange, type CrmEvents } from './events.js';
import { changeKyc, kycReport, seedKyc } from './kyc.js';
import {
  CONSENT_TYPES,
  type AccountRecord,
  type Channel,
  type ClientRecord,
  type ClientSegment,
  type ClientStatus,
  type ConsentRecord,
  type ConsentType,
  type ContactChannel,
  type ContactDetails,
  type KycLevel,
  type KycReport,
  type KycStatus,
  type PersonName,
  type PostalAddress,
  type VerifiedContact,
} from './model.js';
import { fnv1a } from './offers.js';
import { paginate } from './paging.js';

export type ClientSearchCriterion = { readonly clientNumber: string } | { readonly phone: string };

export interface UpdateContactsCommand {
  readonly idempotencyKey: string;
  readonly clientId: string;
  readonly phone?: string;
  readonly email?: string;
  readonly address?: PostalAddress;
}

export interface ContactsUpdated {
  readonly contacts: ContactDetails;
  readonly updatedAt: Date;
}

export interface ConsentChange {
  readonly type: ConsentType;
  readonly granted: boolean;
}

export interface UpdateConsentsCommand {
  readonly idempotencyKey: string;
  readonly clientId: string;
  readonly channel: Channel;
  readonly changes: readonly ConsentChange[];
}

export interface ScaData {
  readonly phone?: VerifiedContact;
  readonly email?: VerifiedContact;
}

/** A new client for the createClient fixture; whatever is absent gets a generated value. */
export interface NewClient {
  readonly clientId?: string;
  readonly clientNumber?: string;
  readonly givenName?: string;
  readonly middleName?: string;
  readonly familyName?: string;
  readonly birthDate?: string;
  readonly segment?: ClientSegment;
  readonly phone?: string;
  readonly email?: string;
  readonly address?: PostalAddress;
  readonly language?: string;
  readonly kycStatus?: KycStatus;
  readonly since?: string;
  readonly status?: ClientStatus;
}

const FALLBACK_CURRENCY = 'EUR';

export class ClientRegistry {
  private readonly clients = new Map<string, ClientRecord>();
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly consentsByClient = new Map<string, Map<ConsentType, ConsentRecord>>();
  /** The currency of each client's main account: the first current account, else the first account. */
  private readonly homeCurrencies = new Map<string, string>();
  private createdClients = 0;

  constructor(
    private readonly clock: Clock,
    private readonly events: CrmEvents,
    private readonly ledger: IdempotencyStore,
  ) {}

  /** Takes the dataset's clients (all ACTIVE, contacts verified since they became clients) and accounts. */
  seed(clients: readonly SeedClient[], accounts: readonly SeedAccount[]): void {
    const now = this.clock.now();
    const mainAccounts = new Map<string, SeedAccount>();
    for (const account of accounts) {
      this.accounts.set(account.accountId, { accountId: account.accountId, clientId: account.clientId, currency: account.currency, open: true });
      const main = mainAccounts.get(account.clientId);
      if (!main || (main.type !== 'CURRENT' && account.type === 'CURRENT')) mainAccounts.set(account.clientId, account);
    }
    for (const [clientId, account] of mainAccounts) this.homeCurrencies.set(clientId, account.currency);
    for (const seed of clients) {
      const identifiedAt = earlier(instantOn(seed.since, '10:00:00'), now);
      const contacts: ContactDetails = { phone: seed.phone, email: seed.email, address: { ...seed.address, line: [...seed.address.line] } };
      this.clients.set(seed.clientId, {
        clientId: seed.clientId,
        clientNumber: seed.clientNumber,
        name: { givenName: seed.givenName, ...(seed.middleName ? { middleName: seed.middleName } : {}), familyName: seed.familyName },
        birthDate: seed.birthDate,
        segment: seed.segment,
        contacts,
        language: seed.language,
        kyc: seedKyc(seed.kycStatus, seed.segment, seed.since, now),
        since: seed.since,
        status: 'ACTIVE',
        scaPhone: { value: seed.phone, verifiedAt: identifiedAt },
        scaEmail: { value: seed.email, verifiedAt: identifiedAt },
        homeCurrency: this.homeCurrencyOf(seed.clientId),
      });
      this.consentsByClient.set(seed.clientId, onboardingConsents(seed.clientId, identifiedAt));
    }
  }

  /** Every client as it stands now, in the order they came into the CRM. */
  all(): IterableIterator<ClientRecord> {
    return this.clients.values();
  }

  /** The client, or CLIENT_NOT_FOUND. */
  get(clientId: string): ClientRecord {
    const client = this.clients.get(clientId);
    if (!client) throw new ContractFault('CLIENT_NOT_FOUND', `no client ${clientId}`, { field: 'clientId' });
    return client;
  }

  /** The client's open account, or ACCOUNT_NOT_FOUND (also for another client's account) / ACCOUNT_CLOSED. */
  account(clientId: string, accountId: string, field: string): AccountRecord {
    const account = this.accounts.get(accountId);
    if (!account || account.clientId !== clientId) throw new ContractFault('ACCOUNT_NOT_FOUND', `the client has no account ${accountId}`, { field });
    if (!account.open) throw new ContractFault('ACCOUNT_CLOSED', `account ${accountId} is closed`, { field });
    return account;
  }

  /** Exact matches in ascending clientId order; the phone matches the contact phone or the verified SCA phone. */
  search(criterion: ClientSearchCriterion, page: PageRequest): Page<ClientRecord> {
    const matches = [...this.clients.values()].filter((client) =>
      'clientNumber' in criterion ? client.clientNumber === criterion.clientNumber : client.contacts.phone === criterion.phone || client.scaPhone?.value === criterion.phone,
    );
    return paginate(matches, { list: 'clients', keyOf: (client) => [client.clientId], direction: 'ascending' }, page);
  }

  updateContacts(command: UpdateContactsCommand): ContactsUpdated {
    const client = this.get(command.clientId);
    const { idempotencyKey, clientId, ...content } = command;
    return this.ledger.run({ operation: 'UpdateContacts', owner: clientId, idempotencyKey, content }, () => {
      if (content.phone === undefined && content.email === undefined && content.address === undefined) {
        throw new ContractFault('SCHEMA_VIOLATION', 'give at least one of phone, email and address');
      }
      if (client.status === 'CLOSED') throw new ContractFault('INVALID_STATE', 'the client relationship is closed; its data can only be read');
      // Present parts replace the stored ones whole (an address is never merged line by line); absent ones stay.
      const contacts: ContactDetails = {
        ...client.contacts,
        ...(content.phone === undefined ? {} : { phone: content.phone }),
        ...(content.email === undefined ? {} : { email: content.email }),
        ...(content.address === undefined ? {} : { address: content.address }),
      };
      // The SCA channels stay as verified: a new number or address is not a channel until verifyContact.
      this.replace({ ...client, contacts }, { contacts });
      return { contacts, updatedAt: this.clock.now() };
    });
  }

  /** The verified SCA channels: a changed phone or e-mail shows only after the bank has verified it. */
  scaData(clientId: string): ScaData {
    const client = this.get(clientId);
    return { ...(client.scaPhone ? { phone: client.scaPhone } : {}), ...(client.scaEmail ? { email: client.scaEmail } : {}) };
  }

  kyc(clientId: string): KycReport {
    const client = this.get(clientId);
    return kycReport(client.kyc, client.segment);
  }

  /** One entry per consent type in declaration order; never decided: not granted, no timestamps. */
  consents(clientId: string): ConsentRecord[] {
    this.get(clientId);
    const decided = this.consentsByClient.get(clientId);
    return CONSENT_TYPES.map((type) => decided?.get(type) ?? { type, granted: false });
  }

  isGranted(clientId: string, type: ConsentType): boolean {
    return this.consentsByClient.get(clientId)?.get(type)?.granted ?? false;
  }

  /** All changes or none; a type that already has the requested state keeps its timestamps. */
  updateConsents(command: UpdateConsentsCommand): ConsentRecord[] {
    const client = this.get(command.clientId);
    const { idempotencyKey, clientId, ...content } = command;
    return this.ledger.run({ operation: 'UpdateConsents', owner: clientId, idempotencyKey, content }, () => {
      const seen = new Set<ConsentType>();
      content.changes.forEach((change, index) => {
        if (seen.has(change.type)) throw new ContractFault('SCHEMA_VIOLATION', `consent type ${change.type} is listed twice`, { field: `change[${index + 1}]/type` });
        seen.add(change.type);
      });
      const grant = content.changes.findIndex((change) => change.granted);
      if (client.status === 'CLOSED' && grant >= 0) {
        throw new ContractFault('INVALID_STATE', 'a closed client cannot give a consent; withdrawals are accepted', { field: `change[${grant + 1}]` });
      }
      const now = this.clock.now();
      const decided = this.consentsByClient.get(clientId) ?? new Map<ConsentType, ConsentRecord>();
      for (const change of content.changes) {
        const current = decided.get(change.type);
        // A refusal of a type never decided on is a decision too: it records withdrawnAt and the channel.
        if (current && current.granted === change.granted) continue;
        decided.set(change.type, {
          type: change.type,
          granted: change.granted,
          ...(change.granted ? { grantedAt: now } : current?.grantedAt ? { grantedAt: current.grantedAt } : {}),
          ...(change.granted ? (current?.withdrawnAt ? { withdrawnAt: current.withdrawnAt } : {}) : { withdrawnAt: now }),
          channel: content.channel,
        });
      }
      this.consentsByClient.set(clientId, decided);
      return this.consents(clientId);
    });
  }

  // ---- the bank's own actions (QA fixtures) ----

  /** Onboards a client; the given contacts count as verified at onboarding. Pushes the full client data. */
  create(input: NewClient): ClientRecord {
    const now = this.clock.now();
    const sequence = this.createdClients + 1;
    const clientId = input.clientId ?? this.unusedClientId(sequence);
    if (this.clients.has(clientId)) throw new ContractFault('INVALID_STATE', `client ${clientId} already exists`, { field: 'clientId' });
    const clientNumber = input.clientNumber ?? this.unusedClientNumber(sequence);
    if ([...this.clients.values()].some((client) => client.clientNumber === clientNumber)) {
      throw new ContractFault('INVALID_STATE', `client number ${clientNumber} is already taken`, { field: 'clientNumber' });
    }
    const since = input.since ?? dateOf(now);
    const segment = input.segment ?? 'RETAIL';
    const onboardedAt = earlier(instantOn(since, '10:00:00'), now);
    const contacts: ContactDetails = {
      phone: input.phone ?? `+4915${String(900_000_000 + sequence).slice(-9)}`,
      email: input.email ?? `client${sequence}@example.com`,
      ...(input.address ? { address: input.address } : {}),
    };
    const client: ClientRecord = {
      clientId,
      clientNumber,
      name: { givenName: input.givenName ?? 'Test', ...(input.middleName ? { middleName: input.middleName } : {}), familyName: input.familyName ?? `Client ${sequence}` },
      birthDate: input.birthDate ?? '1990-01-01',
      segment,
      contacts,
      language: input.language ?? 'en',
      kyc: seedKyc(input.kycStatus ?? 'VERIFIED', segment, since, now),
      since,
      status: input.status ?? 'ACTIVE',
      ...(contacts.phone ? { scaPhone: { value: contacts.phone, verifiedAt: onboardedAt } } : {}),
      ...(contacts.email ? { scaEmail: { value: contacts.email, verifiedAt: onboardedAt } } : {}),
      homeCurrency: this.homeCurrencyOf(clientId),
    };
    this.createdClients = sequence;
    this.clients.set(clientId, client);
    this.consentsByClient.set(clientId, onboardingConsents(clientId, onboardedAt));
    this.events.clientDataChanged(clientId, completeClientChange(client));
    return client;
  }

  /** The bank's KYC decision; pushes the new status when it changed. */
  setKycStatus(clientId: string, status: KycStatus, level?: KycLevel): KycReport {
    const client = this.get(clientId);
    if (status === client.kyc.status && (level === undefined || level === client.kyc.level)) return kycReport(client.kyc, client.segment);
    const kyc = changeKyc(client.kyc, status, client.segment, this.clock.now(), level);
    this.replace({ ...client, kyc }, status === client.kyc.status ? {} : { kycStatus: status });
    return kycReport(kyc, client.segment);
  }

  /** The bank's verification process confirmed the current contact phone or e-mail: it becomes the SCA channel. */
  verifyContact(clientId: string, channel: ContactChannel): VerifiedContact {
    const client = this.get(clientId);
    const value = client.contacts[channel];
    if (value === undefined) throw new ContractFault('INVALID_STATE', `the client has no ${channel} to verify`, { field: 'channel' });
    const verified: VerifiedContact = { value, verifiedAt: this.clock.now() };
    this.clients.set(clientId, channel === 'phone' ? { ...client, scaPhone: verified } : { ...client, scaEmail: verified });
    return verified;
  }

  /** ACTIVE ↔ BLOCKED, or CLOSED, which is final. The status is not part of ClientDataChanged: nothing is pushed. */
  setStatus(clientId: string, status: ClientStatus): ClientRecord {
    const client = this.get(clientId);
    if (client.status === status) return client;
    if (client.status === 'CLOSED') throw new ContractFault('INVALID_STATE', 'a closed client relationship cannot be reopened', { field: 'status' });
    const changed = { ...client, status };
    this.clients.set(clientId, changed);
    return changed;
  }

  /** The bank corrected the name or the preferred language; pushes the parts that changed. */
  updateMasterData(clientId: string, update: { readonly name?: PersonName; readonly language?: string }): ClientRecord {
    const client = this.get(clientId);
    const nameChanged = update.name !== undefined && canonicalJson(update.name) !== canonicalJson(client.name);
    const languageChanged = update.language !== undefined && update.language !== client.language;
    const changed: ClientRecord = { ...client, ...(nameChanged ? { name: update.name } : {}), ...(languageChanged ? { language: update.language } : {}) };
    this.replace(changed, { ...(nameChanged ? { name: changed.name } : {}), ...(languageChanged ? { language: changed.language } : {}) });
    return changed;
  }

  /** Stores the new record and pushes what the hub caches of it, if any of that changed. */
  private replace(client: ClientRecord, change: ClientChange): void {
    const previous = this.clients.get(client.clientId);
    this.clients.set(client.clientId, client);
    const effective: ClientChange = {
      ...(change.name ? { name: change.name } : {}),
      ...(change.contacts && canonicalJson(change.contacts) !== canonicalJson(previous?.contacts) ? { contacts: change.contacts } : {}),
      ...(change.language ? { language: change.language } : {}),
      ...(change.kycStatus ? { kycStatus: change.kycStatus } : {}),
    };
    if (Object.keys(effective).length > 0) this.events.clientDataChanged(client.clientId, effective);
  }

  private homeCurrencyOf(clientId: string): string {
    return this.homeCurrencies.get(clientId) ?? FALLBACK_CURRENCY;
  }

  private unusedClientId(sequence: number): string {
    for (let n = sequence; ; n += 1) {
      const candidate = `crm-client-${String(n).padStart(6, '0')}`;
      if (!this.clients.has(candidate)) return candidate;
    }
  }

  private unusedClientNumber(sequence: number): string {
    const taken = new Set([...this.clients.values()].map((client) => client.clientNumber));
    for (let n = sequence; ; n += 1) {
      const candidate = `9${String(n).padStart(8, '0')}`;
      if (!taken.has(candidate)) return candidate;
    }
  }
}

/**
 * What a client decided when becoming one: the credit bureau clause of the account
 * contract, and marketing e-mails accepted or refused (varying by client). The other
 * types are undecided.
 */
function onboardingConsents(clientId: string, onboardedAt: Date): Map<ConsentType, ConsentRecord> {
  const marketing = fnv1a(`${clientId}/marketing`) % 2 === 0;
  return new Map<ConsentType, ConsentRecord>([
    ['MARKETING_EMAIL', marketing ? { type: 'MARKETING_EMAIL', granted: true, grantedAt: onboardedAt, channel: 'BRANCH' } : { type: 'MARKETING_EMAIL', granted: false, withdrawnAt: onboardedAt, channel: 'BRANCH' }],
    ['CREDIT_BUREAU', { type: 'CREDIT_BUREAU', granted: true, grantedAt: onboardedAt, channel: 'BRANCH' }],
  ]);
}
