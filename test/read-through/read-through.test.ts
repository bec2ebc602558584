import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import type { PlainObject } from '../../common/soap/codec.js';
import { HubError } from '../../hub/errors/catalog.js';
import { applyEvents, requestResync } from '../../hub/events/apply.js';
import type { CacheChange } from '../../hub/platform/cache.js';
import type { Loaded, LoadedAccount, ProductLoader } from '../../hub/read-through/loader.js';
import { createReadThrough, type ReadThrough } from '../../hub/read-through/read-through.js';
import { createResyncWorker } from '../../hub/read-through/resync-worker.js';
import { createStore, type CardRecord, type SourceSystem, type Store } from '../../hub/store/index.js';
import { balanceChanged, cardStatusChanged } from '../store/support.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const logger = pino({ level: 'silent' });

function loadedAccount(accountId: string, booked: bigint, clientId = 'CL1'): LoadedAccount {
  const asOf = new Date('2026-11-24T09:59:00Z');
  return {
    account: { accountId, clientId, currency: 'EUR', booked: { minor: booked, asOf }, available: { minor: booked, asOf }, asOf },
    transactions: [
      {
        accountId,
        entryReference: `${accountId}-E1`,
        clientId,
        status: 'BOOKED',
        kind: 'TRANSFER',
        amount: { minor: 1250n, currency: 'EUR' },
        creditDebitIndicator: 'DBIT',
        bookingDate: '2026-11-23',
        valueDate: '2026-11-23',
        asOf,
      },
    ],
  };
}

/** A loader that answers from maps, counts its calls and fails on demand. */
class FakeLoader implements ProductLoader {
  accounts = new Map<string, LoadedAccount>();
  cards = new Map<string, Loaded<CardRecord>>();
  calls: string[] = [];
  failing = false;
  /** Runs during the next account load, before it answers (to race an event against it). */
  during: (() => Promise<void>) | undefined;

  private call(what: string): void {
    this.calls.push(what);
    if (this.failing) throw new Error(`back office down (${what})`);
  }
  async clientOverview(clientId: string) {
    this.call(`overview ${clientId}`);
    const accounts = [...this.accounts.values()].filter((each) => each.account.clientId === clientId);
    const cards = [...this.cards.values()].filter((each) => each.clientId === clientId);
    return accounts.length + cards.length === 0 ? undefined : { accounts, cards, loans: [], deposits: [] };
  }
  async client() {
    return undefined;
  }
  async account(accountId: string) {
    this.call(`account ${accountId}`);
    const during = this.during;
    this.during = undefined;
    await during?.();
    return this.accounts.get(accountId);
  }
  async transactions(accountId: string) {
    this.call(`transactions ${accountId}`);
    return this.accounts.get(accountId)?.transactions ?? [];
  }
  async card(cardId: string) {
    this.call(`card ${cardId}`);
    return this.cards.get(cardId);
  }
  async loan() {
    return undefined;
  }
  async deposit() {
    return undefined;
  }
  async application() {
    return undefined;
  }
}

