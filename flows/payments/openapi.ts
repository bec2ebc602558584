/**
 * The payments' part of the Platform API's OpenAPI 3.1 document (hub/platform/openapi.ts):
 * its paths and schemas, to be merged into `paths` and `components.schemas`. It refers to
 * what the document already has (Money, the Problem responses) and to nothing else.
 */
import { PAYMENTS_PATH } from './command.js';
import { CLIENT_CHANNELS, PAYMENT_CHANNELS, PAYMENT_STATUSES } from './types.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]));
const json = (schema: object) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

const envelope = (data: object) => ({
  type: 'object',
  required: ['data', 'asOf', 'stale'],
  properties: { data, asOf: instant, stale: { type: 'boolean', description: 'always false: payments are read from the hub’s own store' } },
});

export const PAYMENTS_OPENAPI = {
  paths: {
    [PAYMENTS_PATH]: {
      post: {
        operationId: 'submitPayment',
        summary: 'Submits a credit transfer from one of the client’s accounts; the answer is the payment, REQUESTED, and its status follows',
        security: [{ bearer: [] }],
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 128 }, description: 'the same key with the same request answers the first payment (200); with another request 409' }],
        requestBody: { required: true, content: json(ref('PaymentRequest')) },
        responses: {
          '201': { description: 'Created', headers: { Location: { schema: str } }, content: json(ref('PaymentResponse')) },
          '200': { description: 'The payment an earlier request with this key created', headers: { Location: { schema: str } }, content: json(ref('PaymentResponse')) },
          '409': problem('The Idempotency-Key was used for another request (IDEMPOTENCY_CONFLICT)'),
          ...problems(400, 401, 404),
        },
      },
      get: {
        operationId: 'listMyPayments',
        summary: 'The client’s payments, newest first, in pages',
        security: [{ bearer: [] }],
        parameters: [
          { name: 'cursor', in: 'query', schema: str, description: 'nextCursor of the previous page' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
        ],
        responses: { '200': { description: 'OK', content: json(ref('PaymentPageResponse')) }, ...problems(400, 401) },
      },
    },
    [`${PAYMENTS_PATH}/{id}`]: {
      get: {
        operationId: 'getPayment',
        summary: 'One of the client’s payments with its status history and the fraud rules’ decisions',
        security: [{ bearer: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
        responses: { '200': { description: 'OK', content: json(ref('PaymentResponse')) }, ...problems(401, 404) },
      },
    },
  },
  schemas: {
    PaymentRequest: {
      type: 'object',
      additionalProperties: false,
      required: ['fromAccountId', 'amount', 'payee', 'channel'],
      properties: {
        fromAccountId: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
        amount: { ...ref('Money'), description: 'more than zero, at most the currency’s minor digits' },
        payee: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'iban'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 140 }, iban: { type: 'string', description: 'checked (ISO 13616 check digits); spaces are removed' }, bic: { type: 'string', pattern: '^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$' } },
        },
        remittanceInformation: { type: 'string', minLength: 1, maxLength: 140 },
        channel: { type: 'string', enum: [...CLIENT_CHANNELS] },
        requestedExecutionDate: { type: 'string', format: 'date', description: 'today up to 365 days ahead; absent: as soon as possible' },
      },
    },
    PaymentStatusChange: {
      type: 'object',
      required: ['status', 'occurredAt'],
      properties: { status: { type: 'string', enum: [...PAYMENT_STATUSES] }, reasonCode: str, reason: str, occurredAt: instant },
    },
    PaymentDecision: {
      type: 'object',
      required: ['rule', 'outcome', 'reason'],
      properties: {
        rule: { type: 'string', enum: ['CHANNEL_AMOUNT_LIMIT', 'VELOCITY', 'NEW_PAYEE_LARGE_AMOUNT', 'ACCOUNT_STATUS'] },
        outcome: { type: 'string', enum: ['PASS', 'REJECT'] },
        reasonCode: str,
        reason: str,
      },
    },
    Payment: {
      type: 'object',
      required: ['paymentId', 'status', 'fromAccountId', 'amount', 'payee', 'channel', 'createdAt', 'updatedAt', 'statusHistory', 'decisions'],
      properties: {
        paymentId: str,
        status: { type: 'string', enum: [...PAYMENT_STATUSES] },
        reasonCode: { type: 'string', description: 'why it was REJECTED (a fraud rule) or FAILED (the bank’s fault code)' },
        reason: str,
        onHold: { type: 'boolean', description: 'true while an operator looks into the payment; its status does not move until then' },
        fromAccountId: str,
        amount: ref('Money'),
        payee: { type: 'object', required: ['name', 'iban'], properties: { name: str, iban: str, bic: str } },
        remittanceInformation: str,
        channel: { type: 'string', enum: [...PAYMENT_CHANNELS] },
        requestedExecutionDate: { type: 'string', format: 'date' },
        transferId: { type: 'string', description: 'the bank’s transfer, once it exists' },
        createdAt: instant,
        updatedAt: instant,
        statusHistory: { type: 'array', items: ref('PaymentStatusChange') },
        decisions: { type: 'array', items: ref('PaymentDecision') },
      },
    },
    PaymentPage: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Payment') }, nextCursor: str } },
    PaymentResponse: envelope(ref('Payment')),
    PaymentPageResponse: envelope(ref('PaymentPage')),
  },
} as const;
