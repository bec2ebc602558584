/**
 * One outbox relay on the embedded default store: rows committed one request at a time
 * leave in batches (the relay lingers after a small batch), in id order, each once; and the
 * rows of a published batch, marked sent with the next claim, are marked when the relay
 * stops too.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOutboxRelay } from '../../hub/bus/relay.js';
import type { OutgoingMessage } from '../../hub/bus/types.js';
import { createStore, type Store } from '../../hub/store/index.js';
import { writeRows } from '../../hub/store/sql.js';
import { OUTBOX_INSERT } from '../../hub/store/tables.js';
import { eventually } from './support.js';

describe('outbox relay', function () {
  this.timeout(30_000);
  let store: Store;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dbp-relay-'));
    store = createStore({ dataDir, sqliteSynchronous: 'NORMAL' });
    await store.start();
  });
  afterEach(async () => {
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const writeOne = async (eventId: string): Promise<void> => {
    await store.transaction('test outbox', (ex) =>
      writeRows(ex, OUTBOX_INSERT, [{ eventId, routingKey: 'account.balance.changed', payload: JSON.stringify({ aggregateType: 'ACCOUNT', aggregateId: 'A1' }), createdAt: new Date() }], 'insert'),
    );
  };

  it('publishes rows committed one at a time in batches, in order, each once', async () => {
    const batches: string[][] = [];
    const relay = createOutboxRelay({
      store,
      bus: { publish: async (messages: readonly OutgoingMessage[]) => void batches.push(messages.map((message) => message.messageId)) },
      // Long enough that many rows are written during a linger even on a slow machine.
      lingerMs: 200,
      pollIntervalMs: 1000,
    });
    await relay.start();
    const written: string[] = [];
    for (let index = 0; index < 100; index += 1) {
      written.push(`one-${index}`);
      await writeOne(`one-${index}`);
      relay.notify();
    }
    await eventually(async () => (await store.outboxDepth()) === 0, 10_000, 'an empty outbox');
    await relay.stop();
    expect(batches.flat()).to.deep.equal(written);
    expect(batches.length, 'rows left together, not one publish each').to.be.at.most(50);
  });

  it('marks the rows it published when it stops before its next claim', async () => {
    for (let index = 0; index < 30; index += 1) await writeOne(`stop-${index}`);
    const published: string[] = [];
    let stopping: Promise<void> | undefined;
    const relay = createOutboxRelay({
      store,
      batchSize: 10,
      bus: {
        publish: async (messages: readonly OutgoingMessage[]) => {
          published.push(...messages.map((message) => message.messageId));
          // Stop as soon as the first batch is confirmed: the next claim never comes.
          stopping ??= relay.stop();
        },
      },
    });
    await relay.start();
    relay.notify();
    await eventually(() => stopping !== undefined, 10_000, 'the first publish');
    await stopping;
    expect(published).to.deep.equal(Array.from({ length: 10 }, (_, index) => `stop-${index}`));
    expect(await store.outboxDepth(), 'the published batch is marked, the rest waits').to.equal(20);
  });
});
