/**
 * The timeline flow's batch handling (handleBatch) on real databases: a batch must leave
 * exactly the rows, and answer exactly the outcomes, that handling its messages one by one
 * leaves on a fresh store with the same history; any message that could not be written
 * makes the whole batch throw and write nothing; and the movements of a batch take a
 * constant number of statements. The T-SQL of the batch statements is checked without a
 * server, as tsql.test.ts does for the single-message path.
 */
import { expect } from 'chai';
import { TIMELINE_ENTRY, recordChanges, type RecordOutcome } from '../../../flows/timeline/entries.js';
import { changeOf, createTimelineFlow, handleTimelineBatch, handleTimelineMessage } from '../../../flows/timeline/flow.js';
import type { FlowContext, FlowMessage } from '../../../hub/bus/flow.js';
import { createDialect } from '../../../hub/store/dialect.js';
import type { Store } from '../../../hub/store/index.js';
import { encodeValue, type Row } from '../../../hub/store/rows.js';
import type { Executor } from '../../../hub/store/sql.js';
import { applicationStatusChanged, cardStatusChanged, depositChanged, forEachDatabase, transactionPosted, type Inspector } from '../../store/support.js';
import { at, flowError, messageOf, paymentMessage, published, runner, timeline } from './support.js';

const context = (ex: Executor): FlowContext => ({ ex, emit: async () => undefined });

/** An executor that counts the statements it runs. */
function counting(ex: Executor): { ex: Executor; statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    ex: {
      dialect: ex.dialect,
      query: (sql, params) => (statements.push(sql), ex.query(sql, params)),
      execute: (sql, params) => (statements.push(sql), ex.execute(sql, params)),
    },
  };
}

/** Every row of the table, all columns, in a stable order. */
const allRows = (inspect: Inspector) => inspect.rows(`SELECT * FROM "timeline_entry" ORDER BY "entry_id"`);

/** Outcomes of handling each message on its own transaction, as `handle` does. */
async function oneByOne(store: Store, messages: readonly FlowMessage[]): Promise<RecordOutcome[]> {
  const outcomes: RecordOutcome[] = [];
  for (const message of messages) outcomes.push(await store.transaction('test', (ex) => handleTimelineMessage(message, { ex })));
  return outcomes;
}