describe('read-through', () => {
  let dir: string;
  let store: Store;
  let loader: FakeLoader;
  let reader: ReadThrough;
  let changed: CacheChange[];
  const outcomes: string[] = [];

  const apply = async (source: SourceSystem, events: PlainObject[]) => applyEvents(store, source, events, NOW);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dbp-read-through-'));
    store = createStore({ dataDir: dir, logger });
    await store.start();
    loader = new FakeLoader();
    changed = [];
    outcomes.length = 0;
    reader = createReadThrough({ store, loader, logger, onChanged: (change) => changed.push(change), onLoad: (type, outcome) => outcomes.push(`${type} ${outcome}`) });
  });

  afterEach(async () => {
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a pushed record from the store without asking the back office', async () => {
    await apply('CORE_BANKING', [balanceChanged('AC1', 1, { BOOKED: '10.00' })]);
    const served = await reader.account('AC1');
    expect(served?.stale).to.equal(false);
    expect(served?.record.booked?.minor).to.equal(1000n);
    expect(loader.calls).to.deep.equal([]);
  });

  it('loads a missing record once, stores it with its recent entries, and serves it from the store afterwards', async () => {
    loader.accounts.set('AC7', loadedAccount('AC7', 50_000n));
    const first = await reader.account('AC7');
    expect(first?.record).to.include({ accountId: 'AC7', clientId: 'CL1', version: 0n });
    expect(first?.stale).to.equal(false);
    expect((await store.account('AC7'))?.booked?.minor).to.equal(50_000n);
    const page = await store.transactions({ accountId: 'AC7', limit: 10 });
    expect(page.items.map((each) => each.entryReference)).to.deep.equal(['AC7-E1']);
    expect(page.items[0]!.amount.minor).to.equal(1250n);

    const second = await reader.account('AC7');
    expect(second?.record.booked?.minor).to.equal(50_000n);
    expect(loader.calls).to.deep.equal(['account AC7']);
    expect(outcomes).to.deep.equal(['ACCOUNT loaded']);
    expect(changed).to.deep.equal([{ aggregateType: 'ACCOUNT', aggregateId: 'AC7', clientId: 'CL1' }]);
  });

  it('answers undefined when the back office does not know the id', async () => {
    expect(await reader.card('CD404')).to.equal(undefined);
    expect(outcomes).to.deep.equal(['CARD not_found']);
  });

  it('answers SERVICE_UNAVAILABLE when the back office fails and nothing is stored', async () => {
    loader.failing = true;
    const error = await reader.account('AC9').then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).to.be.instanceOf(HubError);
    expect((error as HubError).code).to.equal('SERVICE_UNAVAILABLE');
    expect((error as HubError).message).to.not.match(/back office down/);
    expect(outcomes).to.deep.equal(['ACCOUNT unavailable']);
  });

  it('serves the stored record as stale when its aggregate is marked and the back office fails', async () => {
    await apply('CORE_BANKING', [balanceChanged('AC1', 1, { BOOKED: '10.00' })]);
    await requestResync(store, 'CORE_BANKING', { aggregateType: 'ACCOUNT', aggregateId: 'AC1' }, 'restored backup', NOW);
    loader.failing = true;
    const served = await reader.account('AC1');
    expect(served?.stale).to.equal(true);
    expect(served?.record.booked?.minor).to.equal(1000n);
    expect((await store.aggregateState('CORE_BANKING', { aggregateType: 'ACCOUNT', aggregateId: 'AC1' }))?.resyncPending).to.equal(true);
  });

  it('reloads a marked record when the back office answers, and clears the mark', async () => {
    await apply('CORE_BANKING', [balanceChanged('AC1', 3, { BOOKED: '10.00' })]);
    await requestResync(store, 'CORE_BANKING', { aggregateType: 'ACCOUNT', aggregateId: 'AC1' }, undefined, NOW);
    loader.accounts.set('AC1', loadedAccount('AC1', 77_700n));
    const served = await reader.account('AC1');
    expect(served).to.deep.include({ stale: false });
    expect(served?.record).to.include({ version: 3n });
    const state = await store.aggregateState('CORE_BANKING', { aggregateType: 'ACCOUNT', aggregateId: 'AC1' });
    expect(state).to.include({ resyncPending: false, lastSequence: 3n });
    expect((await store.account('AC1'))?.booked?.minor).to.equal(77_700n);
  });

  it('never overwrites an event applied while the load was under way', async () => {
    await apply('CORE_BANKING', [balanceChanged('AC1', 1, { BOOKED: '10.00' })]);
    await requestResync(store, 'CORE_BANKING', { aggregateType: 'ACCOUNT', aggregateId: 'AC1' }, undefined, NOW);
    loader.accounts.set('AC1', loadedAccount('AC1', 1n));
    loader.during = async () => {
      const [result] = await apply('CORE_BANKING', [balanceChanged('AC1', 2, { BOOKED: '20.00' })]);
      expect(result?.result).to.equal('ACCEPTED');
    };
    await reader.account('AC1');
    expect((await store.account('AC1'))?.booked?.minor).to.equal(2000n);
    expect(outcomes).to.deep.equal(['ACCOUNT superseded']);
    // The mark stays: the next resync round tries again.
    expect((await store.aggregateState('CORE_BANKING', { aggregateType: 'ACCOUNT', aggregateId: 'AC1' }))?.resyncPending).to.equal(true);
  });

  it('loads the overview of a client the hub has never seen, and only then', async () => {
    loader.accounts.set('AC5', loadedAccount('AC5', 500n, 'CL5'));
    loader.cards.set('CD5', { cardId: 'CD5', clientId: 'CL5', maskedPan: '4000 00** **** 0005', status: 'ACTIVE', asOf: NOW });
    const first = await reader.overview('CL5');
    expect(first?.record.accounts.map((each) => each.accountId)).to.deep.equal(['AC5']);
    expect(first?.record.cards.map((each) => each.cardId)).to.deep.equal(['CD5']);
    await reader.overview('CL5');
    expect(loader.calls).to.deep.equal(['overview CL5']);
    expect(await reader.overview('CL404')).to.equal(undefined);
  });

  it('answers from the store alone when no loader is configured', async () => {
    const storeOnly = createReadThrough({ store, logger });
    expect(await storeOnly.account('AC1')).to.equal(undefined);
    await apply('CARDS', [cardStatusChanged('CD1', 1, 'ACTIVE')]);
    await requestResync(store, 'CARDS', { aggregateType: 'CARD', aggregateId: 'CD1' }, undefined, NOW);
    expect((await storeOnly.card('CD1'))?.stale).to.equal(true);
  });

  it('resync worker: a gap marks the aggregate, the worker reloads it, and later events apply cleanly', async () => {
    await apply('CORE_BANKING', [balanceChanged('AC1', 1, { BOOKED: '10.00' })]);
    const [gap] = await apply('CORE_BANKING', [balanceChanged('AC1', 5, { BOOKED: '50.00' })]);
    expect(gap?.result).to.equal('ACCEPTED');
    expect((await store.pendingResyncs(10)).map((each) => each.aggregateId)).to.deep.equal(['AC1']);

    loader.accounts.set('AC1', loadedAccount('AC1', 55_00n));
    const results: string[] = [];
    const worker = createResyncWorker({ store, readThrough: reader, logger, onResult: (outcome) => results.push(outcome) });
    expect(await worker.runOnce()).to.equal(1);
    expect(results).to.deep.equal(['resynced']);
    expect(await store.pendingResyncs(10)).to.deep.equal([]);
    expect((await store.account('AC1'))?.booked?.minor).to.equal(5500n);

    const [stale] = await apply('CORE_BANKING', [balanceChanged('AC1', 4, { BOOKED: '40.00' })]);
    expect(stale?.result).to.equal('STALE');
    const [next] = await apply('CORE_BANKING', [balanceChanged('AC1', 6, { BOOKED: '60.00' })]);
    expect(next?.result).to.equal('ACCEPTED');
    expect((await store.account('AC1'))?.booked?.minor).to.equal(6000n);
  });

  it('resync worker: a failing back office leaves the mark for the next round', async () => {
    await apply('CARDS', [cardStatusChanged('CD1', 1, 'ACTIVE')]);
    await requestResync(store, 'CARDS', { aggregateType: 'CARD', aggregateId: 'CD1' }, undefined, NOW);
    loader.failing = true;
    const results: string[] = [];
    const worker = createResyncWorker({ store, readThrough: reader, logger, onResult: (outcome) => results.push(outcome) });
    expect(await worker.runOnce()).to.equal(0);
    expect(results).to.deep.equal(['failed']);
    expect((await store.pendingResyncs(10)).map((each) => each.aggregateId)).to.deep.equal(['CD1']);
    loader.failing = false;
    loader.cards.set('CD1', { cardId: 'CD1', clientId: 'CL1', maskedPan: '4000 00** **** 0001', status: 'BLOCKED', asOf: NOW });
    expect(await worker.runOnce()).to.equal(1);
    expect((await store.card('CD1'))?.status).to.equal('BLOCKED');
  });
});

