/**
 * The initial load: each mock back office pushes a snapshot of its whole state through the
 * same publisher as its live changes, to a recording CacheControl endpoint over real HTTP.
 */
import { expect } from 'chai';
import { findContract } from '../../common/contracts/catalog.js';
import { currencyExponent, formatAmount } from '../../common/money.js';
import type { PlainObject } from '../../common/soap/codec.js';
import { ContractCaller } from '../../hub/conformance/caller.js';
import { applyEvents } from '../../hub/events/apply.js';
import type { SourceSystem } from '../../hub/store/index.js';
import { createCardsMock } from '../../mocks/cards/index.js';
import { createCoreBankingMock } from '../../mocks/core-banking/index.js';
import { createCrmMock } from '../../mocks/crm/index.js';
import { PushError, startMocks, type RunningMocks, type SnapshotReport } from '../../mocks/index.js';
import { EventPublisher } from '../../mocks/push/publisher.js';
import { RecordingSink, type ChangeNotice } from '../../mocks/push/types.js';
import type { Dataset } from '../../mocks/seed/dataset.js';
import { generateDataset } from '../../mocks/seed/generate.js';
import { startMockServer, type RunningMock } from '../../mocks/server/mock-server.js';
import { ContractFault, systemClock, type ServiceHandlers } from '../../mocks/server/types.js';
import { eventsFromNotices, sqliteTarget } from '../store/support.js';
import { eventually, recordingCacheControl } from './recording-hub.js';

/** The generated bank's "today", so that nothing falls due while the tests run. */
const clock = { now: () => new Date('2026-11-24T09:30:00Z') };
const PAYLOADS = ['balanceChanged', 'transactionPosted', 'cardStatusChanged', 'clientDataChanged', 'applicationStatusChanged', 'loanScheduleChanged', 'depositChanged'];

const payloadOf = (event: PlainObject): [string, PlainObject] => {
  const type = PAYLOADS.find((name) => name in event)!;
  return [type, event[type] as PlainObject];
};
const aggregateOf = (event: PlainObject): string => String((event.aggregate as PlainObject).aggregateId);
const sorted = (values: Iterable<string>): string[] => [...values].sort();
const moneyString = (minor: bigint, currency: string): string => formatAmount({ minor, currency });

async function admin(mock: RunningMock, path: string, body?: unknown): Promise<{ status: number; json: PlainObject }> {
  const response = await fetch(`${mock.url}/admin/${path}`, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, json: (await response.json()) as PlainObject };
}

async function fixture(mock: RunningMock, name: string, input: unknown): Promise<PlainObject> {
  const answer = await admin(mock, `fixtures/${name}`, input);
  expect(answer.status, JSON.stringify(answer.json)).to.equal(200);
  return answer.json.result as PlainObject;
}

/** Every {amount, currency} of a value, wherever it sits. */
function moneyIn(value: unknown, found: { amount: unknown; currency: unknown }[] = []): { amount: unknown; currency: unknown }[] {
  if (Array.isArray(value)) for (const item of value) moneyIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if ('amount' in record && 'currency' in record) found.push({ amount: record.amount, currency: record.currency });
    for (const [key, item] of Object.entries(record)) if (key !== 'amount') moneyIn(item, found);
  }
  return found;
}

function expectDecimalStrings(value: unknown): number {
  const money = moneyIn(value);
  for (const { amount, currency } of money) {
    expect(amount, `amount in ${String(currency)}`).to.be.a('string');
    const digits = currencyExponent(String(currency));
    expect(amount).to.match(new RegExp(digits === 0 ? '^-?[0-9]+$' : `^-?[0-9]+\\.[0-9]{${digits}}$`));
  }
  return money.length;
}

function settledState<T>(promise: Promise<T>): () => 'pending' | 'resolved' | 'rejected' {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  return () => state;
}