forEachDatabase('timeline flow in batches', (db, target) => {
  it('leaves exactly the rows and outcomes of handling the same messages one by one', async () => {
    const { store, inspect } = db();
    const [pendingH, bookedE9, pendingP, bookedH, bookedP] = await published(store, 'CARDS', [
      transactionPosted('AC1', 1, 'H-1', { source: 'CARDS', kind: 'CARD_PAYMENT', status: 'PENDING', amount: '42.00', occurredAt: '2026-11-24T08:00:00Z' }),
      transactionPosted('AC1', 2, 'E-9', { source: 'CARDS', kind: 'CARD_PAYMENT', amount: '7.00', occurredAt: '2026-11-24T08:30:00Z' }),
      transactionPosted('AC1', 3, 'P-1', { source: 'CARDS', kind: 'CARD_PAYMENT', status: 'PENDING', amount: '15.00', occurredAt: '2026-11-24T09:00:00Z' }),
      transactionPosted('AC1', 4, 'H-1', { source: 'CARDS', kind: 'CARD_PAYMENT', amount: '41.50', bookingDate: '2026-11-25', occurredAt: '2026-11-25T06:00:00Z' }),
      transactionPosted('AC1', 5, 'P-1', { source: 'CARDS', kind: 'CARD_PAYMENT', amount: '15.00', bookingDate: '2026-11-25', occurredAt: '2026-11-25T07:00:00Z' }),
    ]);
    const cards = await published(store, 'CARDS', [
      at(cardStatusChanged('CD1', 1, 'ISSUED'), '2026-11-24T09:00:00Z'),
      at(cardStatusChanged('CD1', 2, 'ACTIVE'), '2026-11-24T09:01:00Z'),
      at(cardStatusChanged('CD1', 3, 'ACTIVE'), '2026-11-24T09:02:00Z'),
      at(cardStatusChanged('CD1', 4, 'LOST'), '2026-11-24T09:03:00Z'),
    ]);
    const [newPosting, deposit] = await published(store, 'CORE_BANKING', [
      at(transactionPosted('AC1', 1, 'E-1', { amount: '99.75' }), '2026-11-24T10:00:00Z'),
      at(depositChanged('DP1', 1, '5000.00'), '2026-11-24T10:01:00Z'),
    ]);
    // Two versions of one payment at the same instant: the later message replaces the earlier,
    // so msg-x shown, replaced by msg-y, and delivered again is no duplicate but shown again.
    const shownX = paymentMessage('PMX', { amount: '1.00', occurredAt: '2026-11-24T11:00:00Z', messageId: `msg-x-${target.name}` });
    const sameTimeY = paymentMessage('PMX', { amount: '2.00', occurredAt: '2026-11-24T11:00:00Z', messageId: `msg-y-${target.name}` });
    const history = [pendingH!, bookedE9!, shownX, cards[0]!];
    const batch = [
      newPosting!,
      pendingP!,
      bookedH!,
      // Its entry still shows it: a duplicate.
      bookedE9!,
      cards[1]!,
      paymentMessage('PMY', { status: 'ACCEPTED', occurredAt: '2026-11-24T12:00:00Z' }),
      bookedP!,
      cards[2]!,
      paymentMessage('PMY', { status: 'COMPLETED', occurredAt: '2026-11-24T12:05:00Z' }),
      sameTimeY,
      deposit!,
      // Delivered late, after the outcome: changes nothing.
      paymentMessage('PMY', { status: 'ACCEPTED', occurredAt: '2026-11-24T12:00:00Z' }),
      shownX,
      // Its entry was booked since: no duplicate any more, but unchanged.
      pendingH!,
      cards[3]!,
    ];

    await runner(store).handle(...history);
    const outcomes = await store.transaction('test', (ex) => handleTimelineBatch(batch, { ex }));
    const rows = await allRows(inspect);

    const fresh = await target.create();
    try {
      await runner(fresh.store).handle(...history);
      const expected = await oneByOne(fresh.store, batch);
      expect(outcomes).to.deep.equal(expected);
      expect(rows).to.deep.equal(await allRows(fresh.inspect));
    } finally {
      await fresh.dispose();
    }

    expect(outcomes).to.deep.equal([
      'added',
      'added',
      'updated',
      'duplicate',
      'added',
      'added',
      'updated',
      'unchanged',
      'updated',
      'updated',
      'added',
      'unchanged',
      'updated',
      'unchanged',
      'added',
    ]);
    const entries = await timeline(store);
    expect(entries).to.have.length(10);
    const posting = (reference: string) => entries.find((entry) => entry.references.entryReference === reference)!;
    expect(posting('H-1')).to.deep.include({ status: 'BOOKED', sourceMessageId: bookedH!.messageId });
    expect(posting('H-1').occurredAt.toISOString()).to.equal('2026-11-24T08:00:00.000Z');
    expect(posting('P-1')).to.deep.include({ status: 'BOOKED', sourceMessageId: bookedP!.messageId });
    expect(posting('P-1').occurredAt.toISOString()).to.equal('2026-11-24T09:00:00.000Z');
    const payment = (id: string) => entries.find((entry) => entry.references.paymentId === id)!;
    expect(payment('PMX')).to.deep.include({ sourceMessageId: shownX.messageId, amount: { minor: 100n, currency: 'EUR' } });
    expect(payment('PMY')).to.deep.include({ status: 'COMPLETED' });
    expect(entries.filter((entry) => entry.kind === 'CARD_STATUS').map((entry) => entry.status)).to.deep.equal(['LOST', 'ACTIVE', 'ISSUED']);
  });

  it('is what the flow hands the bus as handleBatch, on the bus transaction', async () => {
    const { store, inspect } = db();
    const flow = createTimelineFlow();
    const messages = [paymentMessage('PM1'), paymentMessage('PM1', { status: 'COMPLETED', occurredAt: '2026-11-24T10:01:00Z' }), paymentMessage('PM2')];
    await store.transaction('test', (ex) => flow.handleBatch!(messages, context(ex)));
    expect(await inspect.count('timeline_entry')).to.equal(2);
    expect((await timeline(store)).map((entry) => [entry.references.paymentId, entry.status, entry.sourceMessageId])).to.have.deep.members([
      ['PM1', 'COMPLETED', messages[1]!.messageId],
      ['PM2', 'ACCEPTED', messages[2]!.messageId],
    ]);
  });

  it('throws and writes nothing when one entry does not fit its columns, even one a later message would replace', async () => {
    const { store, inspect } = db();
    const flow = createTimelineFlow();
    const [good, booking] = await published(store, 'CORE_BANKING', [transactionPosted('AC1', 1, 'E-1'), at(transactionPosted('AC1', 3, 'E-2'), '2026-11-24T10:00:00Z')]);
    // Ingress would have refused it (the projection's column is as narrow); the flow checks its own.
    const tooLong = messageOf(transactionPosted('AC1', 2, 'E-2', { status: 'PENDING', extra: { transferId: 'T'.repeat(65) } }));
    const [card] = await published(store, 'CARDS', [cardStatusChanged('CD1', 1, 'ACTIVE')]);
    const [application] = await published(store, 'CRM', [applicationStatusChanged('AP1', 1, 'IN_REVIEW')]);
    const body = structuredClone(application!.body) as { payload: { status: string } };
    body.payload.status = 'S'.repeat(40);
    const badProduct = { ...application!, body };

    const movementError = await flowError(store.transaction('test', (ex) => flow.handleBatch!([good!, card!, tooLong, booking!], context(ex))));
    expect(movementError).to.deep.include({ code: 'SCHEMA_VIOLATION', retryable: false });
    expect(movementError.message).to.contain('transfer_id');
    expect(await inspect.count('timeline_entry')).to.equal(0);

    // The product change comes after the movements were written: the rollback takes them back.
    const productError = await flowError(store.transaction('test', (ex) => flow.handleBatch!([good!, card!, booking!, badProduct], context(ex))));
    expect(productError).to.deep.include({ code: 'SCHEMA_VIOLATION', retryable: false });
    expect(productError.message).to.contain('status');
    expect(await inspect.count('timeline_entry')).to.equal(0);

    // One by one (the bus's fallback), only the message that does not fit fails.
    const handle = runner(store);
    await handle.handle(good!, card!);
    expect((await flowError(handle.handle(tooLong))).code).to.equal('SCHEMA_VIOLATION');
    await handle.handle(booking!);
    expect(await inspect.count('timeline_entry')).to.equal(3);
  });

  it('refuses a batch with an unreadable message or a repeated message id, writing nothing', async () => {
    const { store, inspect } = db();
    const flow = createTimelineFlow();
    const good = paymentMessage('PM1');
    const unreadable = await flowError(store.transaction('test', (ex) => flow.handleBatch!([good, paymentMessage('PM2', { amount: '-1.00' })], context(ex))));
    expect(unreadable).to.deep.include({ code: 'INVALID_MONEY', retryable: false });
    const longId = await flowError(store.transaction('test', (ex) => flow.handleBatch!([good, { ...paymentMessage('PM3'), messageId: 'm'.repeat(65) }], context(ex))));
    expect(longId).to.deep.include({ code: 'SCHEMA_VIOLATION', retryable: false });
    const repeated = await store.transaction('test', (ex) => flow.handleBatch!([good, good], context(ex))).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(repeated).to.be.instanceOf(Error);
    expect(await inspect.count('timeline_entry')).to.equal(0);
  });

  it('takes a constant number of statements for the movements of a batch', async () => {
    const { store, inspect } = db();
    const stored = Array.from({ length: 18 }, (_, index) => paymentMessage(`PS-${index}`, { occurredAt: '2026-11-24T10:00:00Z' }));
    await runner(store).handle(...stored);
    const batch = [
      ...Array.from({ length: 32 }, (_, index) => paymentMessage(`PN-${index}`)),
      ...stored.slice(0, 16).map((_, index) => paymentMessage(`PS-${index}`, { status: 'COMPLETED', occurredAt: '2026-11-24T10:05:00Z' })),
      ...stored.slice(16),
    ];
    expect(batch).to.have.length(50);
    const counted = await store.transaction('test', async (ex) => {
      const wrapped = counting(ex);
      const outcomes = await handleTimelineBatch(batch, { ex: wrapped.ex });
      return { outcomes, statements: wrapped.statements };
    });
    const tally = (outcome: RecordOutcome) => counted.outcomes.filter((each) => each === outcome).length;
    expect([tally('added'), tally('updated'), tally('duplicate')]).to.deep.equal([32, 16, 2]);
    // Select of the shown messages, locking select, one upsert, one insert.
    expect(counted.statements, counted.statements.join('\n')).to.have.length(4);
    expect(await inspect.count('timeline_entry')).to.equal(50);
    expect((await timeline(store)).filter((entry) => entry.status === 'COMPLETED')).to.have.length(16);
  });
});

