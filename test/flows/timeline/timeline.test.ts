/**
 * The timeline flow on real databases (SQLite always; PostgreSQL here and required when
 * CI=true; SQL Server with MSSQL_URL): messages from CacheControl's own outbox and from
 * the payments flow, handled on store transactions as the bus runs them, read back with
 * the Platform API's page reader and checked in the table with a direct connection.
 */
import { expect } from 'chai';
import { createTimelineEndpoint, timelinePage, type TimelineEntry } from '../../../flows/timeline/index.js';
import { HubError } from '../../../hub/errors/catalog.js';
import {
  applicationStatusChanged,
  balanceChanged,
  cardStatusChanged,
  clientDataChanged,
  depositChanged,
  forEachDatabase,
  loanScheduleChanged,
  transactionPosted,
} from '../../store/support.js';
import { at, flowError, forClient, paymentMessage, published, runner, timeline } from './support.js';

const byKind = (entries: readonly TimelineEntry[], kind: TimelineEntry['kind']) => entries.filter((entry) => entry.kind === kind);

async function hubError(promise: Promise<unknown>): Promise<HubError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).to.be.instanceOf(HubError);
  return error as HubError;
}

forEachDatabase('timeline flow', (db) => {
  it('makes the right entry for an account entry, a card, an application, a loan, a deposit and a payment', async () => {
    const { store } = db();
    const flow = runner(store);
    await flow.handle(
      ...(await published(store, 'CORE_BANKING', [
        transactionPosted('AC1', 1, 'E-1', { amount: '99.75', booked: '1400.50', direction: 'DBIT', bookingDate: '2026-11-24', extra: { transferId: 'TR-9' } }),
        at(loanScheduleChanged('LN1', 1, '9600.00'), '2026-11-24T09:32:00Z'),
        at(depositChanged('DP1', 1, '5000.00'), '2026-11-24T09:33:00Z'),
      ])),
      ...(await published(store, 'CARDS', [at(cardStatusChanged('CD1', 1, 'BLOCKED'), '2026-11-24T09:34:00Z')])),
      ...(await published(store, 'CRM', [at(applicationStatusChanged('AP1', 1, 'DOCUMENTS_REQUIRED'), '2026-11-24T09:35:00Z')])),
      paymentMessage('PM1', { status: 'ACCEPTED', amount: '125.50', occurredAt: '2026-11-24T09:36:00Z' }),
    );
    expect(flow.emitted).to.deep.equal([]);
    const entries = await timeline(store);
    expect(entries.map((entry) => entry.kind)).to.deep.equal(['PAYMENT', 'APPLICATION_STATUS', 'CARD_STATUS', 'DEPOSIT_CHANGE', 'LOAN_CHANGE', 'POSTING']);

    const [payment, application, card, deposit, loan, posting] = entries;
    expect(posting).to.deep.include({ clientId: 'CL1', status: 'BOOKED', creditDebitIndicator: 'DBIT', amount: { minor: 9975n, currency: 'EUR' } });
    expect(posting!.occurredAt.toISOString()).to.equal('2026-11-24T09:30:00.000Z');
    expect(posting!.references).to.deep.equal({ accountId: 'AC1', entryReference: 'E-1', transferId: 'TR-9' });
    expect(posting!.details).to.deep.equal({
      transactionKind: 'TRANSFER',
      valueDate: '2026-11-24',
      bookingDate: '2026-11-24',
      counterparty: { name: 'Landlord Ltd', iban: 'DE89370400440532013000' },
      remittanceInformation: 'Rent',
    });
    expect(loan).to.deep.include({ status: 'ACTIVE', amount: { minor: 960000n, currency: 'EUR' }, references: { loanId: 'LN1' } });
    expect(loan!.details).to.deep.equal({ changes: ['NEW'], overdueInstallments: [], nextInstallment: { number: 2, dueDate: '2026-12-15', total: { amount: '500.50', currency: 'EUR' } }, installments: 2 });
    expect(deposit).to.deep.include({ status: 'ACTIVE', amount: { minor: 500000n, currency: 'EUR' }, references: { depositId: 'DP1' } });
    expect(deposit!.details).to.deep.equal({ changes: ['NEW'], accruedInterest: { amount: '12.34', currency: 'EUR' }, interestRate: '3.5', maturityDate: '2027-05-20' });
    expect(card).to.deep.include({ status: 'BLOCKED', references: { cardId: 'CD1' } });
    expect(card!.details).to.deep.equal({ maskedPan: '427683******1234', reason: 'Blocked by the client in the app' });
    expect(application).to.deep.include({ status: 'DOCUMENTS_REQUIRED', references: { applicationId: 'AP1' } });
    expect(application!.details).to.deep.equal({ productType: 'LOAN' });
    expect(payment).to.deep.include({ status: 'ACCEPTED', amount: { minor: 12550n, currency: 'EUR' }, references: { accountId: 'AC1', paymentId: 'PM1' }, details: {} });
    expect(payment!.occurredAt.toISOString()).to.equal('2026-11-24T09:36:00.000Z');
  });

  it('stores money as exact minor units and the source message id, one row per entry', async () => {
    const { store, inspect } = db();
    const flow = runner(store);
    const messages = await published(store, 'CORE_BANKING', [transactionPosted('AC1', 1, 'E-1', { amount: '999999999999999999.99', booked: '1.00' })]);
    await flow.handle(...messages);
    const rows = await inspect.rows(`SELECT "amount_minor", "currency", "source_message_id", "kind", "client_id" FROM "timeline_entry"`);
    expect(rows).to.have.length(1);
    expect(rows[0]).to.deep.include({ amount_minor: '99999999999999999999', kind: 'POSTING', client_id: 'CL1', source_message_id: messages[0]!.messageId });
    expect(String(rows[0]!.currency).trim()).to.equal('EUR');
    const [entry] = await timeline(store);
    expect(entry!.amount).to.deep.equal({ minor: 99999999999999999999n, currency: 'EUR' });
  });

  it('makes no second entry for a message handled again, nor for a payment status delivered twice', async () => {
    const { store, inspect } = db();
    const flow = runner(store);
    const messages = [
      ...(await published(store, 'CORE_BANKING', [transactionPosted('AC1', 1, 'E-1'), depositChanged('DP1', 1, '10.00')])),
      ...(await published(store, 'CARDS', [cardStatusChanged('CD1', 1, 'ACTIVE')])),
      ...(await published(store, 'CRM', [applicationStatusChanged('AP1', 1, 'SUBMITTED')])),
      paymentMessage('PM1'),
    ];
    await flow.handle(...messages);
    expect(await inspect.count('timeline_entry')).to.equal(5);
    const before = await timeline(store);
    await flow.handle(...messages);
    await flow.handle(...messages.reverse());
    expect(await inspect.count('timeline_entry')).to.equal(5);
    expect(await timeline(store)).to.deep.equal(before);
  });

  it('updates the entry of a pending account entry when it is booked, and keeps its place', async () => {
    const { store, inspect } = db();
    const flow = runner(store);
    const [pending] = await published(store, 'CARDS', [
      transactionPosted('AC1', 1, 'H-1', { source: 'CARDS', kind: 'CARD_PAYMENT', status: 'PENDING', valueDate: '2026-11-24', amount: '42.00', occurredAt: '2026-11-24T08:00:00Z', extra: { cardId: 'CD1' } }),
    ]);
    await flow.handle(pending!);
    const [held] = await timeline(store);
    expect(held).to.deep.include({ status: 'PENDING', amount: { minor: 4200n, currency: 'EUR' } });
    expect(held!.details).to.not.have.property('bookingDate');

    await flow.handle(...(await published(store, 'CORE_BANKING', [at(transactionPosted('AC1', 1, 'X-1'), '2026-11-24T09:00:00Z')])));
    const [booking] = await published(store, 'CARDS', [
      transactionPosted('AC1', 2, 'H-1', { source: 'CARDS', kind: 'CARD_PAYMENT', status: 'BOOKED', bookingDate: '2026-11-25', valueDate: '2026-11-24', amount: '41.50', occurredAt: '2026-11-25T06:00:00Z', extra: { cardId: 'CD1' } }),
    ]);
    await flow.handle(booking!);
    expect(await inspect.count('timeline_entry')).to.equal(2);
    const entries = await timeline(store);
    expect(entries.map((entry) => entry.references.entryReference)).to.deep.equal(['X-1', 'H-1'], 'the booked entry stays where the payment happened');
    const booked = entries[1]!;
    expect(booked.entryId).to.equal(held!.entryId);
    expect(booked).to.deep.include({ status: 'BOOKED', amount: { minor: 4150n, currency: 'EUR' }, sourceMessageId: booking!.messageId });
    expect(booked.occurredAt.toISOString()).to.equal('2026-11-24T08:00:00.000Z');
    expect(booked.updatedAt.toISOString()).to.equal('2026-11-25T06:00:00.000Z');
    expect(booked.details).to.deep.include({ bookingDate: '2026-11-25', transactionKind: 'CARD_PAYMENT' });
    expect(booked.references).to.deep.equal({ accountId: 'AC1', entryReference: 'H-1', cardId: 'CD1' });

    // The pending version delivered late does not undo the booking.
    await flow.handle({ ...pending!, messageId: 'redelivered-with-another-id' });
    await flow.handle(pending!);
    expect(await inspect.count('timeline_entry')).to.equal(2);
    expect((await timeline(store))[1]).to.deep.include({ status: 'BOOKED', sourceMessageId: booking!.messageId });
  });

  it('absorbs two versions of one entry handled at the same time: one entry at the later stage, any loser retryable', async () => {
    const { store, inspect, another } = db();
    const second = another();
    await second.start();
    const [pending, booked] = await published(store, 'CARDS', [
      transactionPosted('AC1', 1, 'H-1', { source: 'CARDS', kind: 'CARD_PAYMENT', status: 'PENDING' }),
      transactionPosted('AC1', 2, 'H-1', { source: 'CARDS', kind: 'CARD_PAYMENT', status: 'BOOKED', occurredAt: '2026-11-25T06:00:00Z' }),
    ]);
    const handlers = [runner(store), runner(second)];
    const messages = [pending!, booked!];
    const results = await Promise.allSettled(messages.map((message, index) => handlers[index]!.handle(message)));
    for (const [index, result] of results.entries()) {
      if (result.status === 'fulfilled') continue;
      const error = await flowError(Promise.reject(result.reason));
      expect(error.retryable, error.message).to.equal(true);
      await handlers[index]!.handle(messages[index]!);
    }
    expect(await inspect.count('timeline_entry')).to.equal(1);
    expect((await timeline(store))[0]).to.deep.include({ status: 'BOOKED', sourceMessageId: booked!.messageId });
  });

  it('keeps one entry per payment that moves from accepted to completed or rejected', async () => {
    const { store, inspect } = db();
    const flow = runner(store);
    await flow.handle(paymentMessage('PM1', { status: 'ACCEPTED', occurredAt: '2026-11-24T10:00:00Z' }), paymentMessage('PM2', { status: 'ACCEPTED', occurredAt: '2026-11-24T10:05:00Z' }));
    await flow.handle(
      paymentMessage('PM1', { status: 'COMPLETED', occurredAt: '2026-11-24T10:10:00Z' }),
      paymentMessage('PM2', { status: 'REJECTED', reason: 'Insufficient funds', occurredAt: '2026-11-24T10:11:00Z' }),
      // An acceptance arriving after the outcome changes nothing.
      paymentMessage('PM2', { status: 'ACCEPTED', occurredAt: '2026-11-24T10:05:00Z' }),
    );
    expect(await inspect.count('timeline_entry')).to.equal(2);
    const [second, first] = await timeline(store);
    expect(first).to.deep.include({ status: 'COMPLETED', details: {} });
    expect(first!.occurredAt.toISOString()).to.equal('2026-11-24T10:00:00.000Z');
    expect(second).to.deep.include({ status: 'REJECTED', details: { reason: 'Insufficient funds' } });
    expect(second!.updatedAt.toISOString()).to.equal('2026-11-24T10:11:00.000Z');
  });

  it('makes a product entry only when something a client cares about changed, with what it was before', async () => {
    const { store } = db();
    const flow = runner(store);
    await flow.handle(
      ...(await published(store, 'CARDS', [
        at(cardStatusChanged('CD1', 1, 'ISSUED'), '2026-11-24T09:00:00Z'),
        at(cardStatusChanged('CD1', 2, 'ACTIVE'), '2026-11-24T09:01:00Z'),
        // Sent again (a resync): no news.
        at(cardStatusChanged('CD1', 3, 'ACTIVE'), '2026-11-24T09:02:00Z'),
        at(cardStatusChanged('CD1', 4, 'LOST'), '2026-11-24T09:03:00Z'),
        // Sequences compare as numbers: 10 comes after 9, so ACTIVE again is no news.
        at(cardStatusChanged('CD2', 9, 'ACTIVE'), '2026-11-24T09:04:00Z'),
        at(cardStatusChanged('CD2', 10, 'ACTIVE'), '2026-11-24T09:05:00Z'),
      ])),
    );
    expect(byKind(await timeline(store), 'CARD_STATUS').filter((entry) => entry.references.cardId === 'CD2')).to.have.length(1);
    const cards = byKind(await timeline(store), 'CARD_STATUS').filter((entry) => entry.references.cardId === 'CD1');
    expect(cards.map((entry) => [entry.status, (entry.details as { previousStatus?: string }).previousStatus])).to.deep.equal([
      ['LOST', 'ACTIVE'],
      ['ACTIVE', 'ISSUED'],
      ['ISSUED', undefined],
    ]);

    const overdue = loanScheduleChanged('LN1', 2, '9600.00');
    const loanPayload = overdue.loanScheduleChanged as { status: string; installment: { status: string }[] };
    loanPayload.status = 'OVERDUE';
    loanPayload.installment[1]!.status = 'OVERDUE';
    const deposit = (seq: number, principal: string, interest: string, status = 'ACTIVE') => {
      const event = depositChanged('DP1', seq, principal);
      Object.assign(event.depositChanged as object, { accruedInterest: { amount: interest, currency: 'EUR' }, status });
      return event;
    };
    await flow.handle(
      ...(await published(store, 'CORE_BANKING', [
        at(loanScheduleChanged('LN1', 1, '9600.00'), '2026-11-24T10:00:00Z'),
        at(overdue, '2026-11-24T10:01:00Z'),
        // A repayment lowers the outstanding principal only: the account entry shows it.
        at(loanScheduleChanged('LN1', 3, '9100.00'), '2026-11-24T10:02:00Z'),
        at(deposit(1, '5000.00', '0.00'), '2026-11-24T11:00:00Z'),
        at(deposit(2, '5000.00', '1.37'), '2026-11-24T11:01:00Z'),
        at(deposit(3, '6000.00', '1.37'), '2026-11-24T11:02:00Z'),
        at(deposit(4, '6000.00', '2.74', 'MATURED'), '2026-11-24T11:03:00Z'),
      ])),
    );
    const loans = byKind(await timeline(store), 'LOAN_CHANGE');
    expect(loans.map((entry) => [entry.status, entry.details])).to.deep.equal([
      ['ACTIVE', { changes: ['STATUS', 'OVERDUE'], previousStatus: 'OVERDUE', overdueInstallments: [], nextInstallment: { number: 2, dueDate: '2026-12-15', total: { amount: '500.50', currency: 'EUR' } }, installments: 2 }],
      ['OVERDUE', { changes: ['STATUS', 'OVERDUE'], previousStatus: 'ACTIVE', overdueInstallments: [2], nextInstallment: { number: 2, dueDate: '2026-12-15', total: { amount: '500.50', currency: 'EUR' } }, installments: 2 }],
      ['ACTIVE', { changes: ['NEW'], overdueInstallments: [], nextInstallment: { number: 2, dueDate: '2026-12-15', total: { amount: '500.50', currency: 'EUR' } }, installments: 2 }],
    ]);
    expect(loans[0]!.amount).to.deep.equal({ minor: 910000n, currency: 'EUR' });
    const deposits = byKind(await timeline(store), 'DEPOSIT_CHANGE');
    expect(deposits.map((entry) => [entry.status, (entry.details as { changes: string[] }).changes, (entry.details as { previousPrincipal?: unknown }).previousPrincipal])).to.deep.equal([
      ['MATURED', ['STATUS'], undefined],
      ['ACTIVE', ['PRINCIPAL'], { amount: '5000.00', currency: 'EUR' }],
      ['ACTIVE', ['NEW'], undefined],
    ]);
  });

  it('makes no entry for balance and client data changes, and refuses them if they are routed to it', async () => {
    const { store, inspect } = db();
    const flow = runner(store);
    const balance = await published(store, 'CORE_BANKING', [balanceChanged('AC1', 1, { BOOKED: '10.00' })]);
    const client = await published(store, 'CRM', [clientDataChanged('CL1', 1, { language: 'de' })]);
    for (const message of [...balance, ...client]) {
      const error = await flowError(flow.handle(message));
      expect(error).to.deep.include({ code: 'UNSUPPORTED_MESSAGE', retryable: false });
      expect(error.message).to.contain(message.routingKey);
    }
    expect(await inspect.count('timeline_entry')).to.equal(0);
  });

  it('walks all entries exactly once, newest first, with cursors, also across equal instants', async () => {
    const { store } = db();
    const flow = runner(store);
    // 23 entries: groups of three share an instant, so the order within a group is the entry id's.
    const events = Array.from({ length: 23 }, (_, index) =>
      at(transactionPosted('AC1', index + 1, `E-${index}`), `2026-11-${String(1 + Math.floor(index / 3)).padStart(2, '0')}T12:00:00Z`),
    );
    await flow.handle(...(await published(store, 'CORE_BANKING', events)));
    await flow.handle(...(await published(store, 'CORE_BANKING', [forClient(transactionPosted('AC9', 1, 'OTHER'), 'CL2')])));

    const all = await timeline(store);
    expect(all).to.have.length(23);
    for (let index = 1; index < all.length; index += 1) {
      const [newer, older] = [all[index - 1]!, all[index]!];
      const order = newer.occurredAt.getTime() - older.occurredAt.getTime() || (newer.entryId > older.entryId ? 1 : -1);
      expect(order, `${newer.entryId} before ${older.entryId}`).to.be.greaterThan(0);
    }
    for (const limit of [1, 4, 5, 23, 50]) {
      const walked: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await timelinePage(store, { clientId: 'CL1', limit, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).to.be.at.most(limit);
        walked.push(...page.items.map((entry) => entry.entryId));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(walked, `limit ${limit}`).to.deep.equal(all.map((entry) => entry.entryId));
      expect(pages).to.equal(Math.max(1, Math.ceil(23 / limit)));
    }

    const before = new Date('2026-11-05T12:00:00Z');
    const after = new Date('2026-11-02T12:00:00Z');
    const window = await timelinePage(store, { clientId: 'CL1', limit: 2, before, after });
    const rest = await timelinePage(store, { clientId: 'CL1', limit: 2, before, after, cursor: window.nextCursor! });
    expect([...window.items, ...rest.items].map((entry) => entry.occurredAt.toISOString().slice(0, 10))).to.deep.equal(['2026-11-04', '2026-11-04', '2026-11-04', '2026-11-03']);
    expect(rest.nextCursor).to.not.equal(undefined);

    expect((await hubError(timelinePage(store, { clientId: 'CL1', limit: 2, cursor: window.nextCursor! }))).code).to.equal('INVALID_CURSOR');
    expect((await hubError(timelinePage(store, { clientId: 'CL2', limit: 2, before, after, cursor: window.nextCursor! }))).code).to.equal('INVALID_CURSOR');
    expect((await hubError(timelinePage(store, { clientId: 'CL1', limit: 2, cursor: 'bm90IGEgY3Vyc29y' }))).code).to.equal('INVALID_CURSOR');
    expect((await hubError(timelinePage(store, { clientId: 'CL1', limit: 0 }))).code).to.equal('INVALID_REQUEST');
    expect((await hubError(timelinePage(store, { clientId: 'CL1', limit: 5, before: after, after: before }))).code).to.equal('INVALID_PERIOD');
  });

  it('shows a client only their own entries, also through the Platform API endpoint', async () => {
    const { store } = db();
    const flow = runner(store);
    await flow.handle(
      ...(await published(store, 'CORE_BANKING', [transactionPosted('AC1', 1, 'E-1'), forClient(transactionPosted('AC2', 1, 'E-2'), 'CL2'), forClient(depositChanged('DP2', 1, '1.00'), 'CL2')])),
      ...(await published(store, 'CARDS', [forClient(cardStatusChanged('CD2', 1, 'ACTIVE'), 'CL2')])),
      paymentMessage('PM1', { clientId: 'CL2' }),
      paymentMessage('PM2', { clientId: 'CL1' }),
    );
    const mine = await timeline(store, 'CL1');
    expect(mine.map((entry) => entry.references)).to.have.deep.members([{ accountId: 'AC1', entryReference: 'E-1' }, { accountId: 'AC1', paymentId: 'PM2' }]);
    expect(mine.every((entry) => entry.clientId === 'CL1')).to.equal(true);
    const theirs = await timeline(store, 'CL2');
    expect(theirs.map((entry) => entry.kind).sort()).to.deep.equal(['CARD_STATUS', 'DEPOSIT_CHANGE', 'PAYMENT', 'POSTING']);
    expect(await timeline(store, 'CL3')).to.deep.equal([]);

    const endpoint = createTimelineEndpoint({ store, now: () => new Date('2030-01-01T00:00:00Z') });
    const answer = await endpoint.answer('CL1', new URLSearchParams({ limit: '1' }));
    expect(answer.body.clientId).to.equal('CL1');
    expect(answer.body.items).to.have.length(1);
    const next = await endpoint.answer('CL1', new URLSearchParams({ limit: '1', cursor: answer.body.nextCursor! }));
    expect([...answer.body.items, ...next.body.items].map((item) => item.entryId)).to.deep.equal(mine.map((entry) => entry.entryId));
    expect(next.body.nextCursor).to.equal(undefined);
    expect((await hubError(endpoint.answer('CL2', new URLSearchParams({ limit: '1', cursor: answer.body.nextCursor! })))).code).to.equal('INVALID_CURSOR');
    expect((await endpoint.answer('CL3', new URLSearchParams())).asOf.toISOString()).to.equal('2030-01-01T00:00:00.000Z');
  });

  it('refuses a bad payload with a permanent coded FlowError and writes nothing', async () => {
    const { store, inspect } = db();
    const flow = runner(store);
    const [good] = await published(store, 'CORE_BANKING', [transactionPosted('AC1', 1, 'E-1')]);
    const body = good!.body as { payload: { transaction: Record<string, unknown> } };
    const variant = (change: (copy: typeof body) => void) => {
      const copy = structuredClone(body);
      change(copy);
      return { ...good!, messageId: `bad-${Math.random()}`, body: copy };
    };
    const cases: [string, Parameters<typeof flow.handle>[0]][] = [
      ['SCHEMA_VIOLATION', variant((copy) => delete copy.payload.transaction.entryReference)],
      ['INVALID_MONEY', variant((copy) => (copy.payload.transaction.amount = { amount: '1e3', currency: 'EUR' }))],
      ['UNKNOWN_CURRENCY', variant((copy) => (copy.payload.transaction.amount = { amount: '1.00', currency: 'XXX' }))],
      ['SCHEMA_VIOLATION', variant((copy) => (copy.payload.transaction.amount = 12.5))],
      ['SCHEMA_VIOLATION', { ...good!, body: 'not json object' }],
      ['SCHEMA_VIOLATION', { ...good!, routingKey: 'card.status.changed' }],
      ['SCHEMA_VIOLATION', paymentMessage('PM1', { status: 'COMPLETED' }) && { ...paymentMessage('PM1'), routingKey: 'payment.completed' }],
      ['INVALID_MONEY', paymentMessage('PM1', { amount: '-5.00' })],
      ['INVALID_MONEY', paymentMessage('PM1', { amount: '5.001' })],
      ['SCHEMA_VIOLATION', paymentMessage('PM1', { occurredAt: 'yesterday' })],
      ['SCHEMA_VIOLATION', paymentMessage('x'.repeat(65))],
      ['SCHEMA_VIOLATION', paymentMessage('PM1', { clientId: '' })],
      ['UNSUPPORTED_MESSAGE', { ...good!, routingKey: 'payment.requested' }],
    ];
    for (const [code, message] of cases) {
      const error = await flowError(flow.handle(message));
      expect({ code: error.code, retryable: error.retryable }, `${message.routingKey}: ${error.message}`).to.deep.equal({ code, retryable: false });
      expect(error.message.length, 'the message says what is wrong').to.be.greaterThan(10);
    }
    expect(await inspect.count('timeline_entry')).to.equal(0);
  });

  it('keeps the column widths: an over-long value is refused before anything is written', async () => {
    const { store, inspect } = db();
    const flow = runner(store);
    const [message] = await published(store, 'CRM', [applicationStatusChanged('AP1', 1, 'IN_REVIEW')]);
    // The projection's narrower column would have refused it at ingress; the flow checks its own.
    const body = structuredClone(message!.body) as { payload: { status: string } };
    body.payload.status = 'S'.repeat(40);
    const error = await flowError(flow.handle({ ...message!, body }));
    expect(error).to.deep.include({ code: 'SCHEMA_VIOLATION', retryable: false });
    expect(error.message).to.contain('status');
    expect(await inspect.count('timeline_entry')).to.equal(0);
  });
});
