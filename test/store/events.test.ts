import { expect } from 'chai';
import { createPayloadValidator } from '../../common/contracts/validator.js';
import type { PlainObject } from '../../common/soap/codec.js';
import { buildEnvelope } from '../../common/soap/envelope.js';
import { HubError } from '../../hub/errors/catalog.js';
import { applyEvents, getLastSequence, requestResync, type EventResult, type EventStore } from '../../hub/events/apply.js';
import type { ChangeSet } from '../../hub/store/index.js';
import {
  PUBLISH_EVENTS,
  applicationStatusChanged,
  balanceChanged,
  cacheControl,
  cardStatusChanged,
  changeEvent,
  clientDataChanged,
  codec,
  counts,
  depositChanged,
  forEachDatabase,
  loanScheduleChanged,
  transactionPosted,
} from './support.js';

const NOW = new Date('2026-11-24T09:31:00Z');
const validator = createPayloadValidator(cacheControl);

const summary = (results: readonly EventResult[]) => results.map((result) => (result.reasonCode ? `${result.result}:${result.reasonCode}` : result.result));
const zero = { resync_request: 0, outbox: 0, processed_event: 0, aggregate_state: 0, application: 0, deposit: 0, loan: 0, card: 0, account_transaction: 0, account: 0, client: 0 };

