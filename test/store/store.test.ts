import { MIGRATIONS } from '../../hub/store/migrations/index.js';
import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HubError } from '../../hub/errors/catalog.js';
import { applyEvents } from '../../hub/events/apply.js';
import { createStore, emptyChangeSet, type TransactionRecord } from '../../hub/store/index.js';
import { MIGRATIONS_TABLE } from '../../hub/store/connection.js';
import { BACKSTOP_PAGES } from '../../hub/store/checkpointer.js';
import { TABLES, balanceChanged, forEachDatabase, transactionPosted } from './support.js';

const NOW = new Date('2026-11-24T09:31:00Z');

async function failure(promise: Promise<unknown>): Promise<HubError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).to.be.instanceOf(HubError);
  return error as HubError;
}

forEachDatabase('store', (db) => {
  it('creates its schema from empty through migrations, and a second start runs none', async () => {
    const { store, inspect, another } = db();
    for (const table of TABLES) expect(await inspect.count(table), table).to.equal(0);
    const migrations = await inspect.rows(`SELECT name FROM ${MIGRATIONS_TABLE}`);
    expect(migrations.map((row) => row.name)).to.deep.equal(MIGRATIONS.map((migration) => new migration().name));
    await store.stop();
    const again = another();
    await again.start();
    expect((await inspect.rows(`SELECT name FROM ${MIGRATIONS_TABLE}`)).length).to.equal(MIGRATIONS.length);
    expect(await again.health()).to.deep.equal({ status: 'up' });
  });

  it('has a lifecycle: health, stop twice, nothing served once stopped', async () => {
    const { store } = db();
    expect(await store.health()).to.deep.equal({ status: 'up' });
    await Promise.all([store.stop(), store.stop()]);
    await store.stop();
    expect((await store.health()).status).to.equal('down');
    expect((await failure(store.account('AC1'))).code).to.equal('SERVICE_UNAVAILABLE');
    expect((await failure(applyEvents(store, 'CORE_BANKING', [balanceChanged('AC1', 1, { BOOKED: '1.00' })], NOW))).code).to.equal('SERVICE_UNAVAILABLE');
    expect((await failure(store.start())).code).to.equal('SERVICE_UNAVAILABLE');
  });

  it('commits concurrent changes each whole or not at all: a failing one alone is rolled back', async () => {
    const { store, inspect } = db();
    const processed = (eventId: string) => ({ eventId, sourceSystem: 'CORE_BANKING' as const, aggregateType: 'ACCOUNT' as const, aggregateId: 'G1', sequence: 1n, processedAt: NOW });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        store.changes(async (tx) => {
          await tx.write({ ...emptyChangeSet(), processed: [processed(`g-${index}`)] });
          if (index === 7) throw new HubError('SERVICE_UNAVAILABLE', 'the seventh gives up after its write');
          // The twelfth writes an event id the third wrote: its primary key fails.
          if (index === 12) await tx.write({ ...emptyChangeSet(), processed: [processed('g-3')] });
          return index;
        }),
      ),
    );
    expect(results.map((result) => result.status)).to.deep.equal(Array.from({ length: 20 }, (_, index) => (index === 7 || index === 12 ? 'rejected' : 'fulfilled')));
    expect((results[7] as PromiseRejectedResult).reason).to.include({ code: 'SERVICE_UNAVAILABLE' });
    expect((results[12] as PromiseRejectedResult).reason).to.be.instanceOf(HubError);
    expect((results[5] as PromiseFulfilledResult<number>).value).to.equal(5);
    const ids = (await inspect.rows(`SELECT event_id FROM processed_event WHERE event_id LIKE 'g-%'`)).map((row) => String(row.event_id)).sort();
    expect(ids).to.deep.equal(Array.from({ length: 20 }, (_, index) => `g-${index}`).filter((id) => id !== 'g-7' && id !== 'g-12').sort());
  });

  it('reads misses as undefined and an unknown client as an empty overview', async () => {
    const { store } = db();
    expect(await store.account('nope')).to.equal(undefined);
    expect(await store.card('nope')).to.equal(undefined);
    expect(await store.loan('nope')).to.equal(undefined);
    expect(await store.deposit('nope')).to.equal(undefined);
    expect(await store.clientOverview('nope')).to.deep.equal({ accounts: [], cards: [], loans: [], deposits: [], applications: [] });
    expect(await store.transactions({ accountId: 'nope', limit: 5 })).to.deep.equal({ items: [] });
  });

  describe('statement pages', () => {
    // 12 booked entries over 6 days (two a day), 3 pending ones, and one pending entry booked later.
    async function seed(): Promise<void> {
      const events = [balanceChanged('AC1', 1, { BOOKED: '0.00' })];
      let sequence = 2;
      for (let day = 1; day <= 6; day += 1) {
        for (const reference of [`B-${day}-a`, `B-${day}-b`]) events.push(transactionPosted('AC1', sequence++, reference, { bookingDate: `2026-11-0${day}` }));
      }
      for (const reference of ['P-1', 'P-2', 'P-3']) events.push(transactionPosted('AC1', sequence++, reference, { status: 'PENDING', valueDate: '2026-11-07' }));
      events.push(transactionPosted('AC1', sequence++, 'P-3', { status: 'BOOKED', bookingDate: '2026-11-08' }));
      events.push(transactionPosted('AC2', 1, 'OTHER', { bookingDate: '2026-11-05' }));
      const results = await applyEvents(db().store, 'CORE_BANKING', events, NOW);
      expect(results.every((result) => result.result === 'ACCEPTED')).to.equal(true);
    }
    const refs = (items: readonly TransactionRecord[]) => items.map((item) => item.entryReference);

    it('pages newest first with an opaque cursor, no entry twice, nextCursor only while more remain', async () => {
      await seed();
      const { store } = db();
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.transactions({ accountId: 'AC1', limit: 4, ...(cursor ? { cursor } : {}) });
        seen.push(...refs(page.items));
        cursor = page.nextCursor;
        pages += 1;
        if (cursor) expect(page.items).to.have.length(4);
      } while (cursor);
      expect(pages).to.equal(4);
      expect(seen).to.deep.equal(['P-3', 'P-2', 'P-1', 'B-6-b', 'B-6-a', 'B-5-b', 'B-5-a', 'B-4-b', 'B-4-a', 'B-3-b', 'B-3-a', 'B-2-b', 'B-2-a', 'B-1-b', 'B-1-a']);
      const exact = await store.transactions({ accountId: 'AC1', limit: 15 });
      expect(exact.items).to.have.length(15);
      expect(exact.nextCursor).to.equal(undefined);
    });

    it('filters by status and by entry date, and pages within the filter', async () => {
      await seed();
      const { store } = db();
      const pending = await store.transactions({ accountId: 'AC1', status: 'PENDING', limit: 10 });
      expect(refs(pending.items)).to.deep.equal(['P-2', 'P-1']);
      expect(pending.items.every((item) => item.bookingDate === undefined && item.status === 'PENDING')).to.equal(true);
      const booked = await store.transactions({ accountId: 'AC1', status: 'BOOKED', limit: 1 });
      expect(refs(booked.items)).to.deep.equal(['P-3']);
      expect(booked.items[0]).to.deep.include({ status: 'BOOKED', bookingDate: '2026-11-08' });
      const first = await store.transactions({ accountId: 'AC1', from: '2026-11-02', to: '2026-11-04', limit: 4 });
      expect(refs(first.items)).to.deep.equal(['B-4-b', 'B-4-a', 'B-3-b', 'B-3-a']);
      const second = await store.transactions({ accountId: 'AC1', from: '2026-11-02', to: '2026-11-04', limit: 4, cursor: first.nextCursor! });
      expect(refs(second.items)).to.deep.equal(['B-2-b', 'B-2-a']);
      expect(second.nextCursor).to.equal(undefined);
    });

    it('refuses foreign or broken cursors, reversed periods and bad limits', async () => {
      await seed();
      const { store } = db();
      const page = await store.transactions({ accountId: 'AC1', limit: 2 });
      expect((await failure(store.transactions({ accountId: 'AC2', limit: 2, cursor: page.nextCursor! }))).code).to.equal('INVALID_CURSOR');
      expect((await failure(store.transactions({ accountId: 'AC1', status: 'BOOKED', limit: 2, cursor: page.nextCursor! }))).code).to.equal('INVALID_CURSOR');
      expect((await failure(store.transactions({ accountId: 'AC1', limit: 2, cursor: 'not-a-cursor' }))).code).to.equal('INVALID_CURSOR');
      expect((await failure(store.transactions({ accountId: 'AC1', limit: 2, cursor: Buffer.from('[1,"x","y","z"]').toString('base64url') }))).code).to.equal('INVALID_CURSOR');
      expect((await failure(store.transactions({ accountId: 'AC1', limit: 2, from: '2026-11-05', to: '2026-11-01' }))).code).to.equal('INVALID_PERIOD');
      expect((await failure(store.transactions({ accountId: 'AC1', limit: 0 }))).code).to.equal('INVALID_REQUEST');
      expect((await failure(store.transactions({ accountId: 'AC1', limit: 2, from: '2026-13-45' }))).options.field).to.equal('from');
    });
  });

  it('serves the outbox to the relay in id order and marks messages sent or failed', async () => {
    const { store } = db();
    // More than nine rows: ids 10 and up must come after 9 (numeric, not text order).
    const events = Array.from({ length: 12 }, (_, index) => transactionPosted('AC1', index + 1, `E-${index}`));
    await applyEvents(store, 'CORE_BANKING', events, NOW);
    expect(await store.outboxDepth()).to.equal(12);
    const first = await store.pending(5);
    expect(first.map((message) => message.eventId)).to.deep.equal(events.slice(0, 5).map((event) => event.eventId));
    expect(first.map((message) => BigInt(message.id))).to.deep.equal([...first.map((message) => BigInt(message.id))].sort((a, b) => (a < b ? -1 : 1)));
    expect(await store.markFailed([first[0]!.id])).to.equal(1);
    expect(await store.markSent(first.map((message) => message.id), NOW)).to.equal(5);
    expect(await store.markSent([first[0]!.id], NOW)).to.equal(0, 'sent once');
    expect(await store.outboxDepth()).to.equal(7);
    const rest = await store.pending(10);
    expect(rest.map((message) => message.eventId)).to.deep.equal(events.slice(5).map((event) => event.eventId));
    expect(await store.markSent([], NOW)).to.equal(0);
  });
});

