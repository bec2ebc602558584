/**
 * The bus contract, run against both transports: delivery to every bound flow exactly
 * once, idempotency on redelivery, delayed retry, dead letters that do not stop a flow,
 * replay, per-aggregate ordering, outbox relay end to end, fanout to every instance.
 */
import { expect } from 'chai';
import { createDeadLetters } from '../../hub/bus/dead-letters.js';
import { FlowError, type FlowDefinition, type FlowMessage } from '../../hub/bus/flow.js';
import { createOutboxRelay } from '../../hub/bus/relay.js';
import { countDeadLetters, processedAmong } from '../../hub/bus/records.js';
import type { Bus, OutgoingMessage } from '../../hub/bus/types.js';
import { writeRows } from '../../hub/store/sql.js';
import { OUTBOX_INSERT } from '../../hub/store/tables.js';
import { eventually, forEachTransport, pause, type Harness } from './support.js';

let counter = 0;
const nextId = (tag: string): string => `${tag}-${process.pid}-${(counter += 1)}`;

function message(routingKey: string, body: Record<string, unknown> = {}, messageId = nextId('msg')): OutgoingMessage {
  return { messageId, routingKey, body: JSON.stringify({ eventId: messageId, ...body }) };
}

/** A flow that records every successful handling; `fail` decides per delivery. */
function recorder(name: string, bindings: string[], fail?: (message: FlowMessage) => Error | undefined, extra: Partial<FlowDefinition> = {}): FlowDefinition & { handled: FlowMessage[]; calls: number } {
  const handled: FlowMessage[] = [];
  const flow = {
    name,
    bindings,
    handled,
    calls: 0,
    ...extra,
    async handle(delivery: FlowMessage) {
      flow.calls += 1;
      const failure = fail?.(delivery);
      if (failure) throw failure;
      handled.push(delivery);
    },
  };
  return flow;
}

const ids = (messages: readonly { messageId: string }[]): string[] => messages.map((each) => each.messageId);

