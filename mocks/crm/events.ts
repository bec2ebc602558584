/**
 * The CRM's change events for the hub (CacheControl ClientDataChanged and
 * ApplicationStatusChanged), shaped as plain values and handed to the sink. The notice
 * builders also make the CRM's snapshot (snapshot.ts), so both carry the same shapes.
 */
import type { EncodableObject } from '../../common/soap/codec.js';
import type { ChangeNotice, EventSink } from '../push/types.js';
import type { Clock } from '../server/types.js';
import type { ApplicationRecord, ClientRecord, ContactDetails, KycStatus, PersonName, PostalAddress } from './model.js';

/** The parts of a client that changed; ClientDataChanged carries only these. */
export interface ClientChange {
  readonly name?: PersonName;
  /** Always the complete contact details, never a merge of fields. */
  readonly contacts?: ContactDetails;
  readonly language?: string;
  readonly kycStatus?: KycStatus;
}

export class CrmEvents {
  constructor(
    private readonly sink: EventSink,
    private readonly clock: Clock,
  ) {}

  clientDataChanged(clientId: string, change: ClientChange): void {
    this.sink.publish(clientDataNotice(clientId, change, this.clock.now()));
  }

  applicationStatusChanged(application: ApplicationRecord): void {
    this.sink.publish(applicationStatusNotice(application));
  }
}

/** Everything of a client that ClientDataChanged carries: what a new client is pushed with. */
export function completeClientChange(client: ClientRecord): ClientChange {
  return { name: client.name, contacts: client.contacts, language: client.language, kycStatus: client.kyc.status };
}

export function clientDataNotice(clientId: string, change: ClientChange, at: Date): ChangeNotice {
  const payload: EncodableObject = {
    clientId,
    ...(change.name ? { name: personNameValue(change.name) } : {}),
    ...(change.contacts ? { contacts: contactDetailsValue(change.contacts) } : {}),
    ...(change.language ? { language: change.language } : {}),
    ...(change.kycStatus ? { kycStatus: change.kycStatus } : {}),
  };
  return { aggregateType: 'CLIENT', aggregateId: clientId, payload: { clientDataChanged: payload }, occurredAt: at };
}

/** The application's current status; it happened when the status was reached, unless `at` says otherwise. */
export function applicationStatusNotice(application: ApplicationRecord, at?: Date): ChangeNotice {
  const current = application.history[application.history.length - 1]!;
  const payload: EncodableObject = {
    applicationId: application.applicationId,
    clientId: application.clientId,
    productType: application.productType,
    status: current.status,
    ...(current.reason ? { reason: current.reason } : {}),
    ...(current.status === 'COMPLETED' && application.productId ? { productId: application.productId } : {}),
  };
  return { aggregateType: 'APPLICATION', aggregateId: application.applicationId, payload: { applicationStatusChanged: payload }, occurredAt: at ?? current.changedAt };
}

/** cmn:PersonName as a plain value. */
export function personNameValue(name: PersonName): EncodableObject {
  return { givenName: name.givenName, ...(name.middleName ? { middleName: name.middleName } : {}), familyName: name.familyName };
}

/** cmn:Address as a plain value. */
export function addressValue(address: PostalAddress): EncodableObject {
  return { line: [...address.line], city: address.city, ...(address.postalCode ? { postalCode: address.postalCode } : {}), country: address.country };
}

/** cmn:ContactDetails as a plain value. */
export function contactDetailsValue(contacts: ContactDetails): EncodableObject {
  return {
    ...(contacts.phone ? { phone: contacts.phone } : {}),
    ...(contacts.email ? { email: contacts.email } : {}),
    ...(contacts.address ? { address: addressValue(contacts.address) } : {}),
  };
}
