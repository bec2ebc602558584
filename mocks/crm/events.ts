/**
 * The CRM's change events for the hub (CacheControl ClientDataChanged and
 * ApplicationStatusChanged), shaped as plain values and handed to the sink.
 */
import type { EncodableObject } from '../../common/soap/codec.js';
import type { EventSink } from '../push/types.js';
import type { Clock } from '../server/types.js';
import type { ApplicationRecord, ContactDetails, KycStatus, PersonName, PostalAddress } from './model.js';

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
    const payload: EncodableObject = {
      clientId,
      ...(change.name ? { name: personNameValue(change.name) } : {}),
      ...(change.contacts ? { contacts: contactDetailsValue(change.contacts) } : {}),
      ...(change.language ? { language: change.language } : {}),
      ...(change.kycStatus ? { kycStatus: change.kycStatus } : {}),
    };
    this.sink.publish({ aggregateType: 'CLIENT', aggregateId: clientId, payload: { clientDataChanged: payload }, occurredAt: this.clock.now() });
  }

  applicationStatusChanged(application: ApplicationRecord): void {
    const current = application.history[application.history.length - 1]!;
    const payload: EncodableObject = {
      applicationId: application.applicationId,
      clientId: application.clientId,
      productType: application.productType,
      status: current.status,
      ...(current.reason ? { reason: current.reason } : {}),
      ...(current.status === 'COMPLETED' && application.productId ? { productId: application.productId } : {}),
    };
    this.sink.publish({ aggregateType: 'APPLICATION', aggregateId: application.applicationId, payload: { applicationStatusChanged: payload }, occurredAt: current.changedAt });
  }
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
