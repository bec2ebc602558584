/**
 * Standing orders on SQLite and PostgreSQL: two scheduler instances on one database make
 * each due date's payment exactly once (counted in the outbox), dates missed while no
 * instance ran are caught up once each, a cancelled order pays no more, the lease passes
 * to the other instance when its holder stops or dies, and the real node-cron task fires
 * on a seconds schedule. Plus the schedule arithmetic and the command's checks.
 */
import { expect } from 'chai';
import { applyEvents } from '../../../hub/events/apply.js';
import { HubError } from '../../../hub/errors/catalog.js';
import type { Store } from '../../../hub/store/index.js';
import {
  createRecurringPayments,
  createStandingOrdersCommand,
  firstOnOrAfter,
  nextAfter,
  type PaymentRequestedBody,
  type RecurringPayments,
  type StandingOrderView,
} from '../../../flows/recurring-payments/index.js';
import { balanceChanged, forEachDatabase } from '../../store/support.js';

const CLIENT = 'CL1';
const ACCOUNT = 'AC-SO-1';
const BODY = { fromAccountId: ACCOUNT, amount: { amount: '25.50', currency: 'EUR' }, payee: { name: 'Landlord Ltd', iban: 'DE89 3704 0044 0532 0130 00' }, remittanceInformation: 'Rent', frequency: 'DAILY' };

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

async function requested(store: Store): Promise<PaymentRequestedBody[]> {
  return (await store.pending(10_000)).filter((row) => row.routingKey === 'payment.requested').map((row) => JSON.parse(row.payload) as PaymentRequestedBody);
}

