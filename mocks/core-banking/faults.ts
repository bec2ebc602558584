/**
 * The business faults the core banking mock raises, with codes from cmn:FaultCode. Each
 * operation may raise only the codes its WSDL documentation lists; handlers.ts checks that.
 */
import { ContractFault } from '../server/types.js';

export type BusinessFaultCode =
  | 'SCHEMA_VIOLATION'
  | 'INVALID_MONEY'
  | 'UNKNOWN_CURRENCY'
  | 'INVALID_CURSOR'
  | 'INVALID_PERIOD'
  | 'IDEMPOTENCY_CONFLICT'
  | 'CLIENT_NOT_FOUND'
  | 'ACCOUNT_NOT_FOUND'
  | 'TRANSACTION_NOT_FOUND'
  | 'TRANSFER_NOT_FOUND'
  | 'STANDING_ORDER_NOT_FOUND'
  | 'DEPOSIT_NOT_FOUND'
  | 'LOAN_NOT_FOUND'
  | 'HOLD_NOT_FOUND'
  | 'OFFER_NOT_FOUND'
  | 'ACCOUNT_CLOSED'
  | 'ACCOUNT_BLOCKED'
  | 'INSUFFICIENT_FUNDS'
  | 'CURRENCY_MISMATCH'
  | 'UNSUPPORTED_CURRENCY_PAIR'
  | 'QUOTE_EXPIRED'
  | 'LIMIT_EXCEEDED'
  | 'INVALID_IBAN'
  | 'SAME_ACCOUNT'
  | 'INVALID_STATE'
  | 'KYC_REQUIRED';

export function fault(code: BusinessFaultCode, message: string, field?: string): ContractFault {
  return new ContractFault(code, message, field === undefined ? {} : { field });
}
