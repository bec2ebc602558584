/**
 * Builds the request objects that node-soap serialises, for the mappings of the typed
 * connectors (connectors/cards and connectors/crm use it; it is not specific to cards).
 *
 * node-soap writes an object's keys in their order, so a request object lists its child
 * elements in the order of the schema's sequence, and leaves out an optional element by
 * leaving out its key (never a key with undefined). Money goes out as the contract's
 * decimal string with exactly the currency's minor digits. What the schema would refuse
 * and the types cannot say (one of a choice, a list's bounds) is refused here, before
 * anything is sent, with an InvalidRequestError naming the field.
 */
import { formatAmount, MoneyError, type Money } from '../../common/money.js';
import type { PostalAddress } from '../../common/contracts/common-types.js';

export type RequestErrorCode = 'SCHEMA_VIOLATION' | 'INVALID_MONEY' | 'UNKNOWN_CURRENCY';

/** A request the contract would refuse; never sent. The codes are those the back office would answer. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  readonly retryable = false;
  constructor(
    readonly code: RequestErrorCode,
    /** Path of the offending request element ("limit[2]/amount"). */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A request element's children: undefined values are left out, the order of the keys is kept. */
export type RequestObject = Record<string, unknown>;

export function element(children: Readonly<Record<string, unknown>>): RequestObject {
  const result: RequestObject = {};
  for (const [name, value] of Object.entries(children)) if (value !== undefined) result[name] = value;
  return result;
}

/** cmn:Money as node-soap takes it. */
export function moneyElement(money: Money, field: string): RequestObject {
  try {
    return { amount: formatAmount(money), currency: money.currency };
  } catch (error) {
    if (error instanceof MoneyError) throw new InvalidRequestError(error.code, field, `${field}: ${error.message}`);
    throw error;
  }
}

export function optMoneyElement(money: Money | undefined, field: string): RequestObject | undefined {
  return money === undefined ? undefined : moneyElement(money, field);
}

/** cmn:Address: one to three lines, city, optional postal code, country. */
export function addressElement(address: PostalAddress, field: string): RequestObject {
  const lines = [...address.line];
  if (lines.length < 1 || lines.length > 3) throw new InvalidRequestError('SCHEMA_VIOLATION', `${field}/line`, `${field} must have one to three lines, got ${lines.length}`);
  return element({ line: lines, city: address.city, postalCode: address.postalCode, country: address.country });
}

/** cmn:PageRequest: which page of a list. */
export interface PageRequest {
  /** The nextCursor of the previous page; absent for the first page. */
  readonly cursor?: string;
  /** 1 to 500; the back office's default (50) when absent. */
  readonly limit?: number;
}

export function pageElement(page: PageRequest | undefined, field = 'page'): RequestObject | undefined {
  if (page === undefined || (page.cursor === undefined && page.limit === undefined)) return undefined;
  if (page.limit !== undefined && !(Number.isInteger(page.limit) && page.limit >= 1 && page.limit <= 500)) {
    throw new InvalidRequestError('SCHEMA_VIOLATION', `${field}/limit`, `${field}/limit must be a whole number from 1 to 500, got ${page.limit}`);
  }
  return element({ cursor: page.cursor, limit: page.limit });
}

/** cmn:DateRange, both ends included, as YYYY-MM-DD. */
export interface DateRange {
  readonly from: string;
  readonly to: string;
}

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function dateText(value: string, field: string): string {
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidRequestError('SCHEMA_VIOLATION', field, `${field} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function dateRangeElement(range: DateRange, field: string): RequestObject {
  return { from: dateText(range.from, `${field}/from`), to: dateText(range.to, `${field}/to`) };
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * A cmn:IdempotencyKey. Checked before sending because the caller retries a keyed write
 * on the strength of its key: a key the back office would refuse must not get that far.
 */
export function idempotencyKeyText(key: string): string {
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw new InvalidRequestError('SCHEMA_VIOLATION', 'idempotencyKey', 'idempotencyKey must be 8 to 64 characters from letters, digits, dot, underscore, colon and hyphen');
  }
  return key;
}

/** A repeatable element with bounds from the schema. */
export function boundedList<T>(items: readonly T[] | undefined, field: string, min: number, max: number): T[] {
  const list = [...(items ?? [])];
  if (list.length < min || list.length > max) {
    throw new InvalidRequestError('SCHEMA_VIOLATION', field, `${field} must have ${min === max ? min : `${min} to ${max}`} item(s), got ${list.length}`);
  }
  return list;
}

/** Exactly one of the members of an xs:choice is present; answers its name. */
export function chosen<K extends string>(value: Readonly<Partial<Record<K, unknown>>>, members: readonly K[], field: string): K {
  const present = members.filter((member) => value[member] !== undefined);
  if (present.length !== 1) {
    throw new InvalidRequestError('SCHEMA_VIOLATION', field, `${field} must have exactly one of ${members.join(', ')}, got ${present.length}`);
  }
  return present[0]!;
}
