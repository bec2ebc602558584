/**
 * RabbitMQ stopped in the middle of a stream (`rabbitmqctl stop_app`, then `start_app`):
 * the relay keeps the rows it could not publish, reconnects with backoff and resumes;
 * the flow ends up with every row exactly once. The only spec that stops the broker; it
 * restores it in an `after` hook even when it fails.
 */
import { unavailable } from '../support/services.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { FlowDefinition } from '../../hub/bus/flow.js';
import { createOutboxRelay, type OutboxRelay } from '../../hub/bus/relay.js';
import { writeRows } from '../../hub/store/sql.js';
import { OUTBOX_INSERT } from '../../hub/store/tables.js';
import { brokerAvailable, eventually, pause, rabbitTarget, type Harness } from './support.js';

const run = promisify(execFile);
const rabbitmqctl = (...args: string[]) => run('rabbitmqctl', args, { timeout: 60_000 });

describe('bus (rabbitmq): the broker stops for 20 s in the middle of a stream', function () {
  this.timeout(180_000);
  let h: Harness | undefined;
  let relay: OutboxRelay | undefined;
  let stopped = false;

  before(async function () {
    if (!(await brokerAvailable())) unavailable(this, 'RabbitMQ does not answer');
  });

  after(async function () {
    this.timeout(120_000);
    if (stopped) await rabbitmqctl('start_app').catch((error: unknown) => console.error('could not restart RabbitMQ:', error));
    await relay?.stop();
    await h?.dispose();
  });

  it('loses nothing: rows stay pending while it is down and are all delivered once after', async () => {
    h = await rabbitTarget.create();
    const handled = new Map<string, number>();
    const flow: FlowDefinition = {
      name: 'outage',
      bindings: ['account.#'],
      async handle(message) {
        handled.set(message.messageId, (handled.get(message.messageId) ?? 0) + 1);
      },
    };
    await h.bus.consume(flow);
    await h.bus.start();
    relay = createOutboxRelay({ store: h.store, bus: h.bus, batchSize: 50, pollIntervalMs: 50, maxBackoffMs: 2000 });
    await relay.start();
    const written: string[] = [];
    let serial = 0;
    const write = async (count: number): Promise<void> => {
      const rows = Array.from({ length: count }, () => ({
        eventId: `outage-${process.pid}-${(serial += 1)}`,
        routingKey: 'account.balance.changed',
        payload: JSON.stringify({ aggregateType: 'ACCOUNT', aggregateId: `O${serial % 7}` }),
        createdAt: new Date(),
      }));
      await h!.store.transaction('test outbox', (ex) => writeRows(ex, OUTBOX_INSERT, rows, 'insert'));
      written.push(...rows.map((row) => row.eventId));
      relay!.notify();
    };

    for (let i = 0; i < 10; i += 1) await write(20);
    await eventually(() => handled.size >= 100, 30_000, 'the first part of the stream');

    await rabbitmqctl('stop_app');
    stopped = true;
    const outageEnds = Date.now() + 20_000;
    while (Date.now() < outageEnds) {
      await write(10);
      await pause(500);
    }
    expect(await h.store.outboxDepth(), 'rows written while the broker is down stay pending').to.be.at.least(200);
    expect((await h.bus.health()).status).to.equal('down');
    expect(relay.health().status).to.equal('down');

    await rabbitmqctl('start_app');
    stopped = false;
    for (let i = 0; i < 5; i += 1) await write(20);
    await eventually(async () => (await h!.store.outboxDepth()) === 0, 90_000, 'an empty outbox after the restart');
    await eventually(() => handled.size === written.length, 60_000, 'every row handled');
    expect([...handled.keys()].sort()).to.deep.equal([...written].sort());
    expect([...handled.values()].every((count) => count === 1), 'each handled once').to.equal(true);
    expect(relay.health()).to.deep.equal({ status: 'up' });
  });
});
