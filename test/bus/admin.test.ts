/**
 * Operators' view of the bus over HTTP: dead letters listed (paged), shown, replayed and
 * discarded; problem documents for what does not exist; the admin token; the journey of
 * one event from CacheControl's ingress through the outbox to each flow's outcome; and
 * the same commands from the command line.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createBusAdmin } from '../../hub/bus/admin.js';
import { runDlqCommand } from '../../hub/bus/cli.js';
import { createDeadLetters, type DeadLetters } from '../../hub/bus/dead-letters.js';
import { FlowError, type FlowDefinition } from '../../hub/bus/flow.js';
import { createOutboxRelay, type OutboxRelay } from '../../hub/bus/relay.js';
import { applyEvents } from '../../hub/events/apply.js';
import { balanceChanged } from '../store/support.js';
import { embeddedTarget, eventually, type Harness } from './support.js';

describe('bus admin API, journey and dlq commands (embedded)', function () {
  this.timeout(30_000);
  let h: Harness;
  let server: Server;
  let base: string;
  let relay: OutboxRelay;
  let letters: DeadLetters;
  let fixed = false;
  const handled: string[] = [];
  let eventIds: string[] = [];

  before(async () => {
    h = await embeddedTarget.create();
    const good: FlowDefinition = { name: 'ledger', bindings: ['account.#'], handle: async (message) => void handled.push(message.messageId) };
    const picky: FlowDefinition = {
      name: 'picky',
      bindings: ['account.balance.changed'],
      handle: async (message) => {
        if (!fixed) throw new FlowError('NO_TEMPLATE', `no template for ${message.routingKey}`, false);
      },
    };
    await h.bus.consume(good);
    await h.bus.consume(picky);
    await h.bus.start();
    relay = createOutboxRelay({ store: h.store, bus: h.bus, pollIntervalMs: 50 });
    await relay.start();
    letters = createDeadLetters({ store: h.store, bus: h.bus });
    const admin = createBusAdmin({ deadLetters: letters, store: h.store, bus: h.bus });
    server = createServer((req, res) => {
      if (!admin.handler(req, res)) {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const events = [1, 2, 3].map((sequence) => balanceChanged(`ADM${sequence}`, 1, { BOOKED: '10.00' }));
    eventIds = events.map((event) => String(event.eventId));
    const results = await applyEvents(h.store, 'CORE_BANKING', events, new Date());
    expect(results.map((result) => result.result)).to.deep.equal(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    relay.notify();
    await eventually(async () => handled.length === 3 && (await letters.list()).items.length === 3, 15_000, 'handled and dead-lettered');
  });
  after(async () => {
    await relay?.stop();
    await new Promise((resolve) => server?.close(resolve));
    await h?.dispose();
  });

  const call = async (method: string, path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, { method, headers });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  };

  it('lists dead letters newest first, a page at a time, and one flow at a time', async () => {
    const first = await call('GET', '/admin/dlq?limit=2');
    expect(first.status).to.equal(200);
    const items = first.body.items as { flow: string; messageId: string; code: string; body: { eventId: string } }[];
    expect(items).to.have.length(2);
    expect(items[0]).to.include({ flow: 'picky', code: 'NO_TEMPLATE' });
    expect(items[0]!.body.eventId).to.equal(items[0]!.messageId);
    const second = await call('GET', `/admin/dlq?limit=2&after=${first.body.next as string}`);
    const rest = second.body.items as { messageId: string }[];
    expect(rest).to.have.length(1);
    expect(second.body.next).to.equal(undefined);
    expect([...items, ...rest].map((each) => each.messageId).sort()).to.deep.equal([...eventIds].sort());
    expect(((await call('GET', '/admin/dlq/picky')).body.items as unknown[]).length).to.equal(3);
    expect(((await call('GET', '/admin/dlq/ledger')).body.items as unknown[]).length).to.equal(0);
  });

  it('answers problem documents for unknown dead letters, bad paging and wrong methods', async () => {
    const missing = await call('GET', '/admin/dlq/picky/nope');
    expect(missing.status).to.equal(404);
    expect(missing.type).to.equal('application/problem+json');
    expect(missing.body).to.include({ code: 'NOT_FOUND' });
    expect((await call('GET', '/admin/dlq?limit=0')).body).to.include({ code: 'INVALID_REQUEST', field: 'limit' });
    expect((await call('GET', '/admin/dlq?after=garbage')).body).to.include({ code: 'INVALID_REQUEST', field: 'after' });
    expect((await call('PUT', '/admin/dlq/picky/x')).status).to.equal(405);
    expect((await call('GET', '/admin/events/unknown-event')).status).to.equal(404);
  });

  it('follows one event: ingress, outbox sent, processed by one flow, dead-lettered by the other', async () => {
    const journey = await call('GET', `/admin/events/${eventIds[0]}`);
    expect(journey.status).to.equal(200);
    expect(journey.body.ingress).to.include({ sourceSystem: 'CORE_BANKING', aggregateType: 'ACCOUNT', aggregateId: 'ADM1', sequence: '1' });
    expect(journey.body.outbox).to.include({ routingKey: 'account.balance.changed' });
    expect((journey.body.outbox as { sentAt?: string }).sentAt).to.be.a('string');
    const flows = journey.body.flows as { flow: string; stage: string; code?: string }[];
    expect(flows.map((each) => [each.flow, each.stage])).to.deep.equal([
      ['ledger', 'processed'],
      ['picky', 'dead-lettered'],
    ]);
    expect(flows[1]).to.include({ code: 'NO_TEMPLATE', reason: 'no template for account.balance.changed' });
  });

  it('replays and discards over HTTP; the replayed message is then processed', async () => {
    fixed = true;
    const replayed = await call('POST', `/admin/dlq/picky/${eventIds[0]}/replay`);
    expect(replayed.status).to.equal(202);
    await eventually(async () => (await call('GET', `/admin/events/${eventIds[0]}`)).body.flows !== undefined && ((await call('GET', `/admin/events/${eventIds[0]}`)).body.flows as { stage: string }[]).every((each) => each.stage === 'processed'), 10_000, 'the replay processed');
    const discarded = await call('DELETE', `/admin/dlq/picky/${eventIds[1]}`);
    expect(discarded.status).to.equal(200);
    expect((await call('GET', `/admin/dlq/picky/${eventIds[1]}`)).status).to.equal(404);
  });

  it('runs the same commands from the command line', async () => {
    const lines: string[] = [];
    expect(await runDlqCommand(letters, ['list'], {}, (line) => lines.push(line))).to.equal(0);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain(eventIds[2]).and.contain('NO_TEMPLATE');
    expect(await runDlqCommand(letters, ['show', 'picky', eventIds[2]!], {}, (line) => lines.push(line))).to.equal(0);
    expect(JSON.parse(lines.at(-1)!)).to.include({ messageId: eventIds[2], flow: 'picky' });
    expect(await runDlqCommand(letters, ['discard', 'picky', eventIds[2]!], {}, (line) => lines.push(line))).to.equal(0);
    expect(await runDlqCommand(letters, ['show', 'picky', eventIds[2]!], {}, (line) => lines.push(line))).to.equal(1);
    expect(lines.at(-1)).to.contain('no dead letter');
    const usage = await runDlqCommand(letters, ['replay', 'picky'], {}, () => undefined).catch((error: unknown) => error);
    expect(usage).to.have.property('name', 'DlqUsageError');
  });

  it('asks for the bearer token when one is configured', async () => {
    const admin = createBusAdmin({ deadLetters: letters, store: h.store, bus: h.bus, token: 's3cret' });
    const guarded = createServer((req, res) => void admin.handler(req, res));
    await new Promise<void>((resolve) => guarded.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}/admin/dlq`;
    try {
      const refused = await fetch(url);
      expect(refused.status).to.equal(401);
      expect(refused.headers.get('www-authenticate')).to.equal('Bearer');
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong!' } })).status).to.equal(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer s3cret' } })).status).to.equal(200);
    } finally {
      await new Promise((resolve) => guarded.close(resolve));
    }
  });
});
