/**
 * The notifications flow's set-based handler: a batch records exactly the delivery rows that
 * handling its messages one by one records, fails as the message alone would (so that the bus
 * falls back to one by one), and costs the same few statements whatever its size.
 */
import { expect } from 'chai';
import type { PlainObject } from '../../../common/soap/codec.js';
import { FlowError, type FlowDefinition, type FlowMessage } from '../../../hub/bus/flow.js';
import { HubError } from '../../../hub/errors/catalog.js';
import type { Executor, Store } from '../../../hub/store/index.js';
import { deliveriesOfNotifications, type DeliveryRecord } from '../../../flows/notifications/deliveries.js';
import { createNotificationsFlow, notificationId } from '../../../flows/notifications/flow.js';
import { CHANNELS } from '../../../flows/notifications/model.js';
import { writePreferences, type PreferenceChange } from '../../../flows/notifications/preferences.js';
import { balanceChanged, forEachDatabase } from '../../store/support.js';
import { applicationStatus, cardStatus, client, entry, handle, publish, TestClock } from './support.js';

const NOW = new Date('2026-11-24T10:00:00Z');

/** Runs the flow's batch handler the way the bus does: in one store transaction, committed when it returns. */
async function handleBatch(store: Store, flow: FlowDefinition, messages: readonly FlowMessage[], wrap: (ex: Executor) => Executor = (ex) => ex): Promise<void> {
  try {
    await store.transaction(`flow ${flow.name} batch`, (ex) =>
      flow.handleBatch!(messages, {
        ex: wrap(ex),
        emit: async () => {
          throw new Error('the notifications flow emits nothing');
        },
      }),
    );
  } catch (error) {
    if (error instanceof HubError && error.cause instanceof FlowError) throw error.cause;
    throw error;
  }
}

/** An executor that notes every statement it runs. */
function counting(ex: Executor, statements: string[]): Executor {
  return {
    dialect: ex.dialect,
    query: (sql, params) => (statements.push(sql), ex.query(sql, params)),
    execute: (sql, params) => (statements.push(sql), ex.execute(sql, params)),
  };
}

const isSelect = (sql: string): boolean => /^\s*SELECT\b/i.test(sql);