describe('timeline batch SQL for SQL Server (no server)', () => {
  it('selects the shown messages, locks the entries with an IN list, merges the changed and inserts the new', async () => {
    const pending = changeOf(messageOf(transactionPosted('AC1', 1, 'E-1', { status: 'PENDING' })));
    const booked = changeOf(messageOf(transactionPosted('AC1', 2, 'E-1')));
    const fresh = changeOf(messageOf(transactionPosted('AC1', 3, 'E-2')));
    if (pending.mode !== 'movement' || booked.mode !== 'movement' || fresh.mode !== 'movement') throw new Error('a posting is a movement');
    const stored: Row = Object.fromEntries(TIMELINE_ENTRY.columns.map(([name, kind], index) => [name, encodeValue(kind, TIMELINE_ENTRY.toRow({ entry: pending.entry })[index])]));
    const statements: { sql: string; params: readonly unknown[] }[] = [];
    const run = async (sql: string, params: readonly unknown[] = []) => {
      statements.push({ sql, params });
      return sql.includes('WITH (UPDLOCK, HOLDLOCK)') ? [stored] : [];
    };
    const ex: Executor = { dialect: createDialect('mssql'), query: run, execute: async (sql, params) => (await run(sql, params)).length };
    const outcomes = await recordChanges(ex, [
      { change: booked, messageId: booked.entry.sourceMessageId },
      { change: fresh, messageId: fresh.entry.sourceMessageId },
    ]);
    expect(outcomes).to.deep.equal(['updated', 'added']);
    for (const { sql, params } of statements) {
      expect(new Set([...sql.matchAll(/@(\d+)/g)].map((match) => match[1])).size, sql).to.equal(params.length);
      expect(sql).to.not.match(/\$\d|\?|\bLIMIT\b|ON CONFLICT|FOR UPDATE|\bexcluded\./i);
    }
    expect(statements.map(({ sql }) => sql.split(' ')[0])).to.deep.equal(['SELECT', 'SELECT', 'MERGE', 'INSERT']);
    expect(statements[0]!.sql).to.match(/WHERE "source_message_id" IN \(@0, @1\)$/);
    expect(statements[1]!.sql).to.match(/ FROM "timeline_entry" WITH \(UPDLOCK, HOLDLOCK\) WHERE "entry_id" IN \(@0, @1\) ORDER BY "entry_id"$/);
    expect(statements[1]!.params).to.have.members([booked.entry.entryId, fresh.entry.entryId]);
    expect(statements[2]!.params).to.include(booked.entry.sourceMessageId);
    expect(statements[3]!.params).to.include(fresh.entry.sourceMessageId);
  });
});
