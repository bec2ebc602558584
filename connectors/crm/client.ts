/**
 * The typed client of the bank's CRM: one method per operation of wsdl/crm/v1/Crm.wsdl.
 * A method builds the request (mapping.ts), hands it to the caller and reads the answer
 * (mapping.ts); timeouts, retries, the breaker and the rest are the caller's
 * (connectors/shared). The keyed writes carry the caller's idempotency key, in the
 * request and in the call, so that the caller may repeat them: UpdateContacts,
 * UpdateConsents, CreateApplication, SendSecureMessage. MarkSecureMessageRead is
 * idempotent by nature and carries no key.
 */
import { operationCall, type CallOptions, type OperationCaller } from '../shared/types.js';
import { idempotencyKeyText, type RequestObject } from '../shared/message-writer.js';
import * as map from './mapping.js';
import type { CrmOperation } from './mapping.js';
import type {
  ApplicationPage,
  ApplicationState,
  Client,
  ClientPage,
  Consent,
  ContactsUpdate,
  CreateApplicationRequest,
  CreatedApplication,
  GetApplicationStatusRequest,
  GetProductOffersRequest,
  GetSecureMessageRequest,
  KycState,
  ListApplicationsRequest,
  ListSecureMessagesRequest,
  MarkSecureMessageReadRequest,
  ProductOffer,
  ScaData,
  SearchClientsRequest,
  SecureMessage,
  SecureMessagePage,
  SendSecureMessageRequest,
  SentMessage,
  UpdateConsentsRequest,
  UpdateContactsRequest,
} from './types.js';

export type { CallOptions };

export class CrmClient {
  constructor(private readonly caller: OperationCaller) {
    if (caller.backOffice !== 'crm') throw new TypeError(`CrmClient needs a caller of the crm back office, not ${caller.backOffice}`);
  }

  /** The client's master data, in any status (a CLOSED client too). */
  async getClient(clientId: string, options?: CallOptions): Promise<Client> {
    return map.readGetClientResponse(await this.send('GetClient', map.getClientRequest(clientId), options));
  }

  async searchClients(request: SearchClientsRequest, options?: CallOptions): Promise<ClientPage> {
    return map.readSearchClientsResponse(await this.send('SearchClients', map.searchClientsRequest(request), options));
  }

  async updateContacts(idempotencyKey: string, request: UpdateContactsRequest, options?: CallOptions): Promise<ContactsUpdate> {
    const key = idempotencyKeyText(idempotencyKey);
    return map.readUpdateContactsResponse(await this.send('UpdateContacts', map.updateContactsRequest(key, request), options, key));
  }

  async getScaData(clientId: string, options?: CallOptions): Promise<ScaData> {
    return map.readGetScaDataResponse(await this.send('GetScaData', map.clientOnlyRequest(clientId), options));
  }

  async getKycStatus(clientId: string, options?: CallOptions): Promise<KycState> {
    return map.readGetKycStatusResponse(await this.send('GetKycStatus', map.clientOnlyRequest(clientId), options));
  }

  /** One entry per consent type, in the schema's order. */
  async getConsents(clientId: string, options?: CallOptions): Promise<Consent[]> {
    return map.readGetConsentsResponse(await this.send('GetConsents', map.clientOnlyRequest(clientId), options));
  }

  /** All consents after the update. */
  async updateConsents(idempotencyKey: string, request: UpdateConsentsRequest, options?: CallOptions): Promise<Consent[]> {
    const key = idempotencyKeyText(idempotencyKey);
    return map.readUpdateConsentsResponse(await this.send('UpdateConsents', map.updateConsentsRequest(key, request), options, key));
  }

  async getProductOffers(request: GetProductOffersRequest, options?: CallOptions): Promise<ProductOffer[]> {
    return map.readGetProductOffersResponse(await this.send('GetProductOffers', map.getProductOffersRequest(request), options));
  }

  /** Stores an application (not decided yet). The applications flow passes its application id as the key. */
  async createApplication(idempotencyKey: string, request: CreateApplicationRequest, options?: CallOptions): Promise<CreatedApplication> {
    const key = idempotencyKeyText(idempotencyKey);
    return map.readCreateApplicationResponse(await this.send('CreateApplication', map.createApplicationRequest(key, request), options, key));
  }

  async getApplicationStatus(request: GetApplicationStatusRequest, options?: CallOptions): Promise<ApplicationState> {
    return map.readGetApplicationStatusResponse(await this.send('GetApplicationStatus', map.getApplicationStatusRequest(request), options));
  }

  async listApplications(request: ListApplicationsRequest, options?: CallOptions): Promise<ApplicationPage> {
    return map.readListApplicationsResponse(await this.send('ListApplications', map.listApplicationsRequest(request), options));
  }

  async listSecureMessages(request: ListSecureMessagesRequest, options?: CallOptions): Promise<SecureMessagePage> {
    return map.readListSecureMessagesResponse(await this.send('ListSecureMessages', map.listSecureMessagesRequest(request), options));
  }

  async getSecureMessage(request: GetSecureMessageRequest, options?: CallOptions): Promise<SecureMessage> {
    return map.readGetSecureMessageResponse(await this.send('GetSecureMessage', map.getSecureMessageRequest(request), options));
  }

  async sendSecureMessage(idempotencyKey: string, request: SendSecureMessageRequest, options?: CallOptions): Promise<SentMessage> {
    const key = idempotencyKeyText(idempotencyKey);
    return map.readSendSecureMessageResponse(await this.send('SendSecureMessage', map.sendSecureMessageRequest(key, request), options, key));
  }

  /** When the message was first read (unchanged when it was read before). */
  async markSecureMessageRead(request: MarkSecureMessageReadRequest, options?: CallOptions): Promise<Date> {
    return map.readMarkSecureMessageReadResponse(await this.send('MarkSecureMessageRead', map.markSecureMessageReadRequest(request), options));
  }

  private send(operation: CrmOperation, request: RequestObject, options: CallOptions | undefined, idempotencyKey?: string): Promise<Record<string, unknown>> {
    return this.caller.call(operationCall(operation, request, options, idempotencyKey));
  }
}
