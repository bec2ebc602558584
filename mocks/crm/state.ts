/**
 * The mock CRM's state, built from a seeded Dataset: clients with their contacts, SCA
 * channels, KYC and consents (clients.ts), offers and applications (applications.ts),
 * and secure messages with the document store (messages.ts). Every change the hub caches
 * goes to the sink as a CacheControl event. No SOAP here: handlers.ts translates.
 */
import type { EventSink } from '../push/types.js';
import type { Dataset } from '../seed/dataset.js';
import type { Clock } from '../server/types.js';
import { IdempotencyStore } from '../shared/idempotency.js';
import { ApplicationDesk } from './applications.js';
import { ClientRegistry } from './clients.js';
import { CrmEvents } from './events.js';
import { Mailbox } from './messages.js';

export interface CrmStateOptions {
  readonly dataset: Dataset;
  readonly sink: EventSink;
  readonly clock: Clock;
}

export class CrmState {
  readonly clock: Clock;
  readonly clients: ClientRegistry;
  readonly applications: ApplicationDesk;
  readonly mailbox: Mailbox;

  constructor(options: CrmStateOptions) {
    this.clock = options.clock;
    const events = new CrmEvents(options.sink, options.clock);
    // One ledger for all keyed operations; keys are scoped by operation and client inside it.
    const ledger = new IdempotencyStore({
      keysPer: 'operation',
      conflictMessage: ({ idempotencyKey, operation }) => `idempotencyKey ${idempotencyKey} was already used for a different ${operation} request`,
    });
    this.clients = new ClientRegistry(options.clock, events, ledger);
    this.clients.seed(options.dataset.clients, options.dataset.accounts);
    this.applications = new ApplicationDesk(options.clock, events, ledger, this.clients);
    this.mailbox = new Mailbox(options.clock, ledger, this.clients);
  }
}
