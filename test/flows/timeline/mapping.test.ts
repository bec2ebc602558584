/**
 * The timeline flow without a database: which messages it takes, what each one means for
 * the timeline, how it refuses what it cannot read, the JSON it shows against its OpenAPI
 * fragment merged into the Platform API document, its cursors and the endpoint's checks.
 */
import { expect } from 'chai';
import type { FlowMessage } from '../../../hub/bus/flow.js';
import { HubError } from '../../../hub/errors/catalog.js';
import { PLATFORM_OPENAPI } from '../../../hub/platform/openapi.js';
import { encodeCursor, fingerprint } from '../../../hub/store/cursor.js';
import type { Store } from '../../../hub/store/index.js';
import {
  createTimelineEndpoint,
  createTimelineFlow,
  TIMELINE_DETAILS_SCHEMAS,
  TIMELINE_ERROR_CODES,
  TIMELINE_KINDS,
  TIMELINE_OPENAPI,
  TIMELINE_PATH,
  timelineEntryView,
  timelinePageView,
  type TimelineEntry,
} from '../../../flows/timeline/index.js';
import { changeOf } from '../../../flows/timeline/flow.js';
import { entryIdOf, supersedes } from '../../../flows/timeline/mapping.js';
import { decodeTimelineCursor, encodeTimelineCursor } from '../../../flows/timeline/page.js';
import { applicationStatusChanged, cardStatusChanged, changeEvent, depositChanged, loanScheduleChanged, transactionPosted } from '../../store/support.js';
import { structuralErrors } from '../../platform/openapi-check.js';
import { messageOf, paymentMessage } from './support.js';

function entryOf(message: FlowMessage): TimelineEntry {
  const change = changeOf(message);
  const entry = change.mode === 'movement' ? change.entry : change.entryFor(undefined);
  expect(entry).to.not.equal(undefined);
  return entry!;
}

function refusal(message: FlowMessage): { code: string; retryable: boolean; message: string } {
  try {
    changeOf(message);
  } catch (error) {
    const { code, retryable, message: text } = error as { code: string; retryable: boolean; message: string };
    return { code, retryable, message: text };
  }
  throw new Error('the message was accepted');
}

const merged = {
  ...PLATFORM_OPENAPI,
  paths: { ...PLATFORM_OPENAPI.paths, ...TIMELINE_OPENAPI.paths },
  components: { ...PLATFORM_OPENAPI.components, schemas: { ...PLATFORM_OPENAPI.components.schemas, ...TIMELINE_OPENAPI.schemas } },
};

function refs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => refs(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refs(value, found);
    }
  }
  return found;
}

