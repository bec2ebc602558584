/**
 * The standing orders resource's part of the Platform API's OpenAPI 3.1 document
 * (hub/platform/openapi.ts): its paths and schemas, to be merged into `paths` and
 * `components.schemas`. It refers to what the document already has (Money, the Problem
 * responses) and to nothing else.
 */
import { MAX_STANDING_ORDERS_PAGE, DEFAULT_STANDING_ORDERS_PAGE, STANDING_ORDERS_PATH } from './command.js';
import { FREQUENCIES } from './schedule.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' } as const;
const date = { type: 'string', format: 'date' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const id = { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' } as const;
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]));
const json = (schema: unknown) => ({ 'application/json': { schema } });
const orderId = { name: 'orderId', in: 'path', required: true, schema: str };
const payee = {
  type: 'object',
  required: ['name', 'iban'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 140 }, iban: { type: 'string', description: 'checked with its ISO 13616 checksum' }, bic: { type: 'string', pattern: '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$' } },
};

export const STANDING_ORDERS_OPENAPI = {
  paths: {
    [STANDING_ORDERS_PATH]: {
      post: {
        operationId: 'createStandingOrder',
        summary: 'Creates a standing order: from its first due date on, each due date makes one payment',
        security: [{ bearer: [] }],
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 64 } }],
        requestBody: { required: true, content: json(ref('StandingOrderRequest')) },
        responses: {
          '201': { description: 'Created', headers: { Location: { schema: str } }, content: json(ref('StandingOrderResponse')) },
          '200': { description: 'Created before with this Idempotency-Key and body', headers: { Location: { schema: str } }, content: json(ref('StandingOrderResponse')) },
          ...problems(400, 401, 404, 409, 413, 415, 422),
        },
      },
      get: {
        operationId: 'listMyStandingOrders',
        summary: 'The authenticated client’s standing orders, newest first, in pages',
        security: [{ bearer: [] }],
        parameters: [
          { name: 'cursor', in: 'query', schema: str },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_STANDING_ORDERS_PAGE, default: DEFAULT_STANDING_ORDERS_PAGE } },
        ],
        responses: { '200': { description: 'OK', content: json(ref('StandingOrderPageResponse')) }, ...problems(400, 401) },
      },
    },
    [`${STANDING_ORDERS_PATH}/{orderId}`]: {
      get: {
        operationId: 'getMyStandingOrder',
        summary: 'One of the client’s standing orders with its latest payments',
        security: [{ bearer: [] }],
        parameters: [orderId],
        responses: { '200': { description: 'OK', content: json(ref('StandingOrderResponse')) }, ...problems(401, 404) },
      },
      delete: {
        operationId: 'cancelMyStandingOrder',
        summary: 'Cancels a standing order: no payment falls due after; cancelling again answers the order',
        security: [{ bearer: [] }],
        parameters: [orderId],
        responses: { '200': { description: 'Cancelled', content: json(ref('StandingOrderResponse')) }, ...problems(401, 404, 409) },
      },
    },
  },
  schemas: {
    StandingOrderRequest: {
      type: 'object',
      required: ['fromAccountId', 'amount', 'payee', 'frequency'],
      additionalProperties: false,
      properties: {
        fromAccountId: { ...id, description: 'one of the client’s accounts, in the amount’s currency' },
        amount: ref('Money'),
        payee,
        remittanceInformation: { type: 'string', minLength: 1, maxLength: 140 },
        frequency: { type: 'string', enum: [...FREQUENCIES] },
        day: { type: 'integer', minimum: 1, maximum: 31, description: 'WEEKLY: ISO weekday 1 (Monday) to 7; MONTHLY: day of the month, the month’s last day when shorter; default the start date’s' },
        startDate: { ...date, description: 'default today (UTC); not in the past' },
        endDate: { ...date, description: 'the last date that may pay (inclusive)' },
      },
    },
    StandingOrder: {
      type: 'object',
      required: ['orderId', 'status', 'fromAccountId', 'amount', 'payee', 'frequency', 'startDate', 'paymentsMade', 'createdAt', 'updatedAt'],
      properties: {
        orderId: str,
        status: { type: 'string', enum: ['ACTIVE', 'CANCELLED', 'COMPLETED'] },
        fromAccountId: str,
        amount: ref('Money'),
        payee,
        remittanceInformation: str,
        frequency: { type: 'string', enum: [...FREQUENCIES] },
        day: { type: 'integer' },
        startDate: date,
        endDate: date,
        nextDueDate: { ...date, description: 'absent once the order has ended' },
        paymentsMade: { type: 'integer' },
        createdAt: instant,
        updatedAt: instant,
        payments: {
          type: 'array',
          description: 'on reads of one order: the latest payments, newest first; follow them under /platform/v1/payments/{paymentId}',
          items: { type: 'object', required: ['dueDate', 'paymentId', 'createdAt'], properties: { dueDate: date, paymentId: str, createdAt: instant } },
        },
      },
    },
    StandingOrderResponse: { type: 'object', required: ['data', 'asOf', 'stale'], properties: { data: ref('StandingOrder'), asOf: instant, stale: { type: 'boolean' } } },
    StandingOrderPage: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('StandingOrder') }, nextCursor: str } },
    StandingOrderPageResponse: { type: 'object', required: ['data', 'asOf', 'stale'], properties: { data: ref('StandingOrderPage'), asOf: instant, stale: { type: 'boolean' } } },
  },
} as const;
