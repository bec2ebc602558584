/**
 * RabbitMQ stopped for 20 s (`rabbitmqctl stop_app`, then `start_app`) in the middle of a
 * stream of postings pushed to a real hub process: the hub keeps acknowledging pushes
 * (they are durable in its store and outbox), its relay keeps the rows it cannot publish,
 * and once the broker is back every acknowledged posting goes through the timeline and
 * notifications flows exactly once.
 *
 * test/bus/broker-outage.test.ts stops the broker under the bus and relay alone, with a
 * test flow in the test's own process; this one is the whole path — SOAP push, the hub's
 * own reconnection, the real flows — in a child process. It stops the broker for the whole
 * machine and restarts it in an `after` hook even when it fails.
 */
import { expect } from 'chai';
import {
  createDatabase,
  createVhost,
  eventually,
  expectEveryPostingThroughTheFlows,
  pause,
  postingNotice,
  pushClients,
  pusher,
  rabbitmqctl,
  requireServices,
  startHubProcess,
  startProviderStub,
  type HubProcess,
  type ProviderStub,
  type TestDatabase,
  type TestVhost,
} from './support.js';

const CLIENTS = ['E2E-OUTAGE-1', 'E2E-OUTAGE-2'];
const OUTAGE_MS = 20_000;

describe('flows end to end: RabbitMQ stops for 20 s while postings stream into a hub', function () {
  this.timeout(300_000);
  before(requireServices());

  let db: TestDatabase | undefined;
  let vhost: TestVhost | undefined;
  let provider: ProviderStub | undefined;
  let hub: HubProcess | undefined;
  let stopped = false;

  after(async function () {
    this.timeout(120_000);
    if (stopped) await rabbitmqctl('start_app').catch((error: unknown) => console.error('could not restart RabbitMQ:', error));
    await hub?.kill('SIGTERM');
    await provider?.close();
    await db?.dispose();
    await vhost?.dispose();
  });

  it('loses nothing and duplicates nothing', async () => {
    db = await createDatabase();
    vhost = await createVhost();
    provider = await startProviderStub();
    hub = await startHubProcess({ databaseUrl: db.url, amqpUrl: vhost.url, providerUrl: provider.url });
    const running = hub;

    await pushClients(running.url, CLIENTS);

    const core = pusher(running.url, 'CORE_BANKING', { batchSize: 20 });
    let serial = 0;
    const push = (count: number): void => {
      for (let i = 0; i < count; i += 1) {
        serial += 1;
        core.publisher.publish(postingNotice(CLIENTS[serial % CLIENTS.length]!, `E2E-OUT-ACC-${serial % 10}`, `E2E-OUTAGE-P${serial}`, serial % 4 === 0 ? 'large-debit' : 'incoming'));
      }
    };

    // Before: the flows are running.
    push(300);
    await eventually(async () => (await db!.count(`SELECT COUNT(*) FROM flow_processed WHERE flow = 'timeline'`)) >= 100, 60_000, () => 'the timeline to process the first postings');

    await rabbitmqctl('stop_app');
    stopped = true;
    const acknowledgedAtStop = core.acknowledged.size;
    const outageEnds = Date.now() + OUTAGE_MS;
    while (Date.now() < outageEnds) {
      push(20);
      await pause(250);
    }
    // The hub went on taking pushes: they wait in its outbox.
    expect(core.acknowledged.size, 'postings acknowledged while the broker was down').to.be.greaterThan(acknowledgedAtStop + 100);
    expect(await db.count('SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL'), 'rows waiting in the outbox').to.be.greaterThan(100);
    const ready = (await (await fetch(`${running.url}/health/ready`)).json()) as unknown;
    expect(JSON.stringify(ready), 'readiness while the broker is down').to.match(/"bus"[^}]*"down"/);

    await rabbitmqctl('start_app');
    stopped = false;
    push(300);
    await core.publisher.stop(120_000);
    expect(core.publisher.stats().queued, `postings never delivered (answers ${JSON.stringify([...core.results])})`).to.equal(0);
    expect(core.acknowledged.size).to.equal(serial);

    await expectEveryPostingThroughTheFlows(db, vhost, core.acknowledged, () => running.tail());
  });
});
