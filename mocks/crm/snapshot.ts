/**
 * The CRM's current state as change notices, for the hub's initial load: per client a
 * ClientDataChanged with everything the live event carries (name, contacts, language, KYC
 * status), per application an ApplicationStatusChanged with its current status, built by
 * the same functions as the live changes (events.ts).
 *
 * One group per aggregate, read when the publisher asks for it, so that the state sent and
 * its sequence number belong to the same instant.
 */
import type { ChangeNotice } from '../push/types.js';
import { applicationStatusNotice, clientDataNotice, completeClientChange } from './events.js';
import type { CrmState } from './state.js';

export function* crmSnapshot(state: CrmState): Generator<ChangeNotice[], void, undefined> {
  for (const client of state.clients.all()) yield [clientDataNotice(client.clientId, completeClientChange(client), state.clock.now())];
  for (const application of state.applications.all()) yield [applicationStatusNotice(application, state.clock.now())];
}