forEachDatabase('events apply', (db) => {
  it('applies one event of every type to the projections, with version and asOf', async () => {
    const { store } = db();
    const results = await applyEvents(store, 'CORE_BANKING', [
      balanceChanged('AC1', 1, { BOOKED: '1500.25', AVAILABLE: '1400.25', BLOCKED: '100.00' }),
      transactionPosted('AC1', 2, 'E-1', { amount: '99.75', booked: '1400.50' }),
      loanScheduleChanged('LN1', 1, '9600.00'),
      depositChanged('DP1', 1, '10000.00'),
    ], NOW);
    expect(summary(results)).to.deep.equal(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    expect(results.map((result) => result.lastSequence)).to.deep.equal([1n, 2n, 1n, 1n]);
    expect(await applyEvents(store, 'CARDS', [cardStatusChanged('CD1', 1, 'BLOCKED')], NOW)).to.have.length(1);
    const crm = await applyEvents(store, 'CRM', [
      clientDataChanged('CL1', 1, { name: { givenName: 'Anna', familyName: 'Schmidt' }, language: 'de', kycStatus: 'VERIFIED', contacts: { email: 'anna@example.com', address: { line: ['Hauptstrasse 1'], city: 'Berlin', country: 'DE' } } }),
      applicationStatusChanged('AP1', 1, 'IN_REVIEW'),
    ], NOW);
    expect(summary(crm)).to.deep.equal(['ACCEPTED', 'ACCEPTED']);

    const account = await store.account('AC1');
    expect(account).to.deep.include({ accountId: 'AC1', clientId: 'CL1', currency: 'EUR', version: 2n });
    expect(account?.booked?.minor).to.equal(140050n);
    expect(account?.available?.minor).to.equal(140025n, 'a balance the event does not carry is kept');
    expect(account?.blocked?.minor).to.equal(10000n);
    expect(account?.asOf.toISOString()).to.equal('2026-11-24T09:30:00.000Z');
    const page = await store.transactions({ accountId: 'AC1', limit: 10 });
    expect(page.items).to.have.length(1);
    expect(page.items[0]).to.deep.include({ entryReference: 'E-1', status: 'BOOKED', kind: 'TRANSFER', bookingDate: '2026-11-24', creditDebitIndicator: 'DBIT', remittanceInformation: 'Rent', version: 2n });
    expect(page.items[0]?.amount).to.deep.equal({ minor: 9975n, currency: 'EUR' });
    expect(page.items[0]?.counterparty).to.deep.equal({ name: 'Landlord Ltd', iban: 'DE89370400440532013000' });
    expect(await store.card('CD1')).to.deep.include({ maskedPan: '427683******1234', status: 'BLOCKED', reason: 'Blocked by the client in the app', version: 1n });
    const loan = await store.loan('LN1');
    expect(loan?.outstandingPrincipal).to.deep.equal({ minor: 960000n, currency: 'EUR' });
    expect(loan?.schedule.map((line) => [line.number, line.status, line.total.minor])).to.deep.equal([
      [1, 'PAID', 50050n],
      [2, 'PLANNED', 50050n],
    ]);
    expect(await store.deposit('DP1')).to.deep.include({ interestRate: '3.5', maturityDate: '2027-05-20', status: 'ACTIVE' });
    expect(await store.application('AP1')).to.deep.include({ status: 'IN_REVIEW', productType: 'LOAN', clientId: 'CL1' });
    const overview = await store.clientOverview('CL1');
    expect(overview.client).to.deep.include({ language: 'de', kycStatus: 'VERIFIED', name: { givenName: 'Anna', familyName: 'Schmidt' } });
    expect(overview.client?.contacts?.address?.city).to.equal('Berlin');
    expect([overview.accounts.length, overview.cards.length, overview.loans.length, overview.deposits.length, overview.applications.length]).to.deep.equal([1, 1, 1, 1, 1]);
  });

  it('ClientDataChanged replaces only the parts it carries', async () => {
    const { store } = db();
    await applyEvents(store, 'CRM', [clientDataChanged('CL1', 1, { name: { givenName: 'Anna', middleName: 'Maria', familyName: 'Schmidt' }, language: 'de', kycStatus: 'PENDING' })], NOW);
    await applyEvents(store, 'CRM', [clientDataChanged('CL1', 2, { kycStatus: 'VERIFIED' })], NOW);
    await applyEvents(store, 'CRM', [clientDataChanged('CL1', 3, { name: { givenName: 'Anna', familyName: 'Weber' } })], NOW);
    const { client } = await store.clientOverview('CL1');
    expect(client).to.deep.include({ language: 'de', kycStatus: 'VERIFIED', version: 3n });
    expect(client?.name).to.deep.equal({ givenName: 'Anna', familyName: 'Weber' }, 'a new name replaces the whole name');
  });

  it('answers DUPLICATE for an eventId accepted in an earlier batch, and changes nothing', async () => {
    const { store, inspect } = db();
    const event = balanceChanged('AC1', 1, { BOOKED: '10.00' });
    expect(summary(await applyEvents(store, 'CORE_BANKING', [event], NOW))).to.deep.equal(['ACCEPTED']);
    const before = await counts(inspect);
    const again = await applyEvents(store, 'CORE_BANKING', [{ ...event, sequence: '2' }], NOW);
    expect(again).to.deep.equal([{ eventId: event.eventId, result: 'DUPLICATE', lastSequence: 1n }]);
    expect(await counts(inspect)).to.deep.equal(before);
  });

  it('answers DUPLICATE for an eventId repeated within one batch', async () => {
    const { store, inspect } = db();
    const first = transactionPosted('AC1', 1, 'E-1');
    const results = await applyEvents(store, 'CORE_BANKING', [first, first, { ...first, sequence: '2' }], NOW);
    expect(summary(results)).to.deep.equal(['ACCEPTED', 'DUPLICATE', 'DUPLICATE']);
    expect(results.map((result) => result.lastSequence)).to.deep.equal([1n, 1n, 1n]);
    expect(await inspect.count('processed_event')).to.equal(1);
    expect(await inspect.count('outbox')).to.equal(1);
  });

  it('answers STALE for a sequence not above the last applied, and keeps the newer data', async () => {
    const { store, inspect } = db();
    await applyEvents(store, 'CORE_BANKING', [balanceChanged('AC1', 2, { BOOKED: '200.00' })], NOW);
    const before = await counts(inspect);
    const results = await applyEvents(store, 'CORE_BANKING', [balanceChanged('AC1', 1, { BOOKED: '100.00' }), balanceChanged('AC1', 2, { BOOKED: '150.00' })], NOW);
    expect(summary(results)).to.deep.equal(['STALE', 'STALE']);
    expect(results.map((result) => result.lastSequence)).to.deep.equal([2n, 2n]);
    expect((await store.account('AC1'))?.booked?.minor).to.equal(20000n);
    expect(await counts(inspect)).to.deep.equal(before);
    // Within a batch too: the later, lower sequence loses.
    const mixed = await applyEvents(store, 'CORE_BANKING', [balanceChanged('AC1', 4, { BOOKED: '400.00' }), balanceChanged('AC1', 3, { BOOKED: '300.00' })], NOW);
    expect(summary(mixed)).to.deep.equal(['ACCEPTED', 'STALE']);
    expect((await store.account('AC1'))?.booked?.minor).to.equal(40000n);
  });

  it('accepts a gap, marks the aggregate for resynchronisation once, and answers resyncRequired', async () => {
    const { store, inspect } = db();
    const results = await applyEvents(store, 'CORE_BANKING', [balanceChanged('AC1', 1, { BOOKED: '1.00' }), balanceChanged('AC1', 4, { BOOKED: '4.00' }), balanceChanged('AC1', 5, { BOOKED: '5.00' }), balanceChanged('AC1', 7, { BOOKED: '7.00' })], NOW);
    expect(results.map((result) => [result.result, result.lastSequence, result.resyncRequired ?? false])).to.deep.equal([
      ['ACCEPTED', 1n, false],
      ['ACCEPTED', 4n, true],
      ['ACCEPTED', 5n, false],
      ['ACCEPTED', 7n, true],
    ]);
    expect((await store.account('AC1'))?.booked?.minor).to.equal(700n);
    expect(await getLastSequence(store, 'CORE_BANKING', { aggregateType: 'ACCOUNT', aggregateId: 'AC1' })).to.deep.equal({
      aggregate: { aggregateType: 'ACCOUNT', aggregateId: 'AC1' },
      lastSequence: 7n,
      resyncPending: true,
      asOf: NOW,
    });
    const requests = await inspect.rows(`SELECT origin, aggregate_id FROM resync_request`);
    expect(requests).to.deep.equal([{ origin: 'GAP', aggregate_id: 'AC1' }], 'one request while the aggregate is pending');
  });

  it('keeps sequences per source system: card processing and core banking number their own ACCOUNT events', async () => {
    const { store } = db();
    await applyEvents(store, 'CORE_BANKING', [balanceChanged('AC1', 1, { BOOKED: '1.00' }), transactionPosted('AC1', 2, 'E-1')], NOW);
    const card = await applyEvents(store, 'CARDS', [transactionPosted('AC1', 1, 'AUTH-1', { source: 'CARDS', kind: 'CARD_PAYMENT', status: 'PENDING' })], NOW);
    expect(card.map((result) => [result.result, result.lastSequence, result.resyncRequired ?? false])).to.deep.equal([['ACCEPTED', 1n, false]]);
    expect((await getLastSequence(store, 'CORE_BANKING', { aggregateType: 'ACCOUNT', aggregateId: 'AC1' })).lastSequence).to.equal(2n);
    expect((await store.transactions({ accountId: 'AC1', limit: 10 })).items.map((item) => item.entryReference).sort()).to.deep.equal(['AUTH-1', 'E-1']);
  });

  describe('rejections (nothing written, reason given)', () => {
    const cases: readonly { title: string; source: 'CORE_BANKING' | 'CARDS' | 'CRM'; event: () => PlainObject; code: string }[] = [
      { title: 'sourceSystem other than the caller', source: 'CORE_BANKING', event: () => balanceChanged('AC1', 1, { BOOKED: '1.00' }, 'EUR', { sourceSystem: 'CARDS' }), code: 'NOT_ENTITLED' },
      { title: 'CRM publishing BalanceChanged', source: 'CRM', event: () => balanceChanged('AC1', 1, { BOOKED: '1.00' }, 'EUR', { sourceSystem: 'CRM' }), code: 'NOT_ENTITLED' },
      { title: 'CORE_BANKING publishing CardStatusChanged', source: 'CORE_BANKING', event: () => cardStatusChanged('CD1', 1, 'ACTIVE', { sourceSystem: 'CORE_BANKING' }), code: 'NOT_ENTITLED' },
      { title: 'CARDS publishing a TransactionPosted that is not a card payment', source: 'CARDS', event: () => transactionPosted('AC1', 1, 'E-1', { source: 'CARDS', kind: 'TRANSFER' }), code: 'NOT_ENTITLED' },
      { title: 'CARDS publishing ClientDataChanged', source: 'CARDS', event: () => clientDataChanged('CL1', 1, { language: 'de' }, { sourceSystem: 'CARDS' }), code: 'NOT_ENTITLED' },
      { title: 'a payload of another aggregate type', source: 'CORE_BANKING', event: () => balanceChanged('AC1', 1, { BOOKED: '1.00' }, 'EUR', { aggregateType: 'LOAN' }), code: 'SCHEMA_VIOLATION' },
      {
        title: 'a payload id other than aggregateId',
        source: 'CORE_BANKING',
        event: () => ({ ...balanceChanged('AC1', 1, { BOOKED: '1.00' }), aggregate: { aggregateType: 'ACCOUNT', aggregateId: 'AC2' } }),
        code: 'SCHEMA_VIOLATION',
      },
      { title: 'more decimals than the currency has', source: 'CORE_BANKING', event: () => transactionPosted('AC1', 1, 'E-1', { amount: '10.001' }), code: 'INVALID_MONEY' },
      { title: 'an amount in exponent notation', source: 'CORE_BANKING', event: () => balanceChanged('AC1', 1, { BOOKED: '1e3' }), code: 'INVALID_MONEY' },
      { title: 'a negative entry amount', source: 'CORE_BANKING', event: () => transactionPosted('AC1', 1, 'E-1', { amount: '-5.00' }), code: 'INVALID_MONEY' },
      { title: 'an unknown currency', source: 'CORE_BANKING', event: () => balanceChanged('AC1', 1, { BOOKED: '1.00' }, 'EUX'), code: 'UNKNOWN_CURRENCY' },
      { title: 'schema version 2.0', source: 'CORE_BANKING', event: () => balanceChanged('AC1', 1, { BOOKED: '1.00' }, 'EUR', { schemaVersion: '2.0' }), code: 'SCHEMA_VIOLATION' },
      { title: 'a booked entry without booking date', source: 'CORE_BANKING', event: () => transactionPosted('AC1', 1, 'E-1', { extra: { bookingDate: undefined } }), code: 'SCHEMA_VIOLATION' },
      { title: 'balances in another currency than the entry', source: 'CORE_BANKING', event: () => mixCurrencies(transactionPosted('AC1', 1, 'E-1', { booked: '5.00' })), code: 'CURRENCY_MISMATCH' },
    ];
    for (const { title, source, event, code } of cases) {
      it(`${code}: ${title}`, async () => {
        const { store, inspect } = db();
        const value = event();
        const [result] = await applyEvents(store, source, [value], NOW);
        expect(result).to.include({ eventId: value.eventId, result: 'REJECTED', reasonCode: code, lastSequence: 0n });
        expect(result?.reason).to.be.a('string').with.length.greaterThan(0);
        expect(await counts(inspect)).to.deep.equal(zero);
      });
    }

    it('CURRENCY_MISMATCH: an account whose currency would change; the batch around it still applies', async () => {
      const { store, inspect } = db();
      await applyEvents(store, 'CORE_BANKING', [balanceChanged('AC1', 1, { BOOKED: '1.00' })], NOW);
      const results = await applyEvents(store, 'CORE_BANKING', [balanceChanged('AC1', 2, { BOOKED: '2.00' }, 'USD'), balanceChanged('AC1', 3, { BOOKED: '3.00' }), cardStatusChanged('CD1', 1, 'ACTIVE', { sourceSystem: 'CORE_BANKING' })], NOW);
      expect(summary(results)).to.deep.equal(['REJECTED:CURRENCY_MISMATCH', 'ACCEPTED', 'REJECTED:NOT_ENTITLED']);
      expect(results.map((result) => result.lastSequence)).to.deep.equal([1n, 3n, 0n]);
      expect(await store.account('AC1')).to.deep.include({ currency: 'EUR', version: 3n });
      expect(await inspect.count('processed_event')).to.equal(2);
      expect(await inspect.count('card')).to.equal(0);
    });

    it('a CARD_PAYMENT from CARDS is accepted', async () => {
      const { store } = db();
      const results = await applyEvents(store, 'CARDS', [transactionPosted('AC1', 1, 'AUTH-1', { source: 'CARDS', kind: 'CARD_PAYMENT', status: 'PENDING' })], NOW);
      expect(summary(results)).to.deep.equal(['ACCEPTED']);
    });
  });

  it('writes one outbox row per accepted event, with routing key and the event as JSON', async () => {
    const { store, inspect } = db();
    const events = [balanceChanged('AC1', 1, { BOOKED: '1.00' }), transactionPosted('AC1', 2, 'E-1'), balanceChanged('AC1', 2, { BOOKED: '9.00' }), loanScheduleChanged('LN1', 1, '5.00')];
    const results = await applyEvents(store, 'CORE_BANKING', events, NOW);
    expect(summary(results)).to.deep.equal(['ACCEPTED', 'ACCEPTED', 'STALE', 'ACCEPTED']);
    const messages = await store.pending(10);
    expect(messages.map((message) => [message.eventId, message.routingKey])).to.deep.equal([
      [events[0]!.eventId, 'account.balance.changed'],
      [events[1]!.eventId, 'account.transaction.posted'],
      [events[3]!.eventId, 'loan.schedule.changed'],
    ]);
    const payload = JSON.parse(messages[1]!.payload) as Record<string, unknown>;
    expect(payload).to.deep.include({ eventId: events[1]!.eventId, type: 'TransactionPosted', sourceSystem: 'CORE_BANKING', aggregateType: 'ACCOUNT', aggregateId: 'AC1', sequence: '2', schemaVersion: '1.0' });
    expect(payload.payload).to.deep.equal(events[1]!.transactionPosted);
    expect(messages.every((message) => message.createdAt.getTime() === NOW.getTime() && message.attempts === 0 && message.sentAt === undefined)).to.equal(true);
    expect(await inspect.count('outbox')).to.equal(await inspect.count('processed_event'));
  });

  it('stores money exactly: 999999999999999999.99 EUR, negative balances, JPY and KWD', async () => {
    const { store, inspect } = db();
    const results = await applyEvents(store, 'CORE_BANKING', [
      balanceChanged('AC1', 1, { BOOKED: '999999999999999999.99', AVAILABLE: '-999999999999999999.99', BLOCKED: '0.01' }),
      transactionPosted('AC1', 2, 'E-1', { amount: '999999999999999999.99' }),
      balanceChanged('AC2', 1, { BOOKED: '123456789012345678' }, 'JPY'),
      balanceChanged('AC3', 1, { BOOKED: '999999999999999999.999' }, 'KWD'),
    ], NOW);
    expect(summary(results)).to.deep.equal(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    const account = await store.account('AC1');
    expect(account?.booked?.minor).to.equal(99999999999999999999n);
    expect(account?.available?.minor).to.equal(-99999999999999999999n);
    expect(account?.blocked?.minor).to.equal(1n);
    expect((await store.transactions({ accountId: 'AC1', limit: 1 })).items[0]?.amount.minor).to.equal(99999999999999999999n);
    expect((await store.account('AC2'))?.booked?.minor).to.equal(123456789012345678n);
    expect((await store.account('AC3'))?.booked?.minor).to.equal(999999999999999999999n);
    const [row] = await inspect.rows(`SELECT booked_minor, available_minor FROM account WHERE account_id = 'AC1'`);
    expect(row).to.deep.equal({ booked_minor: '99999999999999999999', available_minor: '-99999999999999999999' });
  });

  it('commits a batch whole or not at all: a repository failing at the 3rd event leaves no row of the batch', async () => {
    const { store, inspect } = db();
    await applyEvents(store, 'CORE_BANKING', [balanceChanged('AC9', 1, { BOOKED: '1.00' })], NOW);
    const before = await counts(inspect);
    // The write goes through; then the repository fails on the batch's 3rd event.
    const failing: EventStore = {
      changes: (work) =>
        store.changes((tx) =>
          work({
            ...tx,
            write: async (changes: ChangeSet) => {
              await tx.write({ ...changes, outbox: changes.outbox.slice(0, 2) });
              throw new Error('disk on fire at the 3rd event');
            },
          }),
        ),
    };
    const batch = [balanceChanged('AC1', 1, { BOOKED: '1.00' }), transactionPosted('AC1', 2, 'E-1'), cardStatusChanged('CD1', 1, 'ACTIVE', { sourceSystem: 'CORE_BANKING' }), loanScheduleChanged('LN1', 1, '5.00'), balanceChanged('AC9', 2, { BOOKED: '2.00' })];
    const failure = await applyEvents(failing, 'CORE_BANKING', batch, NOW).catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(HubError);
    expect((failure as HubError).code).to.equal('INTERNAL_ERROR');
    expect((failure as HubError).message).to.not.contain('disk on fire');
    expect(await counts(inspect)).to.deep.equal(before);
    expect((await store.account('AC9'))?.version).to.equal(1n);
    // Nothing of it was recorded: sent again, the same batch is applied.
    expect(summary(await applyEvents(store, 'CORE_BANKING', batch, NOW))).to.deep.equal(['ACCEPTED', 'ACCEPTED', 'REJECTED:NOT_ENTITLED', 'ACCEPTED', 'ACCEPTED']);
  });

  it('commits a batch whole or not at all: a database error on the 3rd outbox row leaves no row of the batch', async () => {
    const { store, inspect } = db();
    const batch = [balanceChanged('AC1', 1, { BOOKED: '1.00' }), transactionPosted('AC1', 2, 'E-1'), loanScheduleChanged('LN1', 1, '5.00'), depositChanged('DP1', 1, '5.00')];
    const third = String(batch[2]!.eventId);
    if (store.kind === 'sqlite') {
      await inspect.exec(`CREATE TRIGGER fail_third BEFORE INSERT ON outbox WHEN NEW.event_id = '${third}' BEGIN SELECT RAISE(ABORT, 'forced failure'); END`);
    } else if (store.kind === 'mssql') {
      await inspect.exec(`CREATE TRIGGER fail_third ON outbox AFTER INSERT AS IF EXISTS (SELECT 1 FROM inserted WHERE event_id = '${third}') THROW 50000, 'forced failure', 1;`);
    } else {
      await inspect.exec(`CREATE FUNCTION fail_third() RETURNS trigger AS $$ BEGIN IF NEW.event_id = '${third}' THEN RAISE EXCEPTION 'forced failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await inspect.exec(`CREATE TRIGGER fail_third BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION fail_third()`);
    }
    const failure = await applyEvents(store, 'CORE_BANKING', batch, NOW).catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(HubError);
    expect(['INTERNAL_ERROR', 'SERVICE_UNAVAILABLE']).to.include((failure as HubError).code);
    expect(await counts(inspect)).to.deep.equal(zero);
  });

  it('applies the same batch delivered twice at once exactly once', async () => {
    const { store, inspect, another } = db();
    await applyEvents(store, 'CORE_BANKING', [balanceChanged('AC1', 1, { BOOKED: '1.00' })], NOW);
    // SQLite is one process's embedded store: concurrency is within that process.
    const second = store.kind === 'sqlite' ? store : another();
    if (second !== store) await second.start();
    const batch = Array.from({ length: 20 }, (_, index) => transactionPosted('AC1', index + 2, `E-${index}`));
    const outcomes = await Promise.allSettled([applyEvents(store, 'CORE_BANKING', batch, NOW), applyEvents(second, 'CORE_BANKING', batch, NOW)]);
    const answered = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [summary(outcome.value)] : []));
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect((outcome.reason as HubError).retryable).to.equal(true);
    expect(answered.filter((results) => results.every((result) => result === 'ACCEPTED'))).to.have.length(1);
    expect(await inspect.count('outbox')).to.equal(21);
    expect(await inspect.count('account_transaction')).to.equal(20);

    // Aggregates the store has never seen: no row to lock, so the loser meets the winner's
    // keys and answers a retryable error (or, after the winner's commit, DUPLICATE).
    const fresh = Array.from({ length: 10 }, (_, index) => cardStatusChanged(`CD${index}`, 1, 'ACTIVE'));
    const racing = await Promise.allSettled([applyEvents(store, 'CARDS', fresh, NOW), applyEvents(second, 'CARDS', fresh, NOW)]);
    for (const outcome of racing) if (outcome.status === 'rejected') expect((outcome.reason as HubError).code).to.equal('SERVICE_UNAVAILABLE');
    const winners = racing.filter((outcome) => outcome.status === 'fulfilled' && summary(outcome.value).every((result) => result === 'ACCEPTED'));
    expect(winners).to.have.length(1);
    expect(await inspect.count('card')).to.equal(10);
    expect(await inspect.count('outbox')).to.equal(31);
  });

  it('answers results that encode to a schema-valid PublishEventsResponse', async () => {
    const { store } = db();
    await applyEvents(store, 'CORE_BANKING', [balanceChanged('AC1', 3, { BOOKED: '1.00' })], NOW);
    const duplicate = balanceChanged('AC1', 5, { BOOKED: '5.00' });
    const results = await applyEvents(store, 'CORE_BANKING', [balanceChanged('AC1', 2, { BOOKED: '2.00' }), duplicate, duplicate, transactionPosted('AC1', 6, 'E-1', { amount: '1.001' }), changeEvent('CORE_BANKING', 'ACCOUNT', 'AC1', 7, {}), depositChanged('DP1', 1, '100.00')], NOW);
    expect(summary(results)).to.deep.equal(['STALE', 'ACCEPTED', 'DUPLICATE', 'REJECTED:INVALID_MONEY', 'REJECTED:SCHEMA_VIOLATION', 'ACCEPTED']);
    const xml = codec.encode(PUBLISH_EVENTS.output, { result: results.map((result) => ({ ...result })) });
    const validation = validator.validateEnvelopePayload(buildEnvelope('1.1', xml));
    expect(validation, JSON.stringify(validation)).to.deep.equal({ valid: true });
    expect(xml).to.contain('<cc:resyncRequired>true</cc:resyncRequired>');
  });

  it('GetLastSequence and RequestResync', async () => {
    const { store, inspect } = db();
    const aggregate = { aggregateType: 'CARD', aggregateId: 'CD1' } as const;
    expect(await getLastSequence(store, 'CARDS', aggregate)).to.deep.equal({ aggregate, lastSequence: 0n, resyncPending: false });
    await applyEvents(store, 'CARDS', [cardStatusChanged('CD1', 1, 'ACTIVE')], NOW);
    expect(await getLastSequence(store, 'CARDS', aggregate)).to.deep.equal({ aggregate, lastSequence: 1n, resyncPending: false, asOf: NOW });
    expect((await getLastSequence(store, 'CRM', aggregate)).lastSequence).to.equal(0n, 'another source has its own numbering');
    const resyncId = await requestResync(store, 'CARDS', aggregate, 'restored from backup', NOW);
    expect(resyncId).to.match(/^[A-Za-z0-9._:-]{1,64}$/);
    expect(await getLastSequence(store, 'CARDS', aggregate)).to.deep.equal({ aggregate, lastSequence: 1n, resyncPending: true, asOf: NOW });
    const unknown = await requestResync(store, 'CARDS', { aggregateType: 'CARD', aggregateId: 'CD404' }, undefined, NOW);
    expect(unknown).to.not.equal(resyncId);
    const rows = await inspect.rows(`SELECT resync_id, aggregate_id, origin, reason FROM resync_request ORDER BY aggregate_id`);
    expect(rows).to.deep.equal([
      { resync_id: resyncId, aggregate_id: 'CD1', origin: 'REQUESTED', reason: 'restored from backup' },
      { resync_id: unknown, aggregate_id: 'CD404', origin: 'REQUESTED', reason: null },
    ]);
  });
});

function mixCurrencies(event: PlainObject): PlainObject {
  const posted = event.transactionPosted as PlainObject;
  const [balance] = posted.balance as PlainObject[];
  (balance!.amount as PlainObject).currency = 'USD';
  return event;
}