describe('mock back offices: snapshot push (initial load)', function () {
  this.timeout(60_000);
  let hub: RunningMock;
  const received: PlainObject[] = [];
  let dataset: Dataset;
  let running: RunningMocks;

  before(async () => {
    hub = await startMockServer({ backOffice: { contract: findContract('cache-control')!, handlers: recordingCacheControl(received, []), fixtures: {} }, clock: systemClock });
    dataset = generateDataset({ clients: 3, seed: 3 });
    running = await startMocks({ dataset, clock, push: { endpoint: hub.endpoint } });
  });
  after(async () => {
    await running?.stop();
    await hub?.stop();
  });

  const allDelivered = (): boolean => Object.values(running.publishers).every((publisher) => publisher.stats().queued === 0);

  describe('a snapshot between live changes', () => {
    const account = (): Dataset['accounts'][number] => dataset.accounts.find((candidate) => dataset.entries.filter((entry) => entry.accountId === candidate.accountId).length > 30)!;
    const blockedCard = (): Dataset['cards'][number] => dataset.cards.find((card) => card.status === 'ACTIVE' && card.type === 'DEBIT')!;
    const payingCard = (): Dataset['cards'][number] => dataset.cards.find((card) => card.status === 'ACTIVE' && card.cardId !== blockedCard().cardId)!;
    const client = (): Dataset['clients'][number] => dataset.clients.find((candidate) => candidate.kycStatus === 'VERIFIED')!;
    let liveBefore: PlainObject[];
    let snapshot: PlainObject[];
    let report: SnapshotReport;
    let authorisationId: string;
    let language: string;

    before(async () => {
      const crm = new ContractCaller(findContract('crm')!, running.mocks.crm.endpoint);
      try {
        const paying = payingCard();
        const payingCurrency = dataset.accounts.find((candidate) => candidate.accountId === paying.accountId)!.currency;
        language = client().language === 'fr' ? 'de' : 'fr';
        // Live changes before the snapshot: one of each kind of aggregate.
        await fixture(running.mocks['core-banking'], 'postTransaction', { accountId: account().accountId, amount: '10.00', currency: account().currency, direction: 'CRDT', counterpartyName: 'Before Snapshot Ltd' });
        await fixture(running.mocks.cards, 'setCardStatus', { cardId: blockedCard().cardId, status: 'BLOCKED', blockReason: 'CLIENT_REQUEST', reason: 'lost in the park' });
        const answer = await fixture(running.mocks.cards, 'authorise', { cardId: paying.cardId, amount: '12.34', currency: payingCurrency, merchantName: 'CORNER SHOP', mcc: '5411' });
        authorisationId = String((answer.authorisation as PlainObject).authorisationId);
        await fixture(running.mocks.crm, 'updateClientData', { clientId: client().clientId, language });
        const created = await crm.call('CreateApplication', { idempotencyKey: 'snapshot-app-1', clientId: client().clientId, productType: 'CURRENT_ACCOUNT', details: { other: { description: 'A second account, please.' } } });
        expect(created.kind, JSON.stringify(created)).to.equal('response');
      } finally {
        crm.dispose();
      }
      await eventually(() => allDelivered() && received.length >= 5);
      liveBefore = received.slice();
      expect(liveBefore).to.have.length(5);

      report = await running.pushSnapshot();
      // Nothing is waited for here: the promise resolves only once the hub has answered for every event.
      snapshot = received.slice(liveBefore.length);

      // Live changes after the snapshot.
      await fixture(running.mocks['core-banking'], 'postTransaction', { accountId: account().accountId, amount: '20.00', currency: account().currency, direction: 'CRDT', counterpartyName: 'After Snapshot Ltd' });
      await fixture(running.mocks.cards, 'setCardStatus', { cardId: blockedCard().cardId, status: 'ACTIVE', reason: 'found again' });
      await fixture(running.mocks.crm, 'updateClientData', { clientId: client().clientId, language: client().language });
      await eventually(() => allDelivered() && received.length >= liveBefore.length + snapshot.length + 3);
    });

    it('resolves once the hub has acknowledged every event, and reports what it pushed', () => {
      const total = Object.values(report).reduce((sum, part) => sum + part.events, 0);
      expect(snapshot).to.have.length(total);
      for (const id of ['core-banking', 'cards', 'crm'] as const) {
        const part = report[id]!;
        expect(part.results, id).to.deep.equal({ ACCEPTED: part.events });
        expect(Object.values(part.eventTypes).reduce((sum, count) => sum + count, 0), id).to.equal(part.events);
      }
      expect(report.cards!.eventTypes).to.deep.equal({ cardStatusChanged: dataset.cards.length, transactionPosted: 1 });
      expect(report.crm!.eventTypes).to.deep.equal({ clientDataChanged: dataset.clients.length, applicationStatusChanged: 1 });
    });

    it('core banking: one BalanceChanged per account, its most recent 20 entries, each loan and deposit', () => {
      const core = snapshot.filter((event) => event.sourceSystem === 'CORE_BANKING');
      const ofType = (type: string): PlainObject[] => core.filter((event) => payloadOf(event)[0] === type);
      expect(sorted(ofType('balanceChanged').map(aggregateOf))).to.deep.equal(sorted(dataset.accounts.map((item) => item.accountId)));
      for (const event of ofType('balanceChanged')) {
        expect((payloadOf(event)[1].balance as PlainObject[]).map((balance) => balance.type)).to.deep.equal(['BOOKED', 'AVAILABLE', 'BLOCKED']);
      }
      for (const item of dataset.accounts) {
        const seeded = dataset.entries.filter((entry) => entry.accountId === item.accountId).length;
        const live = item.accountId === account().accountId ? 1 : 0;
        const postings = ofType('transactionPosted').filter((event) => aggregateOf(event) === item.accountId);
        expect(postings, item.accountId).to.have.length(Math.min(20, seeded + live));
        const dates = postings.map((event) => String((payloadOf(event)[1].transaction as PlainObject).bookingDate));
        expect(dates, 'oldest first').to.deep.equal([...dates].sort());
      }
      const newest = ofType('transactionPosted').filter((event) => aggregateOf(event) === account().accountId).at(-1)!;
      expect(((payloadOf(newest)[1].transaction as PlainObject).counterparty as PlainObject).name).to.equal('Before Snapshot Ltd');
      expect(sorted(ofType('loanScheduleChanged').map(aggregateOf))).to.deep.equal(sorted(dataset.loans.map((loan) => loan.loanId)));
      expect(sorted(ofType('depositChanged').map(aggregateOf))).to.deep.equal(sorted(dataset.deposits.map((deposit) => deposit.depositId)));
      expect(dataset.loans.length + dataset.deposits.length).to.be.greaterThan(0);
    });

    it('cards: one CardStatusChanged per card, as the live change left it, and the authorisations still held as PENDING', () => {
      const cards = snapshot.filter((event) => event.sourceSystem === 'CARDS');
      const statuses = cards.filter((event) => payloadOf(event)[0] === 'cardStatusChanged');
      expect(sorted(statuses.map(aggregateOf))).to.deep.equal(sorted(dataset.cards.map((card) => card.cardId)));
      const blocked = payloadOf(statuses.find((event) => aggregateOf(event) === blockedCard().cardId)!)[1];
      const liveBlock = payloadOf(liveBefore.find((event) => event.sourceSystem === 'CARDS' && aggregateOf(event) === blockedCard().cardId)!)[1];
      expect(blocked).to.deep.equal(liveBlock);
      expect(blocked.status).to.equal('BLOCKED');
      const held = cards.filter((event) => payloadOf(event)[0] === 'transactionPosted').map((event) => payloadOf(event)[1].transaction as PlainObject);
      expect(held.map((entry) => [entry.status, entry.entryReference, entry.cardId])).to.deep.equal([['PENDING', authorisationId, payingCard().cardId]]);
    });

    it('CRM: one complete ClientDataChanged per client and one ApplicationStatusChanged per application', () => {
      const crm = snapshot.filter((event) => event.sourceSystem === 'CRM');
      const clients = crm.filter((event) => payloadOf(event)[0] === 'clientDataChanged').map((event) => payloadOf(event)[1]);
      expect(sorted(clients.map((item) => String(item.clientId)))).to.deep.equal(sorted(dataset.clients.map((item) => item.clientId)));
      for (const item of clients) expect(item).to.include.all.keys('name', 'contacts', 'language', 'kycStatus');
      const changed = clients.find((item) => item.clientId === client().clientId)!;
      expect(changed.language, 'the live change before the snapshot').to.equal(language);
      expect((changed.name as PlainObject).familyName).to.equal(client().familyName);
      const applications = crm.filter((event) => payloadOf(event)[0] === 'applicationStatusChanged').map((event) => payloadOf(event)[1]);
      expect(applications.map((item) => [item.clientId, item.productType, item.status])).to.deep.equal([[client().clientId, 'CURRENT_ACCOUNT', 'SUBMITTED']]);
    });

    it('numbers every aggregate on from its live changes: 1, 2, 3, … with no gap, and a later live change comes last', () => {
      const sequences = new Map<string, number[]>();
      for (const event of received) {
        const key = `${String(event.sourceSystem)} ${String((event.aggregate as PlainObject).aggregateType)} ${aggregateOf(event)}`;
        sequences.set(key, [...(sequences.get(key) ?? []), Number(event.sequence)]);
      }
      for (const [key, numbers] of sequences) expect(numbers, key).to.deep.equal(numbers.map((_, index) => index + 1));

      const lastOf = (source: string, id: string): PlainObject => received.filter((event) => event.sourceSystem === source && aggregateOf(event) === id).at(-1)!;
      const accountEvents = received.filter((event) => event.sourceSystem === 'CORE_BANKING' && aggregateOf(event) === account().accountId);
      expect(accountEvents.length).to.equal(1 + 1 + 20 + 1);
      expect(Number(accountEvents[0]!.sequence)).to.equal(1);
      expect(((payloadOf(lastOf('CORE_BANKING', account().accountId))[1].transaction as PlainObject).counterparty as PlainObject).name).to.equal('After Snapshot Ltd');
      expect(payloadOf(lastOf('CARDS', blockedCard().cardId))[1].status).to.equal('ACTIVE');
      expect(Number(lastOf('CARDS', blockedCard().cardId).sequence)).to.equal(3);
      expect(payloadOf(lastOf('CRM', client().clientId))[1].language).to.equal(client().language);
      expect(Number(lastOf('CRM', client().clientId).sequence)).to.equal(3);
    });

    it('sends amounts as decimal strings with the currency’s minor digits', () => {
      const count = snapshot.reduce((sum, event) => sum + expectDecimalStrings(event), 0);
      expect(count).to.be.greaterThan(snapshot.length);
    });
  });

  describe('options, failures and the admin API', () => {
    it('keeps its notices free of JS numbers for money, in every back office', () => {
      const local = generateDataset({ clients: 2, seed: 3 });
      const sink = new RecordingSink();
      const groups = [
        ...createCoreBankingMock({ dataset: local, sink, clock }).snapshot({ recentEntries: 5 }),
        ...createCardsMock({ dataset: local, sink, clock }).snapshot(),
        ...createCrmMock({ dataset: local, sink, clock }).snapshot(),
      ];
      const notices: ChangeNotice[] = groups.flat();
      expect(notices.length).to.be.greaterThan(local.accounts.length);
      let amounts = 0;
      for (const notice of notices) amounts += expectDecimalStrings(notice.payload);
      expect(amounts).to.be.greaterThan(notices.length);
    });

    it('core banking: counts pending entries among the most recent (newest last), and reads each account when it is pulled', () => {
      const local = generateDataset({ clients: 2, seed: 3 });
      const mock = createCoreBankingMock({ dataset: local, sink: new RecordingSink(), clock });
      const core = mock.state.core;
      const [first, second] = local.accounts;
      const pending = core.post({
        postings: [
          { accountId: first!.accountId, amount: -500n, entry: { kind: 'TRANSFER', counterparty: { name: 'Pending Payee' } } },
          { accountId: core.ledger.gl('CLEARING', first!.currency), amount: 500n },
        ],
        source: { operation: 'test' },
        status: 'PENDING',
      });
      const groups = mock.snapshot({ recentEntries: 3 })[Symbol.iterator]();
      const group = groups.next().value as readonly ChangeNotice[];
      expect(group.map((notice) => notice.aggregateId)).to.deep.equal(Array(4).fill(first!.accountId));
      const entries = group.slice(1).map((notice) => (notice.payload as { transactionPosted: { transaction: PlainObject } }).transactionPosted.transaction);
      expect(entries.map((entry) => entry.status)).to.deep.equal(['BOOKED', 'BOOKED', 'PENDING']);
      expect(entries[2]!.entryReference).to.equal(pending.entries[0]!.entryReference);
      const available = ((group[0]!.payload as { balanceChanged: { balance: PlainObject[] } }).balanceChanged.balance[1]!.amount as PlainObject).amount;
      expect(available).to.equal(moneyString(core.balances(first!.accountId).available, first!.currency));

      // A change made after the first group was read shows in the groups read after it.
      mock.fixtures.postTransaction({ accountId: second!.accountId, amount: '7.00', currency: second!.currency, direction: 'CRDT', counterpartyName: 'Between Groups' });
      const next = groups.next().value as readonly ChangeNotice[];
      expect(next[0]!.aggregateId).to.equal(second!.accountId);
      const newest = (next.at(-1)!.payload as { transactionPosted: { transaction: PlainObject } }).transactionPosted.transaction;
      expect((newest.counterparty as PlainObject).name).to.equal('Between Groups');
    });

    it('is accepted whole by the hub’s store, which then holds the back offices’ state', async () => {
      const local = generateDataset({ clients: 2, seed: 3 });
      const core = createCoreBankingMock({ dataset: local, sink: new RecordingSink(), clock });
      const cards = createCardsMock({ dataset: local, sink: new RecordingSink(), clock });
      const crm = createCrmMock({ dataset: local, sink: new RecordingSink(), clock });
      const db = await sqliteTarget.create();
      try {
        const runs: [SourceSystem, Iterable<readonly ChangeNotice[]>][] = [
          ['CORE_BANKING', core.snapshot()],
          ['CARDS', cards.snapshot()],
          ['CRM', crm.snapshot()],
        ];
        for (const [source, groups] of runs) {
          const events = eventsFromNotices(source, [...groups].flat());
          for (let offset = 0; offset < events.length; offset += 100) {
            const results = await applyEvents(db.store, source, events.slice(offset, offset + 100), new Date());
            expect(results.filter((result) => result.result !== 'ACCEPTED').map((result) => `${result.eventId} ${result.result}`), source).to.deep.equal([]);
          }
        }
        for (const account of local.accounts) {
          const balances = core.state.core.balances(account.accountId);
          const stored = await db.store.account(account.accountId);
          expect([stored?.booked?.minor, stored?.available?.minor], account.accountId).to.deep.equal([balances.booked, balances.available]);
        }
        for (const card of local.cards) expect((await db.store.card(card.cardId))?.status, card.cardId).to.equal(cards.state.registry.findCard(card.cardId)!.status);
        for (const client of local.clients) expect((await db.store.clientOverview(client.clientId)).client).to.deep.include({ language: client.language, kycStatus: client.kycStatus });
        for (const loan of local.loans) expect((await db.store.loan(loan.loanId))?.schedule.length, loan.loanId).to.be.greaterThan(0);
        for (const deposit of local.deposits) expect((await db.store.deposit(deposit.depositId))?.principal.currency, deposit.depositId).to.equal(deposit.currency);
      } finally {
        await db.dispose();
      }
    });

    it('stays pending while the hub is down and resolves once the hub has taken everything', async () => {
      hub.faults.configure({ default: { errorRate: 1, errorKinds: { http5xx: 1, reset: 1 } } });
      const publisher = running.publishers.crm!;
      const failedBefore = publisher.stats().failedAttempts;
      const start = received.length;
      const pushing = running.pushSnapshot({ mocks: ['crm'] });
      const state = settledState(pushing);
      try {
        await eventually(() => publisher.stats().failedAttempts >= failedBefore + 2);
        expect(state()).to.equal('pending');
        expect(received.length).to.equal(start);
      } finally {
        hub.faults.configure({});
      }
      const result = await pushing;
      expect(Object.keys(result)).to.deep.equal(['crm']);
      expect(result.crm!.events).to.equal(dataset.clients.length + 1);
      expect(received.length - start).to.equal(result.crm!.events);
    });

    it('takes recentEntries, refuses a second snapshot of the same back office while one runs, and bad options', async () => {
      const first = running.pushSnapshot({ mocks: ['core-banking'], recentEntries: 3 });
      const second = running.pushSnapshot({ mocks: ['core-banking'] });
      const [one, two] = await Promise.allSettled([first, second]);
      expect(one.status).to.equal('fulfilled');
      const pushed = (one as PromiseFulfilledResult<SnapshotReport>).value['core-banking']!;
      const limited = dataset.accounts.reduce((sum, item) => sum + Math.min(3, dataset.entries.filter((entry) => entry.accountId === item.accountId).length), 0);
      expect(pushed.eventTypes.transactionPosted).to.equal(limited);
      expect(two.status).to.equal('rejected');
      expect((two as PromiseRejectedResult).reason).to.be.instanceOf(PushError).and.include({ code: 'SNAPSHOT_RUNNING' });
      for (const options of [{ recentEntries: -1 }, { recentEntries: 2.5 }, { recentEntries: 1001 }, { mocks: ['ledger' as 'crm'] }]) {
        const failure = await running.pushSnapshot(options).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure, JSON.stringify(options)).to.be.instanceOf(PushError).and.include({ code: 'INVALID_SNAPSHOT_OPTIONS' });
      }
    });

    it('runs from the admin API: POST /admin/push/snapshot answers with the counts once done, and problems for bad requests', async () => {
      const start = received.length;
      const done = await admin(running.mocks.crm, 'push/snapshot', {});
      expect(done.status).to.equal(200);
      expect(done.json).to.deep.include({ mock: 'crm', events: dataset.clients.length + 1 });
      expect(done.json.results).to.deep.equal({ ACCEPTED: dataset.clients.length + 1 });
      expect(received.length - start).to.equal(dataset.clients.length + 1);

      const limited = await admin(running.mocks['core-banking'], 'push/snapshot', { recentEntries: 0 });
      expect(limited.status).to.equal(200);
      expect(limited.json.eventTypes).to.not.have.property('transactionPosted');

      const bad = await admin(running.mocks['core-banking'], 'push/snapshot', { recentEntries: 'many' });
      expect(bad.status).to.equal(400);
      expect(bad.json).to.include({ code: 'INVALID_SNAPSHOT_OPTIONS' });
      const unknown = await admin(running.mocks.cards, 'push/snapshot', { since: '2026-01-01' });
      expect(unknown.status).to.equal(400);
      expect(String(unknown.json.detail)).to.contain('since');

      const quiet = await startMocks({ dataset, clock });
      try {
        const refused = await admin(quiet.mocks.cards, 'push/snapshot');
        expect(refused.status).to.equal(409);
        expect(refused.json).to.include({ code: 'PUSH_NOT_CONFIGURED' });
        const error = await quiet.pushSnapshot().then(
          () => undefined,
          (failure: unknown) => failure,
        );
        expect(error).to.be.instanceOf(PushError).and.include({ code: 'PUSH_NOT_CONFIGURED' });
      } finally {
        await quiet.stop();
      }
    });
  });
});

