/**
 * The payments flow: the Platform API command that takes a payment (POST
 * /platform/v1/payments) and the flow that decides it under the fraud rules and has
 * CoreBanking make the transfer. Wired by the composition root only: the command and the
 * OpenAPI fragment to the Platform API, the flow to the bus. See docs/flows.md, "Payments".
 */
export { createPaymentsCommand, MAX_PAYMENTS_PAGE, PAYMENTS_PATH, type PaymentsCommandOptions } from './command.js';
export { createPaymentsFlow, DEFAULT_PAYMENT_ATTEMPTS, PAYMENTS_BINDINGS, PAYMENTS_FLOW, type PaymentOutcome, type PaymentsFlowOptions } from './flow.js';
export { PAYMENTS_OPENAPI } from './openapi.js';
export { CONTRACT_CHANNELS, PAYMENT_REQUESTED, STATUS_ROUTING_KEYS, type PaymentStatusBody, type PaymentView } from './mapping.js';
export { DEFAULT_FRAUD_RULES, resolveFraudRules, type FraudRules, type FraudRulesInput, type LimitsByCurrency } from './rules.js';
export { isValidIban } from './validation.js';
export type * from './types.js';
export { PAYMENT_CHANNELS, PAYMENT_STATUSES } from './types.js';