const eventually = async (condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('flows/recurring-payments: the schedule', () => {
  it('pays daily, weekly on a weekday and monthly on a day, the month’s last day when shorter', () => {
    expect(nextAfter({ frequency: 'DAILY' }, '2026-02-28')).to.equal('2026-03-01');
    expect(nextAfter({ frequency: 'WEEKLY', day: 1 }, '2026-03-02')).to.equal('2026-03-09', 'a Monday to the next Monday');
    expect(nextAfter({ frequency: 'WEEKLY', day: 5 }, '2026-03-02')).to.equal('2026-03-06');
    expect(firstOnOrAfter({ frequency: 'WEEKLY', day: 1 }, '2026-03-02')).to.equal('2026-03-02');
    const monthly = { frequency: 'MONTHLY', day: 31 } as const;
    const dates = ['2026-01-01'];
    for (let index = 0; index < 4; index += 1) dates.push(nextAfter(monthly, dates[dates.length - 1]!));
    expect(dates.slice(1)).to.deep.equal(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    expect(nextAfter({ frequency: 'MONTHLY', day: 29 }, '2028-01-29')).to.equal('2028-02-29');
    expect(firstOnOrAfter({ frequency: 'MONTHLY', day: 15 }, '2026-03-16')).to.equal('2026-04-15');
  });
});

forEachDatabase('flows/recurring-payments', (db, target) => {
  // Two SQLite connections in ONE process cannot run at once: better-sqlite3 waits for a
  // lock synchronously, stalling the holder too until the busy timeout. Two hub processes
  // do not have that problem; in the test the instances then take turns.
  const together = async <T>(runs: readonly (() => Promise<T>)[]): Promise<T[]> => {
    if (target.name !== 'sqlite') return Promise.all(runs.map((run) => run()));
    const results: T[] = [];
    for (const run of runs) results.push(await run());
    return results;
  };
  let clock: Date;
  const now = () => clock;
  const schedulers: RecurringPayments[] = [];
  const scheduler = (store: Store, instanceId: string, extra: { leaseMs?: number; schedule?: string; onCommitted?: () => void } = {}): RecurringPayments => {
    const created = createRecurringPayments({ store, instanceId, now, ...extra });
    schedulers.push(created);
    return created;
  };

  beforeEach(async function () {
    this.timeout(20_000);
    clock = new Date('2026-03-01T08:00:00Z');
    const applied = await applyEvents(db().store, 'CORE_BANKING', [balanceChanged(ACCOUNT, 1, { BOOKED: '1000.00' })], clock);
    expect(applied.map((each) => each.result)).to.deep.equal(['ACCEPTED']);
  });
  afterEach(async () => {
    await Promise.allSettled(schedulers.splice(0).map((each) => each.stop()));
  });

  /** The same database through another store: another hub process. */
  const secondStore = async (): Promise<Store> => {
    const store = db().another();
    await store.start();
    return store;
  };

  const createOrder = async (store: Store, key: string, body: object = BODY): Promise<StandingOrderView> => {
    const answer = await createStandingOrdersCommand({ store, now }).submit({ clientId: CLIENT, idempotencyKey: key, body });
    expect(answer.status).to.equal(201);
    return answer.body as StandingOrderView;
  };

  it('two instances make each due date’s payment exactly once, and catch up the dates missed while none ran', async function () {
    this.timeout(30_000);
    const { store } = db();
    const order = await createOrder(store, 'key-daily');
    expect(order).to.include({ status: 'ACTIVE', nextDueDate: '2026-03-01', paymentsMade: 0 });
    let told = 0;
    const one = scheduler(store, 'hub-one', { onCommitted: () => (told += 1) });
    const two = scheduler(await secondStore(), 'hub-two', { onCommitted: () => (told += 1) });

    const first = await together([() => one.runDue(), () => two.runDue(), () => one.runDue(), () => two.runDue()]);
    expect(first.filter((report) => report.held).length).to.be.at.least(1);
    let bodies = await requested(store);
    expect(bodies).to.have.length(1);
    expect(bodies[0]).to.deep.equal({
      paymentId: `${order.orderId}:2026-03-01`,
      clientId: CLIENT,
      fromAccountId: ACCOUNT,
      amount: { amount: '25.50', currency: 'EUR' },
      payee: { name: 'Landlord Ltd', iban: 'DE89370400440532013000' },
      remittanceInformation: 'Rent',
      channel: 'STANDING_ORDER',
      requestedExecutionDate: '2026-03-01',
      standingOrderId: order.orderId,
      aggregateType: 'CLIENT',
      aggregateId: CLIENT,
    });
    expect((await store.pending(100)).find((row) => row.routingKey === 'payment.requested')?.eventId).to.equal(`${order.orderId}:2026-03-01`);
    expect(told).to.equal(1);

    // Nobody ran for three days: the next runs pay 2, 3 and 4 March, once each.
    clock = new Date('2026-03-04T23:59:00Z');
    await together([() => two.runDue(), () => one.runDue()]);
    await together([() => one.runDue(), () => two.runDue()]);
    bodies = await requested(store);
    expect(bodies.map((body) => body.requestedExecutionDate)).to.deep.equal(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    expect(new Set(bodies.map((body) => body.paymentId)).size).to.equal(4);
    const read = await createStandingOrdersCommand({ store, now }).read(CLIENT, order.orderId);
    expect(read!.body).to.deep.include({ nextDueDate: '2026-03-05', paymentsMade: 4, status: 'ACTIVE' });
    expect((read!.body as StandingOrderView).payments!.map((payment) => payment.dueDate)).to.deep.equal(['2026-03-04', '2026-03-03', '2026-03-02', '2026-03-01']);
  });

  it('pays no more once cancelled, and ends an order after its end date', async () => {
    const { store } = db();
    const command = createStandingOrdersCommand({ store, now });
    const cancelled = await createOrder(store, 'key-cancel');
    const ending = await createOrder(store, 'key-ending', { ...BODY, frequency: 'WEEKLY', day: 7, endDate: '2026-03-10' });
    expect(ending.nextDueDate).to.equal('2026-03-01', '1 March 2026 is a Sunday');
    const one = scheduler(store, 'hub-one');
    await one.runDue();
    expect(await requested(store)).to.have.length(2);

    const answer = await command.cancel(CLIENT, cancelled.orderId);
    expect(answer!.body).to.deep.include({ status: 'CANCELLED', paymentsMade: 1 });
    expect((answer!.body as StandingOrderView).nextDueDate).to.equal(undefined);
    expect((await command.cancel(CLIENT, cancelled.orderId))!.body).to.deep.include({ status: 'CANCELLED' });
    expect(await command.cancel('CL-SOMEONE-ELSE', cancelled.orderId)).to.equal(undefined);

    clock = new Date('2026-03-20T08:00:00Z');
    await one.runDue();
    const bodies = await requested(store);
    expect(bodies.filter((body) => body.standingOrderId === cancelled.orderId)).to.have.length(1);
    expect(bodies.filter((body) => body.standingOrderId === ending.orderId).map((body) => body.requestedExecutionDate)).to.deep.equal(['2026-03-01', '2026-03-08']);
    expect((await command.read(CLIENT, ending.orderId))!.body).to.deep.include({ status: 'COMPLETED', paymentsMade: 2 });
    const error = await rejection(command.cancel(CLIENT, ending.orderId));
    expect(error).to.be.instanceOf(HubError).and.to.include({ code: 'INVALID_STATE' });
  });

  it('passes the lease to the other instance when its holder stops, or dies and lets it expire', async () => {
    const { store } = db();
    await createOrder(store, 'key-lease');
    const one = scheduler(store, 'hub-one', { leaseMs: 5000 });
    const two = scheduler(await secondStore(), 'hub-two', { leaseMs: 5000 });
    expect((await one.runDue()).held).to.equal(true);
    expect((await two.runDue()).held).to.equal(false);
    expect((await one.runDue()).held).to.equal(true, 'renewed by its holder');
    await one.stop();
    expect((await two.runDue()).held).to.equal(true);

    // hub-two dies (it never releases); hub-three takes over once the lease expired.
    const three = scheduler(await secondStore(), 'hub-three', { leaseMs: 5000 });
    expect((await three.runDue()).held).to.equal(false);
    clock = new Date(clock.getTime() + 5001);
    expect((await three.runDue()).held).to.equal(true);
    expect(await requested(store)).to.have.length(1);
  });

  it('fires from node-cron on a seconds schedule, on one instance, once per due date', async function () {
    this.timeout(30_000);
    const { store } = db();
    await createOrder(store, 'key-cron');
    const one = scheduler(store, 'hub-one', { schedule: '* * * * * *' });
    const two = scheduler(await secondStore(), 'hub-two', { schedule: '* * * * * *' });
    await one.start();
    await two.start();
    await eventually(async () => (await requested(store)).length > 0, 'the first payment');
    await eventually(async () => one.health().lastRunAt !== undefined && two.health().lastRunAt !== undefined, 'both instances to run');
    // More runs of both, on the same day: nothing more to pay.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await requested(store)).to.have.length(1);
    expect([one.health().leader, two.health().leader].filter(Boolean)).to.have.length(1);
    expect(one.health().status).to.equal('up');
    clock = new Date('2026-03-02T08:00:00Z');
    await eventually(async () => (await requested(store)).length === 2, 'the next day’s payment');
    await one.stop();
    await one.stop();
    expect(one.health().status).to.equal('down');
  });

  it('checks the order, its account and its Idempotency-Key', async () => {
    const { store, inspect } = db();
    const command = createStandingOrdersCommand({ store, now });
    const refused = async (body: unknown, code: string, field: string, clientId = CLIENT) => {
      const error = await rejection(command.submit({ clientId, idempotencyKey: 'key-bad', body }));
      expect(error, JSON.stringify(body)).to.be.instanceOf(HubError).and.to.include({ code });
      expect((error as HubError).options.field, JSON.stringify(body)).to.equal(field);
    };
    await refused({ ...BODY, colour: 'red' }, 'INVALID_REQUEST', 'colour');
    await refused({ ...BODY, amount: { amount: '1.234', currency: 'EUR' } }, 'INVALID_MONEY', 'amount.amount');
    await refused({ ...BODY, amount: { amount: '0.00', currency: 'EUR' } }, 'INVALID_MONEY', 'amount.amount');
    await refused({ ...BODY, amount: { amount: '1.00', currency: 'XYZ' } }, 'UNKNOWN_CURRENCY', 'amount.currency');
    await refused({ ...BODY, payee: { name: 'X', iban: 'DE89370400440532013001' } }, 'INVALID_IBAN', 'payee.iban');
    await refused({ ...BODY, payee: { name: 'X', iban: 'DE89370400440532013000', bic: 'nope' } }, 'INVALID_REQUEST', 'payee.bic');
    await refused({ ...BODY, frequency: 'HOURLY' }, 'INVALID_REQUEST', 'frequency');
    await refused({ ...BODY, frequency: 'WEEKLY', day: 8 }, 'INVALID_REQUEST', 'day');
    await refused({ ...BODY, day: 3 }, 'INVALID_REQUEST', 'day');
    await refused({ ...BODY, startDate: '2026-02-28' }, 'INVALID_REQUEST', 'startDate');
    await refused({ ...BODY, startDate: '2026-02-30' }, 'INVALID_REQUEST', 'startDate');
    await refused({ ...BODY, endDate: '2026-02-28' }, 'INVALID_REQUEST', 'endDate');
    await refused({ ...BODY, fromAccountId: 'AC-NOBODY' }, 'NOT_FOUND', 'fromAccountId');
    await refused(BODY, 'NOT_FOUND', 'fromAccountId', 'CL-SOMEONE-ELSE');
    await refused({ ...BODY, amount: { amount: '10', currency: 'JPY' } }, 'CURRENCY_MISMATCH', 'amount.currency');
    expect(await inspect.count('standing_order')).to.equal(0);

    const first = await command.submit({ clientId: CLIENT, idempotencyKey: 'key-same', body: BODY });
    clock = new Date('2026-03-02T08:00:00Z');
    const again = await command.submit({ clientId: CLIENT, idempotencyKey: 'key-same', body: { ...BODY } });
    expect([first.status, again.status]).to.deep.equal([201, 200]);
    expect(again.body).to.deep.equal(first.body);
    const conflict = await rejection(command.submit({ clientId: CLIENT, idempotencyKey: 'key-same', body: { ...BODY, remittanceInformation: 'Other' } }));
    expect(conflict).to.be.instanceOf(HubError).and.to.include({ code: 'IDEMPOTENCY_CONFLICT' });
    const listed = (await command.list(CLIENT, new URLSearchParams({ limit: '10' }))).body as { items: StandingOrderView[] };
    expect(listed.items.map((item) => item.orderId)).to.deep.equal([(first.body as StandingOrderView).orderId]);
    expect(await inspect.count('outbox')).to.equal(1, 'only the account’s balance event: creating an order publishes nothing');
  });
});