describe('EventPublisher.publishStream', function () {
  this.timeout(30_000);
  let hub: RunningMock;
  const received: PlainObject[] = [];
  const batches: string[][] = [];

  before(async () => {
    hub = await startMockServer({ backOffice: { contract: findContract('cache-control')!, handlers: recordingCacheControl(received, batches), fixtures: {} }, clock: systemClock });
  });
  after(() => hub?.stop());

  const publisher = (endpoint: string, extra: Partial<ConstructorParameters<typeof EventPublisher>[0]> = {}): EventPublisher =>
    new EventPublisher({ endpoint, sourceSystem: 'CORE_BANKING', username: 'core-banking', password: 'secret', clock: systemClock, lingerMs: 5, retryBaseMs: 20, retryMaxMs: 100, ...extra });

  const balance = (accountId: string, amount: string): ChangeNotice => ({
    aggregateType: 'ACCOUNT',
    aggregateId: accountId,
    occurredAt: new Date('2026-11-24T09:30:00Z'),
    payload: { balanceChanged: { accountId, clientId: 'client-1', balance: [{ type: 'BOOKED', amount: { amount, currency: 'EUR' }, asOf: '2026-11-24T09:30:00Z' }] } },
  });

  it('pulls groups only while the queue has room for them, so a long run never sits in memory at once', async () => {
    received.length = 0;
    let pulled = 0;
    let mostQueued = 0;
    const push = publisher(hub.endpoint, { batchSize: 10, onResults: () => (mostQueued = Math.max(mostQueued, push.stats().queued)) });
    function* groups(): Generator<ChangeNotice[]> {
      for (let index = 0; index < 300; index += 1) {
        pulled += 1;
        mostQueued = Math.max(mostQueued, push.stats().queued);
        yield [balance(`acc-${index}`, '1.00'), balance(`acc-${index}`, '2.00'), balance(`acc-${index}`, '3.00')];
      }
    }
    const run = push.publishStream(groups());
    expect(pulled, 'groups read before anything was sent').to.be.at.most(7);
    const report = await run;
    await push.stop();
    expect(pulled).to.equal(300);
    expect(mostQueued).to.be.at.most(2 * 10 + 2);
    expect(report).to.deep.equal({ events: 900, eventTypes: { balanceChanged: 900 }, results: { ACCEPTED: 900 } });
    expect(received).to.have.length(900);
    expect(received.slice(0, 3).map((event) => [aggregateOf(event), Number(event.sequence)])).to.deep.equal([
      ['acc-0', 1],
      ['acc-0', 2],
      ['acc-0', 3],
    ]);
  });

  it('cuts a batch short when its request would pass the hub’s body limit, keeping the order', async () => {
    received.length = 0;
    batches.length = 0;
    const push = publisher(hub.endpoint, { batchSize: 100, maxBatchBytes: 16 * 1024 });
    const report = await push.publishStream(Array.from({ length: 120 }, (_, index) => [balance('acc-big', `${index + 1}.00`)]));
    await push.stop();
    expect(report.results).to.deep.equal({ ACCEPTED: 120 });
    expect(batches.length).to.be.greaterThan(2);
    for (const batch of batches) expect(batch.length).to.be.below(100);
    expect(received.map((event) => Number(event.sequence))).to.deep.equal(Array.from({ length: 120 }, (_, index) => index + 1));
    expect(() => publisher(hub.endpoint, { maxBatchBytes: 1000 })).to.throw(RangeError);
  });

  it('resolves at once for an empty source, and rejects with SOURCE_FAILED when reading the state fails', async () => {
    const push = publisher(hub.endpoint);
    try {
      expect(await push.publishStream([])).to.deep.equal({ events: 0, eventTypes: {}, results: {} });
      function* broken(): Generator<ChangeNotice[]> {
        yield [balance('acc-x', '1.00')];
        throw new Error('the ledger is locked');
      }
      const failure = await push.publishStream(broken()).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).to.be.instanceOf(PushError).and.include({ code: 'SOURCE_FAILED' });
      expect((failure as Error).message).to.contain('the ledger is locked');
    } finally {
      await push.stop();
    }
  });

  it('rejects with PUSH_REFUSED when the hub refuses the batch for good, and stops reading the source', async () => {
    const refusing: ServiceHandlers = {
      PublishEvents: () => {
        throw new ContractFault('NOT_ENTITLED', 'core-banking may not publish these events');
      },
      GetLastSequence: () => ({}),
      RequestResync: () => ({}),
    };
    const refuser = await startMockServer({ backOffice: { contract: findContract('cache-control')!, handlers: refusing, fixtures: {} }, clock: systemClock });
    const push = publisher(refuser.endpoint, { batchSize: 5 });
    let pulled = 0;
    function* groups(): Generator<ChangeNotice[]> {
      for (let index = 0; index < 1000; index += 1) {
        pulled += 1;
        yield [balance(`acc-${index}`, '1.00')];
      }
    }
    try {
      const failure = await push.publishStream(groups()).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).to.be.instanceOf(PushError).and.include({ code: 'PUSH_REFUSED' });
      expect((failure as Error).message).to.contain('NOT_ENTITLED');
      expect(pulled).to.be.at.most(10);
    } finally {
      await push.stop(200);
      await refuser.stop();
    }
  });

  it('rejects with PUBLISHER_STOPPED when the publisher stops before the hub took everything', async () => {
    hub.faults.configure({ default: { errorRate: 1, errorKinds: { http5xx: 1 } } });
    const push = publisher(hub.endpoint);
    try {
      const run = push.publishStream([[balance('acc-stop', '1.00')]]);
      await push.stop(100);
      const failure = await run.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).to.be.instanceOf(PushError).and.include({ code: 'PUBLISHER_STOPPED' });
    } finally {
      hub.faults.configure({});
    }
  });
});
