/**
 * The OpenAPI 3.1 document of the Platform API read side, served at
 * /platform/v1/openapi.json. A static object rather than generated: it is the contract
 * channels code against, so it changes only on purpose; a test checks that every route
 * the router serves is documented and that real answers carry the required properties.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' } as const;
const date = { type: 'string', format: 'date' } as const;
const instant = { type: 'string', format: 'date-time' } as const;

const envelope = (data: object) => ({
  type: 'object',
  required: ['data', 'asOf', 'stale'],
  properties: { data, asOf: instant, stale: { type: 'boolean', description: 'true when served from a copy that may be out of date' } },
});

const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]));

const idParameter = { name: 'id', in: 'path', required: true, schema: str };

const read = (operationId: string, summary: string, schema: string, parameters: readonly object[] = []) => ({
  get: {
    operationId,
    summary,
    security: [{ bearer: [] }],
    parameters,
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref(schema) } } }, ...problems(400, 401, 404, 405) },
  },
});

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

export const PLATFORM_OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Platform API (read side)',
    version: '1.0.0',
    description: 'What the channels read: the client’s products, balances, statements. Amounts are decimal strings in the currency’s minor digits, never numbers.',
  },
  servers: [{ url: '/' }],
  paths: {
    '/platform/v1/openapi.json': { get: { operationId: 'getOpenApi', summary: 'This document', responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } } } },
    '/platform/v1/clients/me/products': read('getMyProducts', 'The authenticated client’s products', 'OverviewResponse'),
    '/platform/v1/accounts/{id}': read('getAccount', 'One account with its balances', 'AccountResponse', [idParameter]),
    '/platform/v1/accounts/{id}/transactions': read('listTransactions', 'Statement entries, newest first, in pages', 'TransactionPageResponse', [
      idParameter,
      { name: 'status', in: 'query', schema: { type: 'string', enum: ['BOOKED', 'PENDING'] } },
      { name: 'from', in: 'query', schema: date, description: 'inclusive, on the booking date (value date while pending)' },
      { name: 'to', in: 'query', schema: date },
      { name: 'cursor', in: 'query', schema: str, description: 'nextCursor of the previous page, with the same filters' },
      { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
    ]),
    '/platform/v1/cards/{id}': read('getCard', 'One card', 'CardResponse', [idParameter]),
    '/platform/v1/loans/{id}': read('getLoan', 'One loan with its repayment schedule', 'LoanResponse', [idParameter]),
    '/platform/v1/deposits/{id}': read('getDeposit', 'One term deposit', 'DepositResponse', [idParameter]),
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'sub is the client id; exp is required' } },
    responses: {
      Problem400: problemResponse('Invalid request, cursor or period'),
      Problem401: problemResponse('No valid bearer token'),
      Problem404: problemResponse('No such resource, or not the caller’s'),
      Problem405: problemResponse('Method not allowed on this resource'),
      Problem409: problemResponse('Idempotency-Key reused with another body, or a state that forbids the request'),
      Problem413: problemResponse('Body too large'),
      Problem415: problemResponse('Body is not application/json'),
      Problem422: problemResponse('Well-formed but refused by a business rule'),
      Problem503: problemResponse('A back office is unavailable and the hub has no copy; try again later'),
    },
    schemas: {
      Money: { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'string', pattern: '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$' }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } } },
      Balance: { type: 'object', required: ['type', 'amount', 'currency', 'asOf'], properties: { type: { type: 'string', enum: ['BOOKED', 'AVAILABLE', 'BLOCKED'] }, amount: str, currency: str, asOf: instant } },
      Account: { type: 'object', required: ['accountId', 'currency', 'balances'], properties: { accountId: str, currency: str, balances: { type: 'array', items: ref('Balance') } } },
      Transaction: {
        type: 'object',
        required: ['entryReference', 'accountId', 'status', 'kind', 'amount', 'creditDebitIndicator', 'valueDate'],
        properties: {
          entryReference: str,
          accountId: str,
          status: { type: 'string', enum: ['BOOKED', 'PENDING'] },
          kind: str,
          amount: ref('Money'),
          creditDebitIndicator: { type: 'string', enum: ['CRDT', 'DBIT'] },
          originalAmount: ref('Money'),
          bookingDate: date,
          valueDate: date,
          counterparty: { type: 'object', required: ['name'], properties: { name: str, iban: str, bic: str } },
          remittanceInformation: str,
          merchantCategoryCode: str,
          cardId: str,
          transferId: str,
          reversalOf: str,
          balanceAfter: ref('Money'),
        },
      },
      TransactionPage: { type: 'object', required: ['accountId', 'items'], properties: { accountId: str, items: { type: 'array', items: ref('Transaction') }, nextCursor: str } },
      Card: { type: 'object', required: ['cardId', 'maskedPan', 'status'], properties: { cardId: str, maskedPan: str, status: str, reason: str } },
      Installment: {
        type: 'object',
        required: ['number', 'dueDate', 'principal', 'interest', 'total', 'status'],
        properties: { number: { type: 'integer' }, dueDate: date, principal: ref('Money'), interest: ref('Money'), fees: ref('Money'), total: ref('Money'), status: str },
      },
      Loan: { type: 'object', required: ['loanId', 'status', 'outstandingPrincipal', 'schedule'], properties: { loanId: str, status: str, outstandingPrincipal: ref('Money'), schedule: { type: 'array', items: ref('Installment') } } },
      Deposit: {
        type: 'object',
        required: ['depositId', 'status', 'principal', 'accruedInterest', 'interestRate', 'maturityDate'],
        properties: { depositId: str, status: str, principal: ref('Money'), accruedInterest: ref('Money'), interestRate: { type: 'string', description: 'annual percent' }, maturityDate: date },
      },
      Overview: {
        type: 'object',
        required: ['clientId', 'accounts', 'cards', 'loans', 'deposits'],
        properties: {
          clientId: str,
          accounts: { type: 'array', items: ref('Account') },
          cards: { type: 'array', items: ref('Card') },
          loans: { type: 'array', items: ref('Loan') },
          deposits: { type: 'array', items: ref('Deposit') },
        },
      },
      OverviewResponse: envelope(ref('Overview')),
      AccountResponse: envelope(ref('Account')),
      TransactionPageResponse: envelope(ref('TransactionPage')),
      CardResponse: envelope(ref('Card')),
      LoanResponse: envelope(ref('Loan')),
      DepositResponse: envelope(ref('Deposit')),
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'code', 'detail', 'retryable'],
        properties: { type: str, title: str, status: { type: 'integer' }, code: str, detail: str, retryable: { type: 'boolean' }, field: str, correlationId: str },
      },
    },
  },
} as const;
