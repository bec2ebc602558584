/**
 * Reading decoded requests (see common/soap/codec.ts for the plain value conventions).
 * The endpoint validates requests against the schema before a handler runs, so these
 * checks only matter for callers that skip it (tests, in-process use); they refuse with
 * SCHEMA_VIOLATION naming the element, never with a TypeError.
 */
import type { PlainObject, PlainValue } from '../../common/soap/codec.js';
import { ContractFault } from '../server/types.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageRequest } from '../shared/paging.js';
import type { PostalAddress, WireMoney } from './model.js';

export class RequestFields {
  private constructor(
    private readonly object: PlainObject,
    private readonly path: string,
  ) {}

  static of(request: PlainObject): RequestFields {
    return new RequestFields(request, '');
  }

  /** The path of a child element, as named in faults ("details/loan/amount"). */
  field(name: string): string {
    return this.path ? `${this.path}/${name}` : name;
  }

  has(name: string): boolean {
    return this.object[name] !== undefined;
  }

  text(name: string): string {
    const value = this.optionalText(name);
    if (value === undefined) throw this.violation(name, 'is required');
    return value;
  }

  optionalText(name: string): string | undefined {
    const value = this.object[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw this.violation(name, 'must be a simple value');
    return value;
  }

  choice<T extends string>(name: string, allowed: readonly T[]): T {
    const value = this.optionalChoice(name, allowed);
    if (value === undefined) throw this.violation(name, 'is required');
    return value;
  }

  optionalChoice<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.optionalText(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) throw this.violation(name, `must be one of ${allowed.join(', ')}`);
    return value as T;
  }

  /** xs:boolean: "true", "false", "1" or "0"; `defaultValue` when absent, required without one. */
  boolean(name: string, defaultValue?: boolean): boolean {
    const value = this.optionalText(name);
    if (value === undefined) {
      if (defaultValue === undefined) throw this.violation(name, 'is required');
      return defaultValue;
    }
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw this.violation(name, 'must be true or false');
  }

  integer(name: string, min: number, max: number): number {
    const value = this.optionalInteger(name, min, max);
    if (value === undefined) throw this.violation(name, 'is required');
    return value;
  }

  optionalInteger(name: string, min: number, max: number): number | undefined {
    const value = this.optionalText(name)?.trim();
    if (value === undefined) return undefined;
    const number = /^[+-]?[0-9]+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) throw this.violation(name, `must be a whole number from ${min} to ${max}`);
    return number;
  }

  nested(name: string): RequestFields {
    const value = this.optionalNested(name);
    if (value === undefined) throw this.violation(name, 'is required');
    return value;
  }

  optionalNested(name: string): RequestFields | undefined {
    const value = this.object[name];
    if (value === undefined) return undefined;
    if (!isObject(value)) throw this.violation(name, 'must be a structure');
    return new RequestFields(value, this.field(name));
  }

  /** A repeated complex element (always an array in a decoded request); absent: empty. */
  nestedList(name: string): RequestFields[] {
    return this.items(name).map((item, index) => {
      if (!isObject(item)) throw this.violation(`${name}[${index + 1}]`, 'must be a structure');
      return new RequestFields(item, this.field(`${name}[${index + 1}]`));
    });
  }

  /** A repeated enumerated element; absent: empty. */
  choiceList<T extends string>(name: string, allowed: readonly T[]): T[] {
    return this.textList(name).map((value, index) => {
      if (!(allowed as readonly string[]).includes(value)) throw this.violation(`${name}[${index + 1}]`, `must be one of ${allowed.join(', ')}`);
      return value as T;
    });
  }

  /** A repeated simple element; absent: empty. */
  textList(name: string): string[] {
    return this.items(name).map((item, index) => {
      if (typeof item !== 'string') throw this.violation(`${name}[${index + 1}]`, 'must be a simple value');
      return item;
    });
  }

  violation(name: string, problem: string): ContractFault {
    const field = this.field(name);
    return new ContractFault('SCHEMA_VIOLATION', `${field} ${problem}`, { field });
  }

  private items(name: string): PlainValue[] {
    const value = this.object[name];
    if (value === undefined) return [];
    return Array.isArray(value) ? value : [value];
  }
}

function isObject(value: PlainValue): value is PlainObject {
  return typeof value === 'object' && !Array.isArray(value);
}

/** cmn:PageRequest: the cursor as sent, the limit 1 to 500 (50 when absent). */
export function readPage(request: RequestFields): PageRequest {
  const page = request.optionalNested('page');
  const cursor = page?.optionalText('cursor');
  const limit = page?.optionalInteger('limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
  return cursor === undefined ? { limit } : { cursor, limit };
}

/** cmn:Address. */
export function readAddress(address: RequestFields): PostalAddress {
  const line = address.textList('line');
  if (line.length === 0) throw address.violation('line', 'is required');
  const postalCode = address.optionalText('postalCode');
  return { line, city: address.text('city'), ...(postalCode === undefined ? {} : { postalCode }), country: address.text('country') };
}

/** cmn:Money as sent; the domain parses it. */
export function readMoney(money: RequestFields): WireMoney {
  return { amount: money.text('amount'), currency: money.text('currency') };
}
