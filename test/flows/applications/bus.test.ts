/**
 * The applications flow through a real bus: the embedded transport over a SQLite store
 * and the outbox relay, from the command's commit to the application created at the mock
 * CRM (over real HTTP), and a refusal through to its status event on the bus.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createEmbeddedBus } from '../../../hub/bus/embedded.js';
import type { FlowMessage } from '../../../hub/bus/flow.js';
import { createOutboxRelay } from '../../../hub/bus/relay.js';
import { createStore, type Store } from '../../../hub/store/index.js';
import { createApplicationsCommand, createApplicationsFlow, type ApplicationView } from '../../../flows/applications/index.js';
import { eventually } from '../../bus/support.js';
import { KENJI, LENA, startCrm, type CrmHarness } from './support.js';

describe('flows/applications: through the embedded bus and the relay', function () {
  this.timeout(60_000);
  let crm: CrmHarness;
  let dataDir: string;
  let store: Store;
  const stops: (() => Promise<void>)[] = [];

  before(async () => {
    crm = await startCrm();
    dataDir = mkdtempSync(join(tmpdir(), 'dbp-applications-'));
    store = createStore({ dataDir, sqliteSynchronous: 'NORMAL' });
    await store.start();
  });
  after(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await store?.stop();
    await crm?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the application at the CRM once, and publishes a refusal for the timeline and notifications', async () => {
    const relayHolder: { notify?: () => void } = {};
    const bus = createEmbeddedBus({ store, pollIntervalMs: 50, retryDelaysMs: [100, 300], onEmitted: () => relayHolder.notify?.() });
    const relay = createOutboxRelay({ store, bus, pollIntervalMs: 100 });
    relayHolder.notify = () => relay.notify();
    const statuses: FlowMessage[] = [];
    await bus.consume(createApplicationsFlow({ crm: crm.crm }));
    await bus.consume({ name: 'status-listener', bindings: ['application.status.changed'], handle: async (message) => void statuses.push(message) });
    await bus.start();
    await relay.start();
    stops.push(() => bus.stop(), () => relay.stop());

    const command = createApplicationsCommand({ store, onCommitted: () => relay.notify() });
    const calls = crm.createCalls();
    const accepted = (await command.submit({ clientId: KENJI, idempotencyKey: 'bus-key-1', body: { productType: 'SAVINGS_ACCOUNT', description: 'A savings account in JPY' } })).body as ApplicationView;
    const refused = (await command.submit({ clientId: LENA, idempotencyKey: 'bus-key-2', body: { productType: 'LOAN', amount: { amount: '5000.00', currency: 'EUR' }, termMonths: 24, purpose: 'CAR' } })).body as ApplicationView;

    const view = async (clientId: string, id: string) => (await command.read(clientId, id))!.body as ApplicationView;
    await eventually(async () => (await view(KENJI, accepted.applicationId)).bankApplicationId !== undefined, 15_000, 'the application created at the CRM');
    await eventually(async () => (await view(LENA, refused.applicationId)).status === 'REJECTED', 15_000, 'the refusal');
    await eventually(() => statuses.length === 1, 15_000, 'the status event on the bus');
    expect(statuses[0]!.messageId).to.equal(`${refused.applicationId}:rejected`);
    expect((statuses[0]!.body as { payload: unknown }).payload).to.deep.include({ applicationId: refused.applicationId, clientId: LENA, status: 'REJECTED' });
    expect(crm.createCalls() - calls).to.equal(2);
    expect(await store.outboxDepth()).to.equal(0);
  });
});
