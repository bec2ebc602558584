/**
 * Reading decoded requests (common/soap/codec.ts values). The SOAP endpoint validates
 * requests against the schema before a handler runs; these readers still refuse what does
 * not fit with SCHEMA_VIOLATION, so handlers called directly fail the same way.
 */
import type { Money } from '../../common/money.js';
import type { PlainObject, PlainValue } from '../../common/soap/codec.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageRequest } from '../shared/paging.js';
import { parseRequestMoney } from './amounts.js';
import { parseRequestDate } from './dates.js';
import { fault } from './faults.js';
import type { Channel } from './tariff.js';
import type { AccountReference, CreditorInstruction, TransferInstruction } from './transfers.js';

function invalid(path: string, what: string): never {
  throw fault('SCHEMA_VIOLATION', `${path}: ${what}`, path.slice(0, 140));
}

function valueAt(request: PlainObject, name: string): PlainValue | undefined {
  return Object.hasOwn(request, name) ? request[name] : undefined;
}

export function optionalText(request: PlainObject, name: string, path = name): string | undefined {
  const value = valueAt(request, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') invalid(path, 'expected a simple value');
  return value;
}

export function text(request: PlainObject, name: string, path = name): string {
  const value = optionalText(request, name, path);
  if (value === undefined) invalid(path, 'required element is missing');
  return value;
}

export function optionalChild(request: PlainObject, name: string, path = name): PlainObject | undefined {
  const value = valueAt(request, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) invalid(path, 'expected a structure');
  return value;
}

export function child(request: PlainObject, name: string, path = name): PlainObject {
  const value = optionalChild(request, name, path);
  if (value === undefined) invalid(path, 'required element is missing');
  return value;
}

/** An xs:boolean with a default. */
export function flag(request: PlainObject, name: string, fallback = false): boolean {
  const value = optionalText(request, name);
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return invalid(name, 'expected a boolean');
}

export function integer(request: PlainObject, name: string, min: number, max: number, path = name): number {
  const value = text(request, name, path);
  const parsed = /^[+]?\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) invalid(path, `expected an integer from ${min} to ${max}`);
  return parsed;
}

export function oneOf<T extends string>(request: PlainObject, name: string, allowed: readonly T[], path = name): T {
  const value = text(request, name, path);
  if (!(allowed as readonly string[]).includes(value)) invalid(path, `expected one of ${allowed.join(', ')}`);
  return value as T;
}

export function date(request: PlainObject, name: string, path = name): string {
  return parseRequestDate(text(request, name, path), path);
}

export function optionalDate(request: PlainObject, name: string, path = name): string | undefined {
  const value = optionalText(request, name, path);
  return value === undefined ? undefined : parseRequestDate(value, path);
}

export function money(request: PlainObject, name: string, path = name): Money {
  const value = child(request, name, path);
  return parseRequestMoney({ amount: text(value, 'amount', `${path}/amount`), currency: text(value, 'currency', `${path}/currency`) }, `${path}/amount`);
}

export function page(request: PlainObject): PageRequest {
  const value = optionalChild(request, 'page');
  if (!value) return { cursor: undefined, limit: DEFAULT_PAGE_SIZE };
  const cursor = optionalText(value, 'cursor', 'page/cursor');
  const limit = optionalText(value, 'limit') === undefined ? DEFAULT_PAGE_SIZE : integer(value, 'limit', 1, MAX_PAGE_SIZE, 'page/limit');
  return { cursor, limit };
}

export function period(request: PlainObject): { from: string; to: string } {
  const value = child(request, 'period');
  return { from: date(value, 'from', 'period/from'), to: date(value, 'to', 'period/to') };
}

const CHANNELS: readonly Channel[] = ['MOBILE', 'WEB', 'BRANCH', 'CONTACT_CENTER', 'OPEN_BANKING', 'SYSTEM'];

export function channel(request: PlainObject, path = 'channel'): Channel {
  return oneOf(request, 'channel', CHANNELS, path);
}

export function accountReference(value: PlainObject, path: string): AccountReference {
  const iban = optionalText(value, 'iban', `${path}/iban`);
  const accountId = optionalText(value, 'accountId', `${path}/accountId`);
  if ((iban === undefined) === (accountId === undefined)) invalid(path, 'exactly one of iban and accountId');
  return iban !== undefined ? { iban } : { accountId: accountId! };
}

export function creditor(request: PlainObject, path = 'creditor'): CreditorInstruction {
  const value = child(request, 'creditor', path);
  const bic = optionalText(value, 'bic', `${path}/bic`);
  return {
    account: accountReference(child(value, 'account', `${path}/account`), `${path}/account`),
    name: text(value, 'name', `${path}/name`),
    ...(bic !== undefined ? { bic } : {}),
  };
}

export function transferInstruction(request: PlainObject): TransferInstruction {
  const value = child(request, 'transfer');
  const remittanceInformation = optionalText(value, 'remittanceInformation', 'transfer/remittanceInformation');
  const requestedExecutionDate = optionalDate(value, 'requestedExecutionDate', 'transfer/requestedExecutionDate');
  const quoteId = optionalText(value, 'quoteId', 'transfer/quoteId');
  return {
    clientId: text(value, 'clientId', 'transfer/clientId'),
    debtorAccountId: text(value, 'debtorAccountId', 'transfer/debtorAccountId'),
    creditor: creditor(value, 'transfer/creditor'),
    amount: money(value, 'amount', 'transfer/amount'),
    ...(remittanceInformation !== undefined ? { remittanceInformation } : {}),
    ...(requestedExecutionDate !== undefined ? { requestedExecutionDate } : {}),
    ...(quoteId !== undefined ? { quoteId } : {}),
    channel: channel(value, 'transfer/channel'),
  };
}
