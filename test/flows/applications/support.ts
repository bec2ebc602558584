/**
 * Support of the applications tests: the mock CRM over real HTTP (the connector tests'
 * small bank, whose clients KENJI and LENA are an ACTIVE verified client and one whose
 * identification is pending) behind a real resilient caller, and handlers run on a real
 * store transaction with an emit that writes the outbox as the bus's does.
 */
import { pino } from 'pino';
import { CrmClient } from '../../../connectors/crm/index.js';
import { createOperationCaller, type ManagedOperationCaller } from '../../../connectors/shared/index.js';
import { FlowError, type FlowMessage } from '../../../hub/bus/flow.js';
import type { Store } from '../../../hub/store/index.js';
import { writeRows } from '../../../hub/store/sql.js';
import { OUTBOX_INSERT } from '../../../hub/store/tables.js';
import { startMocks, type RunningMocks } from '../../../mocks/index.js';
import { connectorDataset, SteppingClock } from '../../connectors/cards/dataset.js';
import { handleApplicationMessage, type ApplicationOutcome, type ApplicationsFlowOptions } from '../../../flows/applications/index.js';

export { ANNA, KENJI, LENA, FAHAD, ACCOUNTS } from '../../connectors/cards/dataset.js';

export interface CrmHarness {
  readonly mocks: RunningMocks;
  readonly caller: ManagedOperationCaller;
  readonly crm: CrmClient;
  /** CreateApplication calls that reached the mock CRM so far. */
  createCalls(): number;
  stop(): Promise<void>;
}

export async function startCrm(): Promise<CrmHarness> {
  const mocks = await startMocks({ dataset: connectorDataset(), clock: new SteppingClock() });
  const caller = createOperationCaller({
    backOffice: 'crm',
    settings: {
      endpoint: mocks.mocks.crm.endpoint,
      timeoutMs: 3000,
      retries: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
      breaker: { failureRate: 0.5, minimumCalls: 1000, windowMs: 10_000, halfOpenAfterMs: 5000 },
    },
    logger: pino({ level: 'silent' }),
  });
  await caller.start();
  return {
    mocks,
    caller,
    crm: new CrmClient(caller),
    createCalls: () => mocks.mocks.crm.recorder.snapshot().CreateApplication?.calls ?? 0,
    async stop() {
      await caller.stop();
      await mocks.stop();
    },
  };
}

/** The outbox row a command or a handler wrote, as the flow receives it. */
export async function outboxMessages(store: Store, routingKey: string): Promise<FlowMessage[]> {
  const rows = await store.pending(10_000);
  return rows.filter((row) => row.routingKey === routingKey).map((row) => ({ messageId: row.eventId, routingKey: row.routingKey, body: JSON.parse(row.payload) as unknown, attempt: 1 }));
}

/** Handles one message on a store transaction, as the bus runs a handler (emit writes the outbox in it). */
export async function handle(store: Store, message: FlowMessage, options: ApplicationsFlowOptions): Promise<ApplicationOutcome> {
  try {
    return await transaction(store, message, options);
  } catch (error) {
    // The store wraps what the handler threw; the bus looks through to the FlowError, and so does the test.
    for (let current: unknown = error; current instanceof Error; current = current.cause) if (current instanceof FlowError) throw current;
    throw error;
  }
}

function transaction(store: Store, message: FlowMessage, options: ApplicationsFlowOptions): Promise<ApplicationOutcome> {
  return store.transaction('handling in the test', (ex) =>
    handleApplicationMessage(message, {
      ex,
      emit: async (routingKey, messageId, body) => {
        await writeRows(ex, OUTBOX_INSERT, [{ eventId: messageId, routingKey, payload: JSON.stringify(body), createdAt: new Date() }], 'insert');
      },
    }, options),
  );
}
