/**
 * Recurring payments: standing orders the hub holds (the Platform API command and its
 * OpenAPI fragment) and the scheduler that makes each due date's payment through the
 * payments flow, one hub instance at a time (a DB lease). Wired by the composition root
 * only. See docs/flows.md, "Recurring payments".
 */
export {
  createRecurringPayments,
  DEFAULT_LEASE_MS,
  DEFAULT_RECURRING_SCHEDULE,
  RECURRING_PAYMENTS_JOB,
  RecurringPaymentsError,
  type RecurringPayments,
  type RecurringPaymentsHealth,
  type RecurringPaymentsOptions,
  type RunReport,
} from './scheduler.js';
export { createStandingOrdersCommand, STANDING_ORDERS_PATH, type StandingOrdersCommand, type StandingOrdersCommandOptions } from './command.js';
export { STANDING_ORDERS_OPENAPI } from './openapi.js';
export { paymentIdOf, paymentRequested, PAYMENT_REQUESTED, STANDING_ORDER_CHANNEL, standingOrderView, type PaymentRequestedBody, type StandingOrderView } from './mapping.js';
export { FREQUENCIES, firstOnOrAfter, nextAfter, type Frequency, type Schedule } from './schedule.js';
export { readStandingOrderInput, type Payee, type StandingOrderInput } from './request.js';
