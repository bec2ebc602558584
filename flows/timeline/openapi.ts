/**
 * The timeline's part of the Platform API's OpenAPI 3.1 document (hub/platform/openapi.ts):
 * its path and its schemas, to be merged into `paths` and `components.schemas`. It refers
 * to what the document already has (Money, the Problem responses) and to nothing else.
 * An entry's `details` depend on its `kind`: one schema per kind, named in the table below.
 */
import { TIMELINE_PATH } from './endpoint.js';
import { TIMELINE_KINDS, type TimelineKind } from './types.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' } as const;
const date = { type: 'string', format: 'date' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const ids = (...names: string[]) => Object.fromEntries(names.map((name) => [name, str]));
const changes = (values: readonly string[]) => ({
  type: 'array',
  items: { type: 'string', enum: values },
  description: 'NEW on the product’s first entry; otherwise what differs from its previous entry',
});

const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]));

/** The schema of an entry's details, per kind. */
export const TIMELINE_DETAILS_SCHEMAS: Readonly<Record<TimelineKind, string>> = {
  POSTING: 'TimelinePostingDetails',
  PAYMENT: 'TimelinePaymentDetails',
  CARD_STATUS: 'TimelineCardStatusDetails',
  APPLICATION_STATUS: 'TimelineApplicationStatusDetails',
  LOAN_CHANGE: 'TimelineLoanChangeDetails',
  DEPOSIT_CHANGE: 'TimelineDepositChangeDetails',
};

const parameters = [
  { name: 'cursor', in: 'query', schema: str, description: 'nextCursor of the previous page, with the same before and after' },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
  { name: 'before', in: 'query', schema: instant, description: 'only entries that happened before this instant (exclusive)' },
  { name: 'after', in: 'query', schema: instant, description: 'only entries that happened after this instant (exclusive)' },
];

export const TIMELINE_OPENAPI = {
  paths: {
    [TIMELINE_PATH]: {
      get: {
        operationId: 'listMyTimeline',
        summary: 'The authenticated client’s timeline: account entries, payments and product changes, newest first, in pages',
        security: [{ bearer: [] }],
        parameters,
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref('TimelinePageResponse') } } }, ...problems(400, 401, 405) },
      },
    },
  },
  schemas: {
    TimelineReferences: {
      type: 'object',
      description: 'What the entry is about; only those that apply are present',
      properties: ids('accountId', 'entryReference', 'cardId', 'transferId', 'loanId', 'depositId', 'applicationId', 'paymentId'),
    },
    TimelineEntry: {
      type: 'object',
      required: ['entryId', 'kind', 'occurredAt', 'updatedAt', 'references', 'details'],
      description: 'Structured data, not text: channels render the kind and its fields in the client’s language.',
      properties: {
        entryId: { type: 'string', description: 'stable and opaque' },
        kind: { type: 'string', enum: [...TIMELINE_KINDS] },
        occurredAt: { ...instant, description: 'when it happened; the entry’s place in the timeline, kept when the entry is updated' },
        updatedAt: { ...instant, description: 'when the version shown happened (a booking, a payment’s completion)' },
        status: {
          type: 'string',
          description: 'POSTING: BOOKED or PENDING; PAYMENT: ACCEPTED, COMPLETED, REJECTED or FAILED; otherwise the card’s, application’s, loan’s or deposit’s status',
        },
        amount: { ...ref('Money'), description: 'POSTING and PAYMENT: the amount moved; LOAN_CHANGE: outstanding principal; DEPOSIT_CHANGE: principal' },
        creditDebitIndicator: { type: 'string', enum: ['CRDT', 'DBIT'], description: 'POSTING: from the client’s view' },
        references: ref('TimelineReferences'),
        details: {
          description: `by kind: ${Object.entries(TIMELINE_DETAILS_SCHEMAS).map(([kind, schema]) => `${kind} → ${schema}`).join(', ')}`,
          oneOf: Object.values(TIMELINE_DETAILS_SCHEMAS).map(ref),
        },
      },
    },
    TimelinePostingDetails: {
      type: 'object',
      required: ['transactionKind', 'valueDate'],
      properties: {
        transactionKind: { type: 'string', enum: ['TRANSFER', 'CARD_PAYMENT', 'FEE', 'INTEREST', 'LOAN_REPAYMENT', 'DEPOSIT', 'FX', 'REVERSAL', 'OTHER'] },
        valueDate: date,
        bookingDate: { ...date, description: 'present once booked' },
        counterparty: { type: 'object', required: ['name'], properties: { name: str, iban: str, bic: str }, description: 'for a card payment, the merchant' },
        merchantCategoryCode: str,
        remittanceInformation: str,
        originalAmount: { ...ref('Money'), description: 'in the original currency (card payment abroad, FX)' },
        reversalOf: { type: 'string', description: 'entryReference of the entry this one reverses' },
        balanceAfter: { ...ref('Money'), description: 'booked balance right after the entry, when known' },
      },
    },
    TimelinePaymentDetails: { type: 'object', properties: { reason: { type: 'string', description: 'why a payment was rejected or failed' } } },
    TimelineCardStatusDetails: {
      type: 'object',
      required: ['maskedPan'],
      properties: { maskedPan: str, reason: str, previousStatus: { type: 'string', description: 'absent on the card’s first entry' } },
    },
    TimelineApplicationStatusDetails: {
      type: 'object',
      required: ['productType'],
      properties: { productType: str, reason: str, productId: { type: 'string', description: 'the product opened, once COMPLETED' }, previousStatus: str },
    },
    TimelineLoanChangeDetails: {
      type: 'object',
      required: ['changes', 'overdueInstallments', 'installments'],
      properties: {
        changes: changes(['NEW', 'STATUS', 'OVERDUE', 'SCHEDULE']),
        previousStatus: str,
        overdueInstallments: { type: 'array', items: { type: 'integer' } },
        nextInstallment: { type: 'object', required: ['number', 'dueDate', 'total'], properties: { number: { type: 'integer' }, dueDate: date, total: ref('Money') } },
        installments: { type: 'integer', description: 'how many instalments the schedule has' },
      },
    },
    TimelineDepositChangeDetails: {
      type: 'object',
      required: ['changes', 'accruedInterest', 'interestRate', 'maturityDate'],
      properties: {
        changes: changes(['NEW', 'STATUS', 'PRINCIPAL']),
        previousStatus: str,
        previousPrincipal: ref('Money'),
        accruedInterest: ref('Money'),
        interestRate: { type: 'string', description: 'annual percent' },
        maturityDate: date,
      },
    },
    TimelinePage: {
      type: 'object',
      required: ['clientId', 'items'],
      properties: { clientId: str, items: { type: 'array', items: ref('TimelineEntry') }, nextCursor: str },
    },
    TimelinePageResponse: {
      type: 'object',
      required: ['data', 'asOf', 'stale'],
      properties: { data: ref('TimelinePage'), asOf: instant, stale: { type: 'boolean', description: 'true when served from a copy that may be out of date' } },
    },
  },
} as const;