describe('timeline flow: messages, entries, views', () => {
  const everyKind = (): FlowMessage[] => [
    messageOf(transactionPosted('AC1', 1, 'E-1', { kind: 'CARD_PAYMENT', status: 'PENDING', valueDate: '2026-11-24', extra: { cardId: 'CD1', merchantCategoryCode: '5411', originalAmount: { amount: '1200', currency: 'JPY' } } })),
    messageOf(transactionPosted('AC1', 2, 'E-2', { booked: '100.00', extra: { balanceAfter: { amount: '-3.50', currency: 'EUR' } } })),
    messageOf(cardStatusChanged('CD1', 1, 'BLOCKED')),
    messageOf(applicationStatusChanged('AP1', 1, 'REJECTED')),
    messageOf(loanScheduleChanged('LN1', 1, '9600.00')),
    messageOf(depositChanged('DP1', 1, '5000.00')),
    paymentMessage('PM1', { status: 'FAILED', reason: 'The beneficiary bank did not answer' }),
  ];

  it('is bound to the routing keys it makes entries of, in per-aggregate order', () => {
    const flow = createTimelineFlow();
    expect(flow.name).to.equal('timeline');
    expect(flow.ordering).to.equal('per-aggregate');
    expect([...flow.bindings].sort()).to.deep.equal(
      [
        'account.transaction.posted',
        'application.status.changed',
        'card.status.changed',
        'deposit.changed',
        'loan.schedule.changed',
        'payment.accepted',
        'payment.completed',
        'payment.failed',
        'payment.rejected',
      ].sort(),
    );
  });

  it('derives entry ids from what the entry is about: the same for every version, different for anything else', () => {
    const pending = entryOf(messageOf(transactionPosted('AC1', 1, 'E-1', { status: 'PENDING' })));
    const booked = entryOf(messageOf(transactionPosted('AC1', 2, 'E-1')));
    expect(booked.entryId).to.equal(pending.entryId);
    expect(booked.sourceMessageId).to.not.equal(pending.sourceMessageId);
    expect(entryOf(messageOf(transactionPosted('AC2', 1, 'E-1'))).entryId).to.not.equal(pending.entryId);
    expect(entryIdOf('posting', 'A', 'BC')).to.not.equal(entryIdOf('posting', 'AB', 'C'));
    expect(entryOf(paymentMessage('PM1', { status: 'ACCEPTED' })).entryId).to.equal(entryOf(paymentMessage('PM1', { status: 'COMPLETED' })).entryId);
    const card = messageOf(cardStatusChanged('CD1', 1, 'ACTIVE'));
    expect(entryOf(card).entryId).to.equal(entryOf(card).entryId);
    expect(entryOf(card).entryId).to.match(/^[0-9a-f]{32}$/);
    expect(entryOf(messageOf(cardStatusChanged('CD1', 2, 'ACTIVE'))).entryId).to.not.equal(entryOf(card).entryId);
  });

  it('replaces a movement only by a later stage or a newer version of the same stage', () => {
    const version = (status: string, at: string, kind: 'POSTING' | 'PAYMENT' = 'POSTING') => ({ ...entryOf(paymentMessage('PM1')), kind, status, updatedAt: new Date(at) }) as TimelineEntry;
    expect(supersedes(version('BOOKED', '2026-11-24T08:00:00Z'), version('PENDING', '2026-11-24T09:00:00Z'))).to.equal(true);
    expect(supersedes(version('PENDING', '2026-11-24T10:00:00Z'), version('BOOKED', '2026-11-24T09:00:00Z'))).to.equal(false);
    expect(supersedes(version('BOOKED', '2026-11-24T10:00:00Z'), version('BOOKED', '2026-11-24T09:00:00Z'))).to.equal(true);
    expect(supersedes(version('BOOKED', '2026-11-24T08:00:00Z'), version('BOOKED', '2026-11-24T09:00:00Z'))).to.equal(false);
    expect(supersedes(version('REJECTED', '2026-11-24T08:00:00Z', 'PAYMENT'), version('ACCEPTED', '2026-11-24T09:00:00Z', 'PAYMENT'))).to.equal(true);
    expect(supersedes(version('ACCEPTED', '2026-11-24T10:00:00Z', 'PAYMENT'), version('COMPLETED', '2026-11-24T09:00:00Z', 'PAYMENT'))).to.equal(false);
  });

  it('shows every kind as the OpenAPI fragment documents it, merged into the Platform API document', () => {
    for (const name of Object.keys(TIMELINE_OPENAPI.schemas)) expect(PLATFORM_OPENAPI.components.schemas, name).to.not.have.property(name);
    expect(PLATFORM_OPENAPI.paths).to.not.have.property(TIMELINE_PATH);
    for (const ref of refs(TIMELINE_OPENAPI)) expect(structuralErrors(merged, { $ref: ref }, undefined).filter((error) => error.includes('unresolved')), ref).to.deep.equal([]);
    expect(Object.keys(TIMELINE_DETAILS_SCHEMAS).sort()).to.deep.equal([...TIMELINE_KINDS].sort());

    const entries = everyKind().map(entryOf);
    expect(new Set(entries.map((entry) => entry.kind))).to.deep.equal(new Set(TIMELINE_KINDS));
    for (const entry of entries) {
      const view = JSON.parse(JSON.stringify(timelineEntryView(entry))) as Record<string, unknown>;
      expect(structuralErrors(merged, { $ref: '#/components/schemas/TimelineEntry' }, view), entry.kind).to.deep.equal([]);
      expect(structuralErrors(merged, { $ref: `#/components/schemas/${TIMELINE_DETAILS_SCHEMAS[entry.kind]}` }, view.details), entry.kind).to.deep.equal([]);
      expect(view).to.not.have.any.keys('sourceMessageId', 'clientId', 'subject', 'state');
    }
    const page = { data: timelinePageView('CL1', { items: entries, nextCursor: 'abc' }), asOf: '2026-11-24T10:00:00.000Z', stale: false };
    expect(structuralErrors(merged, { $ref: '#/components/schemas/TimelinePageResponse' }, JSON.parse(JSON.stringify(page)))).to.deep.equal([]);

    const [hold, booked, , , , , payment] = entries.map(timelineEntryView);
    expect(hold).to.deep.include({ status: 'PENDING', amount: { amount: '10.00', currency: 'EUR' }, creditDebitIndicator: 'DBIT', references: { accountId: 'AC1', entryReference: 'E-1', cardId: 'CD1' } });
    expect(hold!.details).to.deep.include({ transactionKind: 'CARD_PAYMENT', merchantCategoryCode: '5411', originalAmount: { amount: '1200', currency: 'JPY' } });
    expect(booked!.details).to.deep.include({ balanceAfter: { amount: '-3.50', currency: 'EUR' } });
    expect(payment).to.deep.include({ kind: 'PAYMENT', status: 'FAILED', amount: { amount: '125.50', currency: 'EUR' }, details: { reason: 'The beneficiary bank did not answer' } });
    expect(payment).to.not.have.property('creditDebitIndicator');
  });

  it('refuses change events it cannot read with a permanent FlowError that names the problem', () => {
    const good = messageOf(transactionPosted('AC1', 1, 'E-1'));
    const body = good.body as Record<string, unknown> & { payload: { transaction: Record<string, unknown> } };
    const variant = (change: (copy: typeof body) => void): FlowMessage => {
      const copy = structuredClone(body);
      change(copy);
      return { ...good, body: copy };
    };
    const cases: [string, FlowMessage, RegExp][] = [
      ['SCHEMA_VIOLATION', { ...good, body: null }, /JSON object/],
      ['SCHEMA_VIOLATION', { ...good, body: [] }, /JSON object/],
      ['SCHEMA_VIOLATION', variant((copy) => delete copy.eventId), /eventId/],
      ['SCHEMA_VIOLATION', variant((copy) => (copy.sourceSystem = 'ATM')), /sourceSystem/],
      ['SCHEMA_VIOLATION', variant((copy) => (copy.type = 'CardStatusChanged')), /account\.transaction\.posted carries TransactionPosted/],
      ['SCHEMA_VIOLATION', variant((copy) => (copy.payload.transaction.amount = null)), /payload\/transaction\/amount/],
      ['SCHEMA_VIOLATION', variant((copy) => (copy.payload.transaction.kind = 7)), /payload\/transaction\/kind/],
      ['SCHEMA_VIOLATION', variant((copy) => (copy.aggregateId = 'AC2')), /differs from the event's aggregateId/],
      ['SCHEMA_VIOLATION', variant((copy) => (copy.schemaVersion = '2.0')), /major version 1/],
      ['SCHEMA_VIOLATION', variant((copy) => (copy.payload.transaction.status = 'SETTLED')), /status/],
      ['SCHEMA_VIOLATION', variant((copy) => (copy.occurredAt = 'today')), /occurredAt/],
      ['NOT_ENTITLED', variant((copy) => (copy.sourceSystem = 'CRM')), /CRM may not publish TransactionPosted/],
      ['INVALID_MONEY', variant((copy) => (copy.payload.transaction.amount = { amount: '10.001', currency: 'EUR' })), /decimals/],
      ['UNKNOWN_CURRENCY', variant((copy) => (copy.payload.transaction.amount = { amount: '10.00', currency: 'EURO' })), /ISO 4217/],
      ['UNSUPPORTED_MESSAGE', { ...good, routingKey: 'account.balance.changed' }, /account\.balance\.changed/],
      ['SCHEMA_VIOLATION', messageOf(changeEvent('CARDS', 'CARD', 'CD1', 1, { cardStatusChanged: { cardId: 'CD1', clientId: 'CL1', status: 'ACTIVE' } })), /maskedPan/],
    ];
    for (const [code, message, says] of cases) {
      const refused = refusal(message);
      expect({ code: refused.code, retryable: refused.retryable }, refused.message).to.deep.equal({ code, retryable: false });
      expect(refused.message).to.match(says);
    }
    for (const { code } of cases.map(([, message]) => refusal(message))) expect(TIMELINE_ERROR_CODES).to.include(code);
  });

  it('refuses payment status events that are not what their routing key promises', () => {
    const base = paymentMessage('PM1', { status: 'COMPLETED' });
    const body = base.body as Record<string, unknown>;
    const cases: [string, FlowMessage, RegExp][] = [
      ['SCHEMA_VIOLATION', { ...base, routingKey: 'payment.rejected' }, /payment\.rejected carries status REJECTED/],
      ['SCHEMA_VIOLATION', { ...base, body: { ...body, amount: '12.00' } }, /amount must be a JSON object/],
      ['INVALID_MONEY', { ...base, body: { ...body, amount: { value: 12, currency: 'EUR' } } }, /decimal string/],
      ['UNKNOWN_CURRENCY', { ...base, body: { ...body, amount: { value: '12.00' } } }, /currency/],
      ['SCHEMA_VIOLATION', { ...base, body: { ...body, accountId: undefined } }, /accountId/],
      ['SCHEMA_VIOLATION', { ...base, body: { ...body, reason: 42 } }, /reason/],
      ['SCHEMA_VIOLATION', { ...base, body: { ...body, occurredAt: '2026-11-24T10:00:00' } }, /UTC offset/],
    ];
    for (const [code, message, says] of cases) {
      const refused = refusal(message);
      expect({ code: refused.code, retryable: refused.retryable }, refused.message).to.deep.equal({ code, retryable: false });
      expect(refused.message).to.match(says);
    }
  });

  it('issues opaque cursors that only its own query accepts', () => {
    const query = fingerprint(['timeline', 'CL1', undefined, undefined]);
    const position = { occurredAt: new Date('2026-11-24T09:30:00.123Z'), entryId: 'abc' };
    const cursor = encodeTimelineCursor(position, query);
    expect(cursor).to.match(/^[A-Za-z0-9_-]+$/);
    expect(decodeTimelineCursor(cursor, query)).to.deep.equal(position);
    const refused = (value: string, otherQuery = query): string => {
      try {
        decodeTimelineCursor(value, otherQuery);
      } catch (error) {
        expect(error).to.be.instanceOf(HubError);
        return (error as HubError).code;
      }
      return 'accepted';
    };
    expect(refused(cursor, fingerprint(['timeline', 'CL2', undefined, undefined]))).to.equal('INVALID_CURSOR');
    expect(refused(encodeCursor({ entryDate: '2026-11-24', entryReference: 'E-1' }, query))).to.equal('INVALID_CURSOR');
    expect(refused('%%%')).to.equal('INVALID_CURSOR');
    expect(refused(Buffer.from(JSON.stringify(['timeline/1', 'yesterday', 'abc', query])).toString('base64url'))).to.equal('INVALID_CURSOR');
  });

  it('checks the endpoint’s query parameters before it reads anything', async () => {
    const store: Pick<Store, 'query'> = {
      query: () => {
        throw new Error('must not be read');
      },
    };
    const endpoint = createTimelineEndpoint({ store });
    expect(endpoint.path).to.equal('/platform/v1/clients/me/timeline');
    const cases: [string, string, string][] = [
      ['status=BOOKED', 'INVALID_REQUEST', 'status'],
      ['limit=0', 'INVALID_REQUEST', 'limit'],
      ['limit=1001', 'INVALID_REQUEST', 'limit'],
      ['limit=ten', 'INVALID_REQUEST', 'limit'],
      ['limit=5&limit=6', 'INVALID_REQUEST', 'limit'],
      ['before=2026-11-24', 'INVALID_REQUEST', 'before'],
      ['after=2026-13-40T00:00:00Z', 'INVALID_REQUEST', 'after'],
      ['after=2026-11-25T00:00:00Z&before=2026-11-24T00:00:00Z', 'INVALID_PERIOD', 'after'],
      ['cursor=bm9wZQ', 'INVALID_CURSOR', 'cursor'],
    ];
    const failing: Pick<Store, 'query'> = { query: (_action, work) => work({ dialect: { kind: 'sqlite' }, query: async () => [], execute: async () => 0 } as never) };
    for (const [query, code, field] of cases) {
      const target = code === 'INVALID_REQUEST' ? endpoint : createTimelineEndpoint({ store: failing });
      const error = await target.answer('CL1', new URLSearchParams(query)).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error, query).to.be.instanceOf(HubError);
      expect({ code: (error as HubError).code, field: (error as HubError).options.field }, query).to.deep.equal({ code, field });
    }
  });
});
