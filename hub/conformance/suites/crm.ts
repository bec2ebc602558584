/**
 * Conformance checks of a CRM implementation. Needs a client id (a client whose KYC is
 * verified, so that an application can be created); the rest is discovered.
 */
import { randomUUID } from 'node:crypto';
import type { EncodableObject } from '../../../common/soap/codec.js';
import type { ContractCaller } from '../caller.js';
import { expectEqual, expectFault, expectResponse, fail, list, pick, protocolChecks, type Check } from '../checks.js';

export interface CrmFixtures {
  readonly clientId: string;
}

const UNKNOWN_ID = 'conformance-unknown-0000';

export function crmChecks(caller: ContractCaller, fixtures: CrmFixtures): Check[] {
  const op = (name: string) => caller.operations.get(name)!;
  const call = (name: string, value: EncodableObject) => caller.call(name, value);
  const id = (suffix: string) => `crm.${suffix}`;
  const key = () => `conf-${randomUUID()}`;
  const clientId = fixtures.clientId;
  const found: { clientNumber?: string; phone?: string; applicationId?: string; messageId?: string } = {};

  return [
    {
      id: id('GetClient.response'),
      title: 'GetClient returns the client',
      run: async () => {
        const value = expectResponse(await call('GetClient', { clientId }), op('GetClient'));
        expectEqual(pick(value, 'client.clientId'), clientId, 'client id');
        found.clientNumber = pick(value, 'client.clientNumber');
        found.phone = pick(value, 'client.contacts.phone');
      },
    },
    {
      id: id('GetClient.not-found'),
      title: 'GetClient of an unknown client answers CLIENT_NOT_FOUND',
      run: async () => expectFault(await call('GetClient', { clientId: UNKNOWN_ID }), op('GetClient'), ['CLIENT_NOT_FOUND']),
    },
    {
      id: id('SearchClients.response'),
      title: 'SearchClients finds the client by number, and answers an empty list for an unknown one',
      run: async () => {
        const clientNumber = found.clientNumber ?? fail('the client number is unknown (see GetClient)');
        const value = expectResponse(await call('SearchClients', { criterion: { clientNumber } }), op('SearchClients'));
        if (!list(value, 'client').some((item) => item.clientId === clientId)) fail('the client is not found by its own number');
        const none = expectResponse(await call('SearchClients', { criterion: { clientNumber: 'ZZ99999999999999' } }), op('SearchClients'));
        expectEqual(list(none, 'client').length, 0, 'matches of an unknown number');
        expectFault(await call('SearchClients', { criterion: { clientNumber }, page: { cursor: 'not-a-cursor-!!' } }), op('SearchClients'), ['INVALID_CURSOR']);
      },
    },
    {
      id: id('UpdateContacts.idempotent'),
      title: 'UpdateContacts repeated with the same key returns the first result; another change with it is a conflict',
      run: async () => {
        const email = `conformance.${Date.now()}@example.com`;
        const request = { idempotencyKey: key(), clientId, email };
        const first = expectResponse(await call('UpdateContacts', request), op('UpdateContacts'));
        expectEqual(pick(first, 'contacts.email'), email, 'e-mail after the update');
        const second = expectResponse(await call('UpdateContacts', request), op('UpdateContacts'));
        expectEqual(pick(second, 'updatedAt'), pick(first, 'updatedAt'), 'updatedAt of the repeated request');
        expectFault(await call('UpdateContacts', { ...request, email: `other.${email}` }), op('UpdateContacts'), ['IDEMPOTENCY_CONFLICT']);
      },
    },
    {
      id: id('GetScaData.response'),
      title: 'GetScaData answers the verified contacts',
      run: async () => void expectResponse(await call('GetScaData', { clientId }), op('GetScaData')),
    },
    {
      id: id('GetKycStatus.response'),
      title: 'GetKycStatus answers the KYC status',
      run: async () => void expectResponse(await call('GetKycStatus', { clientId }), op('GetKycStatus')),
    },
    {
      id: id('Consents.update'),
      title: 'UpdateConsents changes a consent that GetConsents then shows; a repeat changes nothing',
      run: async () => {
        const before = expectResponse(await call('GetConsents', { clientId }), op('GetConsents'));
        const current = list(before, 'consent').find((item) => item.type === 'MARKETING_SMS');
        const granted = current?.granted === 'true' ? 'false' : 'true';
        const request = { idempotencyKey: key(), clientId, channel: 'OTHER', change: [{ type: 'MARKETING_SMS', granted }] };
        const first = expectResponse(await call('UpdateConsents', request), op('UpdateConsents'));
        expectResponse(await call('UpdateConsents', request), op('UpdateConsents'));
        const after = expectResponse(await call('GetConsents', { clientId }), op('GetConsents'));
        const shown = list(after, 'consent').find((item) => item.type === 'MARKETING_SMS');
        expectEqual(shown?.granted, granted, 'MARKETING_SMS after the update');
        expectEqual(list(first, 'consent').find((item) => item.type === 'MARKETING_SMS')?.granted, granted, 'MARKETING_SMS in the response');
      },
    },
    {
      id: id('GetProductOffers.response'),
      title: 'GetProductOffers answers the personal offers',
      run: async () => void expectResponse(await call('GetProductOffers', { clientId }), op('GetProductOffers')),
    },
    {
      id: id('Application.lifecycle'),
      title: 'CreateApplication (idempotent), GetApplicationStatus and ListApplications follow it',
      run: async () => {
        const request = { idempotencyKey: key(), clientId, productType: 'OTHER', details: { other: { description: 'Conformance check: a safe deposit box.' } } };
        const first = expectResponse(await call('CreateApplication', request), op('CreateApplication'));
        const applicationId = pick(first, 'applicationId')!;
        found.applicationId = applicationId;
        const second = expectResponse(await call('CreateApplication', request), op('CreateApplication'));
        expectEqual(pick(second, 'applicationId'), applicationId, 'application id of the repeated request');
        const status = expectResponse(await call('GetApplicationStatus', { clientId, applicationId }), op('GetApplicationStatus'));
        expectEqual(pick(status, 'status'), pick(first, 'status'), 'status');
        const listed = expectResponse(await call('ListApplications', { clientId, page: { limit: 500 } }), op('ListApplications'));
        if (!list(listed, 'application').some((item) => item.applicationId === applicationId)) fail('the new application is not listed');
        expectFault(await call('GetApplicationStatus', { clientId, applicationId: UNKNOWN_ID }), op('GetApplicationStatus'), ['APPLICATION_NOT_FOUND']);
        expectFault(await call('CreateApplication', { ...request, details: { other: { description: 'Something else entirely.' } } }), op('CreateApplication'), ['IDEMPOTENCY_CONFLICT']);
      },
    },
    {
      id: id('SecureMessages.lifecycle'),
      title: 'SendSecureMessage (idempotent), ListSecureMessages and GetSecureMessage show it',
      run: async () => {
        const request = { idempotencyKey: key(), clientId, subject: 'Conformance check', body: 'This message was sent by the conformance kit.' };
        const first = expectResponse(await call('SendSecureMessage', request), op('SendSecureMessage'));
        const messageId = pick(first, 'messageId') ?? pick(first, 'message.messageId') ?? fail('SendSecureMessage returned no message id');
        const second = expectResponse(await call('SendSecureMessage', request), op('SendSecureMessage'));
        expectEqual(pick(second, 'messageId') ?? pick(second, 'message.messageId'), messageId, 'message id of the repeated request');
        const listed = expectResponse(await call('ListSecureMessages', { clientId, page: { limit: 500 } }), op('ListSecureMessages'));
        if (!list(listed, 'message').some((item) => item.messageId === messageId)) fail('the message is not listed');
        const message = expectResponse(await call('GetSecureMessage', { clientId, messageId }), op('GetSecureMessage'));
        expectEqual(pick(message, 'message.subject'), request.subject, 'subject');
        found.messageId = messageId;
        expectFault(await call('GetSecureMessage', { clientId, messageId: UNKNOWN_ID }), op('GetSecureMessage'), ['MESSAGE_NOT_FOUND']);
      },
    },
    {
      id: id('MarkSecureMessageRead.own-message'),
      title: "MarkSecureMessageRead refuses the client's own message (only bank messages are marked read)",
      run: async () => {
        const messageId = found.messageId ?? fail('no message was sent');
        expectFault(await call('MarkSecureMessageRead', { clientId, messageId }), op('MarkSecureMessageRead'), ['INVALID_STATE']);
        expectFault(await call('MarkSecureMessageRead', { clientId, messageId: UNKNOWN_ID }), op('MarkSecureMessageRead'), ['MESSAGE_NOT_FOUND']);
      },
    },
    ...protocolChecks(caller, 'GetClient', () => ({ clientId })),
  ];
}
