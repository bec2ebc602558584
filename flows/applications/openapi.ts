/**
 * The applications resource's part of the Platform API's OpenAPI 3.1 document
 * (hub/platform/openapi.ts): its paths and schemas, to be merged into `paths` and
 * `components.schemas`. It refers to what the document already has (Money, the Problem
 * responses) and to nothing else.
 */
import { CARD_DELIVERY_METHODS, CARD_FORM_FACTORS, CHANNELS, LOAN_PURPOSES, PRODUCT_TYPES, APPLICATION_STATUSES } from '../../connectors/crm/index.js';
import { APPLICATIONS_PATH, DEFAULT_APPLICATIONS_PAGE, MAX_APPLICATIONS_PAGE } from './command.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' } as const;
const id = { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]));
const json = (schema: unknown) => ({ 'application/json': { schema } });
const idempotencyKey = { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 64 }, description: 'the same key with the same body answers the first application' };

export const APPLICATIONS_OPENAPI = {
  paths: {
    [APPLICATIONS_PATH]: {
      post: {
        operationId: 'submitApplication',
        summary: 'Submits a product application; the CRM decides, and the status follows in GET, the timeline and notifications',
        security: [{ bearer: [] }],
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(ref('ApplicationRequest')) },
        responses: {
          '201': { description: 'Submitted', headers: { Location: { schema: str } }, content: json(ref('ApplicationResponse')) },
          '200': { description: 'Submitted before with this Idempotency-Key and body', headers: { Location: { schema: str } }, content: json(ref('ApplicationResponse')) },
          ...problems(400, 401, 409, 413, 415),
        },
      },
      get: {
        operationId: 'listMyApplications',
        summary: 'The authenticated client’s applications submitted through the Platform API, newest first, in pages',
        security: [{ bearer: [] }],
        parameters: [
          { name: 'cursor', in: 'query', schema: str, description: 'nextCursor of the previous page' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_APPLICATIONS_PAGE, default: DEFAULT_APPLICATIONS_PAGE } },
        ],
        responses: { '200': { description: 'OK', content: json(ref('ApplicationPageResponse')) }, ...problems(400, 401) },
      },
    },
    [`${APPLICATIONS_PATH}/{applicationId}`]: {
      get: {
        operationId: 'getMyApplication',
        summary: 'One of the client’s applications, with its status as the hub knows it',
        security: [{ bearer: [] }],
        parameters: [{ name: 'applicationId', in: 'path', required: true, schema: id }],
        responses: { '200': { description: 'OK', content: json(ref('ApplicationResponse')) }, ...problems(401, 404) },
      },
    },
  },
  schemas: {
    ApplicationRequest: {
      type: 'object',
      required: ['productType'],
      additionalProperties: false,
      description:
        'The fields of CRM CreateApplication, flattened; the productType decides which apply. LOAN: amount, termMonths, purpose (purposeDescription when OTHER), disbursementAccountId. DEPOSIT: amount, termMonths, sourceAccountId, rolloverAtMaturity. DEBIT_CARD, CREDIT_CARD: formFactor, cardProductCode, accountId (DEBIT_CARD only, required), creditLimit (CREDIT_CARD only), embossedName (PHYSICAL only), deliveryMethod (PHYSICAL only, required), branchId (exactly for BRANCH_PICKUP). CURRENT_ACCOUNT, SAVINGS_ACCOUNT, OTHER: description.',
      properties: {
        productType: { type: 'string', enum: [...PRODUCT_TYPES] },
        offerId: { ...id, description: 'the client’s personal offer to apply on' },
        channel: { type: 'string', enum: [...CHANNELS] },
        amount: ref('Money'),
        termMonths: { type: 'integer', minimum: 1, maximum: 600 },
        purpose: { type: 'string', enum: [...LOAN_PURPOSES] },
        purposeDescription: { type: 'string', minLength: 1, maxLength: 140 },
        disbursementAccountId: id,
        sourceAccountId: id,
        rolloverAtMaturity: { type: 'boolean' },
        formFactor: { type: 'string', enum: [...CARD_FORM_FACTORS] },
        cardProductCode: id,
        accountId: id,
        creditLimit: ref('Money'),
        embossedName: { type: 'string', pattern: "^[A-Z][A-Z .'-]{1,25}$" },
        deliveryMethod: { type: 'string', enum: [...CARD_DELIVERY_METHODS] },
        branchId: id,
        description: { type: 'string', minLength: 1, maxLength: 4000 },
      },
    },
    Application: {
      type: 'object',
      required: ['applicationId', 'productType', 'status', 'submittedAt', 'updatedAt', 'request'],
      properties: {
        applicationId: { type: 'string', description: 'the hub’s id' },
        bankApplicationId: { type: 'string', description: 'the bank’s id, once the bank received the application; timeline entries and status events name this one' },
        productType: { type: 'string', enum: [...PRODUCT_TYPES] },
        status: { type: 'string', enum: [...APPLICATION_STATUSES], description: 'as the bank last told it; SUBMITTED until the bank received the application' },
        reason: { type: 'string', description: 'for DOCUMENTS_REQUIRED and REJECTED' },
        reasonCode: { type: 'string', description: 'the bank’s code when it refused the application at once (KYC_REQUIRED, CONSENT_REQUIRED, OFFER_NOT_FOUND, …)' },
        productId: { type: 'string', description: 'the product opened, once COMPLETED' },
        submittedAt: instant,
        updatedAt: instant,
        request: ref('ApplicationRequest'),
      },
    },
    ApplicationResponse: { type: 'object', required: ['data', 'asOf', 'stale'], properties: { data: ref('Application'), asOf: instant, stale: { type: 'boolean' } } },
    ApplicationPage: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Application') }, nextCursor: str } },
    ApplicationPageResponse: { type: 'object', required: ['data', 'asOf', 'stale'], properties: { data: ref('ApplicationPage'), asOf: instant, stale: { type: 'boolean' } } },
  },
} as const;