forEachTransport('bus', (target) => {
  let h: Harness;
  let bus: Bus;
  beforeEach(async function () {
    this.timeout(30_000);
    h = await target.create();
    bus = h.bus;
  });
  afterEach(async function () {
    this.timeout(30_000);
    await h?.dispose();
  });

  it('delivers every message once to each flow bound to its routing key, and records it processed', async () => {
    const accounts = recorder('accounts', ['account.#']);
    const everything = recorder('everything', ['#']);
    const cards = recorder('cards', ['card.*.changed']);
    for (const flow of [accounts, everything, cards]) await bus.consume(flow);
    await bus.start();
    const sent = [
      ...Array.from({ length: 30 }, () => message('account.transaction.posted')),
      ...Array.from({ length: 20 }, () => message('card.status.changed')),
      message('client.data.changed'),
    ];
    await bus.publish(sent);
    await eventually(() => everything.handled.length >= 51 && accounts.handled.length >= 30 && cards.handled.length >= 20, 15_000, 'every delivery');
    await pause(300);
    expect(ids(everything.handled).sort()).to.deep.equal(ids(sent).sort());
    expect(ids(accounts.handled).sort()).to.deep.equal(ids(sent.slice(0, 30)).sort());
    expect(ids(cards.handled).sort()).to.deep.equal(ids(sent.slice(30, 50)).sort());
    expect(everything.handled.every((each) => each.attempt === 1)).to.equal(true);
    const client = everything.handled.find((each) => each.messageId === sent[50]!.messageId)!;
    expect(client.routingKey).to.equal('client.data.changed');
    expect(client.body).to.deep.equal({ eventId: sent[50]!.messageId });
    const processed = await h.store.query('test', (ex) => processedAmong(ex, 'accounts', ids(sent)));
    expect(processed.size).to.equal(30);
  });

  it('handles a message published twice (the same id) once, and acknowledges the copy', async () => {
    const flow = recorder('once', ['account.#']);
    await bus.consume(flow);
    await bus.start();
    const one = message('account.balance.changed');
    await bus.publish([one]);
    await eventually(() => flow.handled.length === 1);
    await bus.publish([one]);
    await eventually(() => h.outcomes.some((each) => each.outcome.kind === 'duplicate'), 10_000, 'the duplicate');
    await pause(200);
    expect(flow.calls).to.equal(1);
    expect(await bus.depths()).to.deep.equal({ once: 0 });
  });

  it('retries a retryable failure after a delay with the next attempt number', async () => {
    const flow = recorder('retrying', ['#'], (delivery) => (delivery.attempt < 3 ? new FlowError('CORE_DOWN', 'core banking did not answer', true) : undefined));
    await bus.consume(flow);
    await bus.start();
    const started = Date.now();
    const one = message('payment.requested', { amount: '10.00' });
    await bus.publish([one]);
    await eventually(() => flow.handled.length === 1, 15_000, 'the third attempt');
    expect(flow.calls).to.equal(3);
    expect(flow.handled[0]!.attempt).to.equal(3);
    expect(flow.handled[0]!.body).to.deep.equal({ eventId: one.messageId, amount: '10.00' });
    // 100 ms, then 300 ms of delayed retry (not a timing assertion on speed: a lower bound).
    expect(Date.now() - started).to.be.at.least(350);
    expect(h.outcomes.filter((each) => each.outcome.kind === 'retry').map((each) => (each.outcome as { attempt: number }).attempt)).to.deep.equal([2, 3]);
  });

  it('dead-letters a poison message with its reason while the following messages are handled', async () => {
    const poison = message('account.transaction.posted', { poison: true });
    const flow = recorder('poisoned', ['account.#'], (delivery) =>
      (delivery.body as { poison?: boolean }).poison ? new FlowError('BAD_PAYLOAD', 'the posting has no amount', false) : undefined,
    );
    await bus.consume(flow);
    await bus.start();
    const after = Array.from({ length: 10 }, () => message('account.transaction.posted'));
    await bus.publish([message('account.transaction.posted'), poison, ...after]);
    await eventually(() => flow.handled.length === 11, 15_000, 'the messages after the poison');
    const letters = createDeadLetters({ store: h.store, bus });
    await eventually(async () => (await letters.list({ flow: 'poisoned' })).items.length === 1, 15_000, 'the dead letter');
    const letter = await letters.get('poisoned', poison.messageId);
    expect(letter).to.include({ flow: 'poisoned', messageId: poison.messageId, routingKey: 'account.transaction.posted', code: 'BAD_PAYLOAD', reason: 'the posting has no amount', attempts: 1 });
    expect(JSON.parse(letter.body)).to.deep.equal({ eventId: poison.messageId, poison: true });
    expect(flow.calls).to.equal(12, 'a permanent failure is not retried');
    expect(await h.store.query('test', countDeadLetters)).to.deep.equal({ poisoned: 1 });
  });

  it('dead-letters a message that exhausts its attempts, saying so', async () => {
    const flow = recorder('exhausted', ['#'], () => new Error('socket hang up'), { maxAttempts: 3 });
    await bus.consume(flow);
    await bus.start();
    const one = message('notification.requested');
    await bus.publish([one]);
    const letters = createDeadLetters({ store: h.store, bus });
    await eventually(async () => (await letters.list()).items.length === 1, 15_000, 'the dead letter');
    const [letter] = (await letters.list()).items;
    expect(letter).to.include({ messageId: one.messageId, code: 'HANDLER_FAILED', attempts: 3 });
    expect(letter!.reason).to.equal('socket hang up (gave up after 3 attempts)');
    expect(flow.calls).to.equal(3);
  });

  it('replays a dead letter onto its flow (attempt 1, removed from the dead letters) and discards another', async () => {
    let broken = true;
    const flow = recorder('replayed', ['#'], () => (broken ? new FlowError('NOT_YET', 'the account is unknown', false) : undefined));
    await bus.consume(flow);
    await bus.start();
    const first = message('account.opened');
    const second = message('account.opened');
    await bus.publish([first, second]);
    const letters = createDeadLetters({ store: h.store, bus });
    await eventually(async () => (await letters.list({ flow: 'replayed' })).items.length === 2, 15_000, 'two dead letters');
    broken = false;
    const replayed = await letters.replay('replayed', first.messageId);
    expect(replayed.messageId).to.equal(first.messageId);
    await eventually(() => flow.handled.length === 1, 15_000, 'the replayed message');
    expect(flow.handled[0]).to.include({ messageId: first.messageId, attempt: 1 });
    await letters.discard('replayed', second.messageId);
    expect((await letters.list()).items).to.deep.equal([]);
    const missing = await letters.get('replayed', second.messageId).catch((error: unknown) => error);
    expect(missing).to.have.property('code', 'NOT_FOUND');
    await pause(300);
    expect(ids(flow.handled)).to.deep.equal([first.messageId]);
  });

  it('keeps the order of each aggregate in an ordered flow, across retries', async function () {
    this.timeout(40_000);
    const failedOnce = new Set<string>();
    const seen = new Map<string, number[]>();
    const flow: FlowDefinition = {
      name: 'ordered',
      bindings: ['account.#'],
      ordering: 'per-aggregate',
      async handle(delivery) {
        const body = delivery.body as { aggregateId: string; sequence: number };
        // The 5th event of each aggregate fails once: the later ones must wait for it.
        if (body.sequence === 5 && !failedOnce.has(body.aggregateId)) {
          failedOnce.add(body.aggregateId);
          throw new FlowError('LATER', 'try again', true);
        }
        await pause(Math.random() * 3);
        seen.set(body.aggregateId, [...(seen.get(body.aggregateId) ?? []), body.sequence]);
      },
    };
    await bus.consume(flow);
    await bus.start();
    const messages: OutgoingMessage[] = [];
    for (let sequence = 1; sequence <= 12; sequence += 1) {
      for (const aggregateId of ['A1', 'A2', 'A3', 'A4']) {
        const one = message('account.balance.changed', { aggregateType: 'ACCOUNT', aggregateId, sequence });
        messages.push({ ...one, orderingKey: `ACCOUNT/${aggregateId}` });
      }
    }
    await bus.publish(messages.slice(0, 20));
    await bus.publish(messages.slice(20));
    await eventually(() => [...seen.values()].reduce((sum, list) => sum + list.length, 0) === 48, 30_000, 'all 48 events');
    for (const aggregateId of ['A1', 'A2', 'A3', 'A4']) expect(seen.get(aggregateId), aggregateId).to.deep.equal(Array.from({ length: 12 }, (_, index) => index + 1));
  });

  it('handles the waiting deliveries of a batching flow together, in each aggregate\'s order, each once', async function () {
    this.timeout(40_000);
    const batches: number[] = [];
    const seen = new Map<string, number[]>();
    const note = (delivery: FlowMessage): void => {
      const body = delivery.body as { aggregateId: string; sequence: number };
      seen.set(body.aggregateId, [...(seen.get(body.aggregateId) ?? []), body.sequence]);
    };
    const flow: FlowDefinition = {
      name: 'batched',
      bindings: ['account.#'],
      ordering: 'per-aggregate',
      async handle(delivery) {
        batches.push(1);
        note(delivery);
      },
      async handleBatch(deliveries) {
        batches.push(deliveries.length);
        await pause(5);
        deliveries.forEach(note);
      },
    };
    await bus.consume(flow);
    await bus.start();
    const aggregates = Array.from({ length: 20 }, (_, index) => `B${index}`);
    const messages: OutgoingMessage[] = [];
    for (let sequence = 1; sequence <= 10; sequence += 1) {
      for (const aggregateId of aggregates) messages.push({ ...message('account.balance.changed', { aggregateType: 'ACCOUNT', aggregateId, sequence }), orderingKey: `ACCOUNT/${aggregateId}` });
    }
    await bus.publish(messages);
    await eventually(() => [...seen.values()].reduce((sum, list) => sum + list.length, 0) >= 200, 30_000, 'all 200 events');
    await pause(300);
    for (const aggregateId of aggregates) expect(seen.get(aggregateId), aggregateId).to.deep.equal(Array.from({ length: 10 }, (_, index) => index + 1));
    expect(batches.reduce((sum, size) => sum + size, 0)).to.equal(200);
    expect(Math.max(...batches), 'some deliveries were handled together').to.be.greaterThan(1);
    const processed = await h.store.query('test', (ex) => processedAmong(ex, 'batched', ids(messages)));
    expect(processed.size).to.equal(200);
    expect(await bus.depths()).to.deep.equal({ batched: 0 });
  });

  it('handles a failing batch one message at a time: the poison is dead-lettered alone, the rest once each', async function () {
    this.timeout(40_000);
    const handled: string[] = [];
    let poisonedBatches = 0;
    const isPoison = (delivery: FlowMessage): boolean => (delivery.body as { poison?: boolean }).poison === true;
    const flow: FlowDefinition = {
      name: 'batch-poisoned',
      bindings: ['account.#'],
      async handle(delivery) {
        if (isPoison(delivery)) throw new FlowError('BAD_PAYLOAD', 'the posting has no amount', false);
        handled.push(delivery.messageId);
      },
      async handleBatch(deliveries) {
        // Writes of the earlier messages are rolled back with the batch: nothing is kept of it.
        const kept = handled.length;
        for (const delivery of deliveries) {
          if (isPoison(delivery)) {
            poisonedBatches += 1;
            handled.length = kept;
            throw new FlowError('BAD_PAYLOAD', 'the posting has no amount', false);
          }
          handled.push(delivery.messageId);
        }
      },
    };
    await bus.consume(flow);
    await bus.start();
    const poison = message('account.transaction.posted', { poison: true });
    const good = Array.from({ length: 60 }, () => message('account.transaction.posted'));
    await bus.publish([...good.slice(0, 30), poison, ...good.slice(30)]);
    const letters = createDeadLetters({ store: h.store, bus });
    await eventually(async () => handled.length >= 60 && (await letters.list({ flow: 'batch-poisoned' })).items.length === 1, 20_000, 'the good messages and the dead letter');
    await pause(300);
    expect([...handled].sort()).to.deep.equal(ids(good).sort());
    expect(await letters.get('batch-poisoned', poison.messageId)).to.include({ code: 'BAD_PAYLOAD', attempts: 1 });
    const processed = await h.store.query('test', (ex) => processedAmong(ex, 'batch-poisoned', ids([...good, poison])));
    expect(processed.size, 'the poison is not recorded processed').to.equal(60);
    expect(poisonedBatches, 'the poison was first met in a batch').to.be.at.most(1);
  });

  it('publishes outbox rows through the relay and marks them sent only once accepted', async () => {
    const flow = recorder('relayed', ['account.#']);
    await bus.consume(flow);
    await bus.start();
    const rows = Array.from({ length: 40 }, (_, index) => ({
      eventId: nextId('evt'),
      routingKey: 'account.balance.changed',
      payload: JSON.stringify({ aggregateType: 'ACCOUNT', aggregateId: `R${index % 3}`, sequence: String(index) }),
      createdAt: new Date(),
    }));
    await h.store.transaction('test outbox', (ex) => writeRows(ex, OUTBOX_INSERT, rows, 'insert'));
    expect(await h.store.outboxDepth()).to.equal(40);
    let published = 0;
    const relay = createOutboxRelay({ store: h.store, bus, batchSize: 16, pollIntervalMs: 50, onPublished: (count) => (published += count) });
    await relay.start();
    try {
      relay.notify();
      await eventually(() => flow.handled.length === 40, 15_000, 'the relayed messages');
      await eventually(async () => (await h.store.outboxDepth()) === 0, 5000, 'an empty outbox');
      expect(published).to.equal(40);
      expect(ids(flow.handled).sort()).to.deep.equal(rows.map((row) => row.eventId).sort());
      expect(relay.health()).to.deep.equal({ status: 'up' });
    } finally {
      await relay.stop();
      await relay.stop();
    }
  });

  it('gives a copy of each message to the fanout consumers of every instance', async () => {
    const first: string[] = [];
    await bus.consumeOnEveryInstance({ name: 'invalidate', bindings: ['account.#', 'card.#'], handle: (delivery) => void first.push(delivery.messageId) });
    await bus.start();
    const second: string[] = [];
    const other = h.another?.('two');
    if (other) {
      await other.consumeOnEveryInstance({ name: 'invalidate', bindings: ['account.#', 'card.#'], handle: (delivery) => void second.push(delivery.messageId) });
      await other.start();
    }
    const sent = [message('account.balance.changed'), message('card.status.changed'), message('client.data.changed')];
    await bus.publish(sent);
    await eventually(() => first.length === 2 && (!other || second.length === 2), 10_000, 'the copies');
    expect(first.sort()).to.deep.equal(ids(sent.slice(0, 2)).sort());
    if (other) expect(second.sort()).to.deep.equal(ids(sent.slice(0, 2)).sort());
  });

  it('times out a handler that hangs and retries it', async () => {
    // A harness of its own, with a short handler timeout.
    await h.dispose();
    h = await target.create({ handlerTimeoutMs: 300 });
    bus = h.bus;
    let calls = 0;
    const flow: FlowDefinition = {
      name: 'hanging',
      bindings: ['#'],
      async handle() {
        calls += 1;
        if (calls === 1) await pause(1000);
      },
    };
    await bus.consume(flow);
    await bus.start();
    await bus.publish([message('account.opened')]);
    await eventually(() => h.outcomes.some((each) => each.outcome.kind === 'processed'), 15_000, 'the second attempt');
    const retry = h.outcomes.find((each) => each.outcome.kind === 'retry');
    expect(retry?.outcome).to.include({ code: 'HANDLER_TIMEOUT', attempt: 2 });
  });

  // Only RabbitMQ has a second instance: the embedded transport is one process by design.
  if (target.name === 'rabbitmq') {
    it('shares one flow queue between two instances: each message is handled once in all', async () => {
      const one = recorder('shared', ['#']);
      const two = recorder('shared', ['#']);
      await bus.consume(one);
      await bus.start();
      const other = h.another!('two');
      await other.consume(two);
      await other.start();
      const sent = Array.from({ length: 60 }, () => message('account.balance.changed'));
      await bus.publish(sent);
      await eventually(() => one.handled.length + two.handled.length >= 60, 15_000, 'all messages');
      await pause(300);
      expect([...ids(one.handled), ...ids(two.handled)].sort()).to.deep.equal(ids(sent).sort());
    });
  }

  it('stops twice without complaint, and refuses to publish once stopped', async () => {
    await bus.start();
    await bus.stop();
    await bus.stop();
    expect((await bus.health()).status).to.equal('down');
    const refused = await bus.publish([message('account.opened')]).catch((error: unknown) => error);
    expect(refused).to.have.property('code', 'SERVICE_UNAVAILABLE');
  });
});