/** Every delivery row of these messages, in key order. */
async function rowsOf(store: Store, messages: readonly FlowMessage[]): Promise<DeliveryRecord[]> {
  const rows = await store.query('reading deliveries', (ex) => deliveriesOfNotifications(ex, messages.map((message) => notificationId(message.messageId))));
  const key = (row: DeliveryRecord): string => `${row.notificationId}\u0000${row.channel}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const setPreferences = (store: Store, clientId: string, change: PreferenceChange): Promise<unknown> =>
  store.transaction('changing notification preferences', (ex) => writePreferences(ex, clientId, change, NOW));

forEachDatabase('notifications flow in batches', (db, target) => {
  let clock: TestClock;
  let flow: FlowDefinition;

  beforeEach(() => {
    clock = new TestClock(NOW);
    flow = createNotificationsFlow({ channels: CHANNELS, timeZone: 'Europe/Moscow', now: clock.now });
  });

  it('records exactly the rows that handling the messages one by one records', async () => {
    const other = await target.create();
    try {
      const stores = [db().store, other.store] as const;
      // The same events, so the same message ids, in both stores.
      const clients = [
        client('EN1', 'en-GB', { email: 'anna@example.com', phone: '+4915112345678' }),
        client('RU1', 'ru', { email: 'ivan@example.ru', phone: '+79161234567' }),
        client('NP1', 'en', { email: 'no-phone@example.com' }),
      ];
      const earlier = [cardStatus('NP1', 'CARD-0', 'STOLEN')];
      const cards = [cardStatus('EN1', 'CARD-1', 'BLOCKED'), entry('RU1', 'ACC-RU2', { amount: '12.5', counterparty: 'Кофейня' }), cardStatus('NP1', 'CARD-2', 'LOST'), cardStatus('RU1', 'CARD-3', 'ISSUED')];
      const banking = [
        entry('EN1', 'ACC-1', { kind: 'TRANSFER', direction: 'CRDT', amount: '300.00', counterparty: 'Anna Smith' }),
        entry('RU1', 'ACC-RU', { kind: 'TRANSFER', direction: 'DBIT', amount: '150000.00', currency: 'RUB', counterparty: 'ООО Ромашка' }),
        balanceChanged('ACC-9', 1, { BOOKED: '10.00' }),
      ];
      const crm = [applicationStatus('EN1', 'APP-1', 'APPROVED'), applicationStatus('RU1', 'APP-2', 'DOCUMENTS_REQUIRED')];
      const payment: FlowMessage = {
        messageId: 'payment-9-rejected',
        routingKey: 'payment.rejected',
        attempt: 1,
        body: { paymentId: 'P-9', clientId: 'RU1', accountId: 'ACC-RU', amount: { value: '2500.00', currency: 'EUR' }, status: 'REJECTED', reason: 'недостаточно средств', occurredAt: '2026-11-24T09:45:00Z' },
      };

      const prepared: FlowMessage[][] = [];
      for (const store of stores) {
        await publish(store, 'CRM', clients, NOW);
        // EN1 moved transactions to SMS and e-mail and switched products off.
        await setPreferences(store, 'EN1', { transactions: ['sms', 'email'], products: [] });
        const [recorded] = await publish(store, 'CARDS', earlier, NOW);
        // Recorded before, at an earlier time: a batch that wrote it again would fail on its key or change createdAt.
        const before = createNotificationsFlow({ channels: CHANNELS, timeZone: 'Europe/Moscow', now: () => new Date(NOW.getTime() - 60_000) });
        await handle(store, before, recorded!);
        prepared.push([
          ...(await publish(store, 'CARDS', cards, NOW)),
          ...(await publish(store, 'CORE_BANKING', banking, NOW)),
          recorded!,
          ...(await publish(store, 'CRM', crm, NOW)),
          payment,
        ]);
      }
      const [oneByOne, batch] = prepared as [FlowMessage[], FlowMessage[]];
      expect(batch.map((message) => message.messageId)).to.deep.equal(oneByOne.map((message) => message.messageId));
      expect(batch).to.have.length(11);

      for (const message of oneByOne) await handle(stores[0], flow, message);
      await handleBatch(stores[1], flow, batch);

      const expected = await rowsOf(stores[0], oneByOne);
      const actual = await rowsOf(stores[1], batch);
      expect(actual).to.deep.equal(expected);

      // What the comparison covers: every kind of decision, not an empty table twice.
      const summary = actual.map((row) => `${row.clientId} ${row.kind} ${row.channel} ${row.language}`);
      expect(summary).to.have.members([
        'EN1 card-blocked email en-GB',
        'EN1 card-blocked sms en-GB',
        'EN1 card-blocked push en-GB',
        'RU1 card-purchase push ru',
        'NP1 card-lost email en',
        'NP1 card-lost push en',
        'RU1 card-issued email ru',
        'RU1 card-issued sms ru',
        'RU1 card-issued push ru',
        // EN1's own choice for transactions.
        'EN1 incoming-transfer email en-GB',
        'EN1 incoming-transfer sms en-GB',
        'RU1 large-debit email ru',
        'RU1 large-debit sms ru',
        'RU1 large-debit push ru',
        'NP1 card-stolen email en',
        'NP1 card-stolen push en',
        'RU1 application-documents-required email ru',
        'RU1 application-documents-required push ru',
        'RU1 payment-rejected email ru',
        'RU1 payment-rejected push ru',
      ]);
      for (const row of actual) {
        const at = row.kind === 'card-stolen' ? NOW.getTime() - 60_000 : NOW.getTime();
        expect([row.status, row.attempts, row.createdAt.getTime(), row.nextAttemptAt.getTime()], `${row.notificationId}:${row.channel}`).to.deep.equal(['pending', 0, at, at]);
      }
    } finally {
      await other.dispose();
    }
  });

  it('fails as the message alone would: an unknown client is retryable, a template that cannot be filled is not, and nothing is written', async () => {
    await publish(db().store, 'CRM', [client('EN1', 'en', { email: 'anna@example.com', phone: '+4915112345678' })], NOW);
    const known = await publish(db().store, 'CARDS', [cardStatus('EN1', 'CARD-1', 'BLOCKED')], NOW);
    const [unknown] = await publish(db().store, 'CARDS', [cardStatus('NOBODY', 'CARD-2', 'BLOCKED')], NOW);

    const retry = await handleBatch(db().store, flow, [...known, unknown!]).catch((error: unknown) => error);
    expect(retry).to.be.instanceOf(FlowError).and.include({ code: 'NOTIFICATION_CLIENT_UNKNOWN', retryable: true });
    expect((retry as FlowError).message).to.include('NOBODY');
    expect(await rowsOf(db().store, known)).to.deep.equal([]);

    const badMoney: FlowMessage = {
      messageId: 'm-2',
      routingKey: 'payment.completed',
      attempt: 1,
      body: { paymentId: 'P', clientId: 'EN1', accountId: 'A', amount: { value: '1.001', currency: 'EUR' }, status: 'COMPLETED', occurredAt: NOW.toISOString() },
    };
    const broken = await handleBatch(db().store, flow, [...known, badMoney]).catch((error: unknown) => error);
    expect(broken).to.be.instanceOf(FlowError).and.include({ code: 'NOTIFICATION_RENDER_FAILED', retryable: false });
    expect(await rowsOf(db().store, [...known, badMoney])).to.deep.equal([]);

    // One by one, as the bus falls back: the good message is recorded, the others fail alone.
    await handle(db().store, flow, known[0]!);
    expect(await handle(db().store, flow, unknown!).catch((error: unknown) => error)).to.be.instanceOf(FlowError).and.include({ code: 'NOTIFICATION_CLIENT_UNKNOWN' });
    expect((await rowsOf(db().store, known)).map((row) => row.channel)).to.have.members(['email', 'sms', 'push']);
  });

  it('uses the same few statements for a batch of 50 messages as for one message', async () => {
    const ids = Array.from({ length: 25 }, (_, position) => `C${position}`);
    await publish(db().store, 'CRM', ids.map((id) => client(id, numberOf(id) % 2 ? 'ru' : 'en', { email: `${id}@example.com`, phone: `+491511234${String(numberOf(id)).padStart(4, '0')}` })), NOW);
    await setPreferences(db().store, 'C1', { transactions: ['email'] });
    const events: PlainObject[] = ids.flatMap((id) => [cardStatus(id, `CARD-${id}`, 'BLOCKED'), entry(id, `ACC-${id}`, { amount: '20.00' })]);
    const batch = await publish(db().store, 'CARDS', events, NOW);
    const single = await publish(db().store, 'CARDS', [entry('C2', 'ACC-C2-2', { amount: '5.00' })], NOW);
    expect(batch).to.have.length(50);

    const alone: string[] = [];
    await handleBatch(db().store, flow, single, (ex) => counting(ex, alone));
    const many: string[] = [];
    await handleBatch(db().store, flow, batch, (ex) => counting(ex, many));

    // 25 card blocks on three channels, 24 purchases on push and C1's on e-mail.
    const rows = 25 * 3 + 25;
    expect(await rowsOf(db().store, batch)).to.have.length(rows);
    // Recorded notifications, clients, preferences; then the insert: one array statement on
    // PostgreSQL, on SQLite one per power-of-two chunk of the rows.
    const inserts = (count: number): number => (target.name === 'sqlite' ? Math.floor(Math.log2(count)) + 1 : 1);
    expect(alone.filter(isSelect)).to.have.length(3);
    expect(alone.length - 3).to.equal(1);
    expect(many.filter(isSelect)).to.have.length(3);
    expect(many.length - 3).to.be.within(1, inserts(rows));
  });
});

function numberOf(id: string): number {
  return Number(id.slice(1));
}