describe('store start-up', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'dbp-store-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps SQLite in one file under the data directory, in WAL mode', async () => {
    const store = createStore({ dataDir: join(dataDir, 'nested', 'data') });
    expect(store.kind).to.equal('sqlite');
    await store.start();
    await applyEvents(store, 'CORE_BANKING', [balanceChanged('AC1', 1, { BOOKED: '1.00' })], NOW);
    await store.stop();
    const file = join(dataDir, 'nested', 'data', 'hub.sqlite');
    expect(existsSync(file)).to.equal(true);
    const db = new Database(file);
    try {
      expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
      expect(db.prepare('SELECT COUNT(*) AS n FROM account').get()).to.deep.equal({ n: 1 });
    } finally {
      db.close();
    }
  });

  it('fails to start with a catalog error when the database file cannot be opened', async () => {
    writeFileSync(join(dataDir, 'a-file'), '');
    const store = createStore({ dataDir, databaseUrl: 'sqlite:a-file/hub.sqlite' });
    const error = await store.start().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).to.be.instanceOf(HubError);
    await store.stop();
  });

  it('answers an unreachable PostgreSQL with SERVICE_UNAVAILABLE at start', async () => {
    const store = createStore({ dataDir, databaseUrl: 'postgres://postgres@127.0.0.1:1/none' });
    expect(store.kind).to.equal('postgres');
    expect(store.location).to.equal('postgres://postgres@127.0.0.1:1/none');
    const error = await store.start().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).to.be.instanceOf(HubError);
    expect((error as HubError).code).to.equal('SERVICE_UNAVAILABLE');
    expect((await store.health()).status).to.equal('down');
    await store.stop();
  });

  describe('durable commits (SQLite)', () => {
    type Datasync = (this: FileHandle) => Promise<void>;
    let proto: { datasync: Datasync };
    let original: Datasync;
    beforeEach(async () => {
      const handle = await open(join(dataDir, 'probe'), 'w');
      proto = Object.getPrototypeOf(handle) as { datasync: Datasync };
      original = proto.datasync;
      await handle.close();
    });
    afterEach(() => (proto.datasync = original));

    /** Holds every WAL sync until `release()`; counts them. */
    function holdSyncs() {
      let open = (): void => undefined;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const held = { calls: 0, release: () => open() };
      proto.datasync = async function (this: FileHandle) {
        held.calls += 1;
        await gate;
        return original.call(this);
      };
      return held;
    }

    it('answers a change only once the WAL is synced, with the event loop free meanwhile, one sync for many commits', async () => {
      const store = createStore({ dataDir });
      await store.start();
      const held = holdSyncs();
      try {
        let answered = 0;
        const change = (index: number) => applyEvents(store, 'CORE_BANKING', [balanceChanged(`W${index}`, 1, { BOOKED: '1.00' })], NOW).then(() => (answered += 1));
        const first = change(0);
        // Timers fire while the sync waits: the loop is not held.
        let ticks = 0;
        while (held.calls === 0 || ticks < 5) {
          await new Promise((resolve) => setTimeout(resolve, 2));
          ticks += 1;
        }
        expect(held.calls).to.equal(1);
        // Changes committed while that sync runs wait for the next one, shared by all of them.
        const more = Array.from({ length: 19 }, (_, index) => change(index + 1));
        // Committed: the connection reads them (a read queued before their group sees none yet).
        for (let index = 1; index < 20; index += 1) {
          while ((await store.account(`W${index}`)) === undefined) await new Promise((resolve) => setImmediate(resolve));
        }
        expect(answered).to.equal(0);
        expect(held.calls).to.equal(1);
        held.release();
        await Promise.all([first, ...more]);
        expect(answered).to.equal(20);
        expect(held.calls).to.equal(2);
      } finally {
        held.release();
        await store.stop();
      }
    });

    it('refuses a change whose WAL cannot be synced with a catalog error', async () => {
      const store = createStore({ dataDir });
      await store.start();
      try {
        proto.datasync = () => Promise.reject(Object.assign(new Error('input/output error'), { code: 'EIO' }));
        const error = await failure(applyEvents(store, 'CORE_BANKING', [balanceChanged('W1', 1, { BOOKED: '1.00' })], NOW));
        expect(error.code).to.equal('INTERNAL_ERROR');
        expect(error.message).to.not.include('input/output');
        proto.datasync = original;
        // The store goes on: the next change is answered.
        await applyEvents(store, 'CORE_BANKING', [balanceChanged('W2', 1, { BOOKED: '1.00' })], NOW);
      } finally {
        await store.stop();
      }
    });

    it('does not sync with sqliteSynchronous NORMAL', async () => {
      const store = createStore({ dataDir, sqliteSynchronous: 'NORMAL' });
      await store.start();
      try {
        const held = holdSyncs();
        await applyEvents(store, 'CORE_BANKING', [balanceChanged('W1', 1, { BOOKED: '1.00' })], NOW);
        expect(held.calls).to.equal(0);
      } finally {
        await store.stop();
      }
    });
  });

  it('checkpoints the WAL into the database file from a worker thread, the connection only as a backstop', async () => {
    const store = createStore({ dataDir });
    await store.start();
    try {
      const [pragma] = await store.query('reading the checkpoint setting', (ex) => ex.query('PRAGMA wal_autocheckpoint'));
      expect(Number(pragma!.wal_autocheckpoint)).to.equal(BACKSTOP_PAGES);
      const file = join(dataDir, 'hub.sqlite');
      const before = statSync(file).size;
      for (let batch = 0; batch < 20; batch += 1) {
        await applyEvents(store, 'CORE_BANKING', Array.from({ length: 100 }, (_, index) => balanceChanged(`C${batch}-${index}`, 1, { BOOKED: '1.00' })), NOW);
      }
      // Far below the backstop: only the worker copies these pages into the database file.
      const deadline = Date.now() + 5000;
      while (statSync(file).size <= before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(statSync(file).size).to.be.greaterThan(before);
      expect(await store.account('C19-99')).to.not.equal(undefined);
    } finally {
      await store.stop();
    }
  });
});
