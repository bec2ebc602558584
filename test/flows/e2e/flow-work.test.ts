/**
 * An API instance and a flow worker: one hub process with FLOW_WORK=off takes the pushes
 * and relays them, another one (FLOW_WORK=on, the default) on the same PostgreSQL store and
 * RabbitMQ does the flow work. Every acknowledged posting goes through the timeline and
 * notifications exactly once, handled by the worker only, and the notifications are sent by
 * the worker's sender.
 */
import { expect } from 'chai';
import {
  createDatabase,
  createVhost,
  disposeAll,
  eventually,
  expectEveryPostingThroughTheFlows,
  postingNotice,
  pushClients,
  pusher,
  requireServices,
  startHubProcess,
  startProviderStub,
  type HubProcess,
  type ProviderStub,
  type TestDatabase,
  type TestVhost,
} from './support.js';

const CLIENTS = ['E2E-WORK-1', 'E2E-WORK-2'];

/** The processed count of a flow in a hub's /metrics, 0 when the series is absent. */
async function processed(hub: HubProcess, flow: string): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  const line = text.split('\n').find((each) => each.startsWith('dbp_flow_messages_total{') && each.includes(`flow="${flow}"`) && each.includes('outcome="processed"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('flows end to end: an API instance with FLOW_WORK=off and a flow worker', function () {
  this.timeout(240_000);
  before(requireServices());

  let db: TestDatabase | undefined;
  let vhost: TestVhost | undefined;
  let provider: ProviderStub | undefined;
  const hubs: HubProcess[] = [];

  after(async function () {
    this.timeout(60_000);
    await disposeAll({ hubs, provider, db, vhost });
  });

  it('the worker does the flow work of what the API instance takes, once each', async () => {
    db = await createDatabase();
    vhost = await createVhost();
    provider = await startProviderStub();
    // One after the other: both run the store's migrations at start.
    const api = await startHubProcess({ databaseUrl: db.url, amqpUrl: vhost.url, providerUrl: provider.url, env: { FLOW_WORK: 'off' } });
    hubs.push(api);
    const worker = await startHubProcess({ databaseUrl: db.url, amqpUrl: vhost.url, providerUrl: provider.url });
    hubs.push(worker);

    await pushClients(api.url, CLIENTS);

    const core = pusher(api.url, 'CORE_BANKING', { batchSize: 20 });
    for (let serial = 1; serial <= 200; serial += 1) {
      core.publisher.publish(postingNotice(CLIENTS[serial % CLIENTS.length]!, `E2E-WORK-ACC-${serial % 10}`, `E2E-WORK-P${serial}`, serial % 4 === 0 ? 'large-debit' : 'incoming'));
    }
    await core.publisher.stop(60_000);
    expect(core.acknowledged.size).to.equal(200);

    await expectEveryPostingThroughTheFlows(db, vhost, core.acknowledged, () => `${api.tail()}\n--- worker ---\n${worker.tail()}`);
    expect(await processed(api, 'timeline'), 'timeline messages handled by the API instance').to.equal(0);
    expect(await processed(api, 'notifications'), 'notification messages handled by the API instance').to.equal(0);
    expect(await processed(worker, 'timeline'), 'timeline messages handled by the worker').to.equal(200);
    expect(await processed(worker, 'notifications'), 'notification messages handled by the worker').to.be.at.least(200);
    // The worker's sender delivered them: 200 push messages and an SMS for each large debit.
    await eventually(async () => (await db!.count(`SELECT COUNT(*) FROM notification_delivery WHERE status = 'sent'`)) === 250, 60_000, () => 'every notification to be sent');
  });
});
