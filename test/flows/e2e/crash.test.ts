/**
 * kill -9 of a real hub process (PostgreSQL store, RabbitMQ bus) while postings stream in
 * from the core banking system, then a restart on the same port: once the outbox is
 * drained, every acknowledged posting went through the timeline and notifications flows,
 * with exactly one timeline entry per posting and one delivery row per notification and
 * channel. The back office keeps pushing through the crash, as a real one does: what it
 * could not deliver to the dead hub it delivers to the restarted one.
 */
import { expect } from 'chai';
import {
  createDatabase,
  createVhost,
  disposeAll,
  eventually,
  expectEveryPostingThroughTheFlows,
  freePort,
  pause,
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

const POSTINGS = 2000;
const KILL_AFTER = 500;
const CLIENTS = ['E2E-CRASH-1', 'E2E-CRASH-2'];

describe('flows end to end: a hub killed with SIGKILL while postings stream in', function () {
  this.timeout(300_000);
  before(requireServices());

  let db: TestDatabase | undefined;
  let vhost: TestVhost | undefined;
  let provider: ProviderStub | undefined;
  const hubs: HubProcess[] = [];

  after(async function () {
    this.timeout(60_000);
    await disposeAll({ hubs, signal: 'SIGKILL', provider, db, vhost });
  });

  it('after a restart, every acknowledged posting is on the timeline once and notified once per channel', async () => {
    db = await createDatabase();
    vhost = await createVhost();
    provider = await startProviderStub();
    const port = await freePort();
    const start = async (): Promise<HubProcess> => {
      const hub = await startHubProcess({ databaseUrl: db!.url, amqpUrl: vhost!.url, providerUrl: provider!.url, port });
      hubs.push(hub);
      return hub;
    };
    const first = await start();

    // The clients first: a notification needs the client and its contacts in the store.
    await pushClients(first.url, CLIENTS);

    const core = pusher(first.url, 'CORE_BANKING', { batchSize: 20, retryBaseMs: 100 });
    let killedAt = -1;
    for (let i = 1; i <= POSTINGS; i += 1) {
      const clientId = CLIENTS[i % CLIENTS.length]!;
      core.publisher.publish(postingNotice(clientId, `E2E-ACC-${i % 10}`, `E2E-CRASH-P${i}`, i % 4 === 0 ? 'large-debit' : 'incoming'));
      if (i % 10 === 0) await pause(20);
      if (killedAt < 0 && core.acknowledged.size >= KILL_AFTER) {
        await first.kill('SIGKILL');
        killedAt = i;
      }
    }
    if (killedAt < 0) {
      await eventually(() => core.acknowledged.size >= KILL_AFTER, 60_000, () => `${KILL_AFTER} acknowledged postings`);
      await first.kill('SIGKILL');
    }
    const acknowledgedBeforeKill = core.acknowledged.size;
    const streaming = (killedAt > 0 && killedAt < POSTINGS) || core.publisher.stats().queued > 0;
    expect(streaming, 'the hub is killed while postings are still coming').to.equal(true);

    // The restarted hub takes the rest of the stream, and its relay the rows the first one left unsent.
    const second = await start();
    await core.publisher.stop(120_000);
    expect(core.publisher.stats().queued, `postings never delivered (answers ${JSON.stringify([...core.results])})`).to.equal(0);
    expect(core.acknowledged.size).to.be.greaterThan(acknowledgedBeforeKill);

    await expectEveryPostingThroughTheFlows(db, vhost, core.acknowledged, () => second.tail());
  });
});
