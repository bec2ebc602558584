/**
 * Two outbox relays (two hub instances) on one PostgreSQL store: in the normal case no
 * row is published twice, every row is published, and batches go out in id order across
 * both instances. A relay whose bus refuses keeps its rows for the other, or for later.
 */
import { unavailable } from '../support/services.js';
import { expect } from 'chai';
import { createOutboxRelay, type OutboxRelay } from '../../hub/bus/relay.js';
import type { OutgoingMessage } from '../../hub/bus/types.js';
import { HubError } from '../../hub/errors/catalog.js';
import { writeRows } from '../../hub/store/sql.js';
import { OUTBOX_INSERT } from '../../hub/store/tables.js';
import { postgresTarget, type TestDatabase } from '../store/support.js';
import { eventually, pause } from './support.js';

describe('outbox relay: two instances on one PostgreSQL store', function () {
  this.timeout(60_000);
  let db: TestDatabase | undefined;
  const relays: OutboxRelay[] = [];

  before(async function () {
    if (!(await postgresTarget.available())) unavailable(this, 'PostgreSQL does not answer');
  });
  beforeEach(async () => {
    db = await postgresTarget.create();
  });
  afterEach(async () => {
    for (const relay of relays.splice(0)) await relay.stop();
    await db?.dispose();
  });

  async function write(count: number, tag: string): Promise<string[]> {
    const rows = Array.from({ length: count }, (_, index) => ({
      eventId: `${tag}-${index}`,
      routingKey: 'account.balance.changed',
      payload: JSON.stringify({ aggregateType: 'ACCOUNT', aggregateId: `S${index % 5}`, index }),
      createdAt: new Date(),
    }));
    await db!.store.transaction('test outbox', (ex) => writeRows(ex, OUTBOX_INSERT, rows, 'insert'));
    return rows.map((row) => row.eventId);
  }

  it('never publishes a row twice, publishes every row, and keeps the id order across instances', async () => {
    const published: { relay: string; message: OutgoingMessage }[] = [];
    // Each instance's broker refuses its third publish once: that relay gives the batch
    // back and backs off, and the other instance must carry on with it, in order. So both
    // instances take part however the scheduler favours one of them.
    const busOf = (relay: string) => {
      let calls = 0;
      return {
        publish: async (messages: readonly OutgoingMessage[]) => {
          calls += 1;
          await pause(5 + Math.random() * 10);
          if (calls === 3) throw new HubError('SERVICE_UNAVAILABLE', `broker of ${relay} refuses once`);
          for (const message of messages) published.push({ relay, message });
        },
      };
    };
    const second = db!.another();
    await second.start();
    for (const [name, store] of [['one', db!.store], ['two', second]] as const) {
      relays.push(createOutboxRelay({ store, bus: busOf(name), relayId: name, batchSize: 25, pollIntervalMs: 20 }));
    }
    await Promise.all(relays.map((relay) => relay.start()));
    const written: string[] = [];
    for (let round = 0; round < 10; round += 1) {
      written.push(...(await write(60, `r${round}`)));
      relays.forEach((relay) => relay.notify());
      await pause(20);
    }
    await eventually(async () => (await db!.store.outboxDepth()) === 0, 30_000, 'an empty outbox');
    const ids = published.map((each) => each.message.messageId);
    expect(ids.length, 'published once each').to.equal(new Set(ids).size);
    expect([...ids].sort()).to.deep.equal([...written].sort());
    expect(ids, 'in the order written').to.deep.equal(written);
    expect(new Set(published.map((each) => each.relay)).size, 'both relays took part').to.equal(2);
    const [row] = await db!.inspect.rows(`SELECT COUNT(*) AS n FROM "outbox" WHERE "claimed_until" IS NOT NULL`);
    expect(Number(row!.n)).to.equal(0);
  });

  it('keeps the rows while the bus refuses, counting attempts, and publishes them once it accepts', async () => {
    let accepting = false;
    const published: string[] = [];
    const relay = createOutboxRelay({
      store: db!.store,
      bus: {
        publish: async (messages) => {
          if (!accepting) throw new HubError('SERVICE_UNAVAILABLE', 'broker down');
          published.push(...messages.map((message) => message.messageId));
        },
      },
      batchSize: 10,
      pollIntervalMs: 20,
      maxBackoffMs: 200,
    });
    relays.push(relay);
    await relay.start();
    const written = await write(30, 'down');
    relay.notify();
    await eventually(async () => Number((await db!.inspect.rows(`SELECT MAX("attempts") AS n FROM "outbox"`))[0]!.n) >= 2, 10_000, 'failed attempts');
    expect(await db!.store.outboxDepth()).to.equal(30);
    expect(relay.health().status).to.equal('down');
    accepting = true;
    await eventually(async () => (await db!.store.outboxDepth()) === 0, 10_000, 'an empty outbox');
    expect(published).to.deep.equal(written);
    expect(relay.health()).to.deep.equal({ status: 'up' });
  });
});
