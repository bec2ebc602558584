/**
 * Reading decoded request values (common/soap/codec.ts conventions: simple values are
 * strings, complex values objects, repeatable elements arrays). The endpoint validates
 * requests against the schema before a handler runs; these checks only keep a handler
 * called directly (tests, conformance kit) from acting on a malformed value.
 */
import type { PlainObject, PlainValue } from '../../common/soap/codec.js';
import { ContractFault } from '../server/types.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../shared/paging.js';
import type { Delivery, PostalAddress } from './model.js';

function violation(field: string, message: string): ContractFault {
  return new ContractFault('SCHEMA_VIOLATION', `${field}: ${message}`, { field });
}

export function optionalText(value: PlainObject, name: string, path = name): string | undefined {
  const item = value[name];
  if (item === undefined) return undefined;
  if (typeof item !== 'string') throw violation(path, 'expected a simple value');
  return item;
}

export function text(value: PlainObject, name: string, path = name): string {
  const item = optionalText(value, name, path);
  if (item === undefined) throw violation(path, 'is required');
  return item;
}

export function optionalObject(value: PlainObject, name: string, path = name): PlainObject | undefined {
  const item = value[name];
  if (item === undefined) return undefined;
  if (typeof item !== 'object' || Array.isArray(item)) throw violation(path, 'expected a structure');
  return item;
}

export function object(value: PlainObject, name: string, path = name): PlainObject {
  const item = optionalObject(value, name, path);
  if (item === undefined) throw violation(path, 'is required');
  return item;
}

/** A repeatable element: always an array when present; absent is an empty list. */
export function list(value: PlainObject, name: string, path = name): PlainValue[] {
  const item = value[name];
  if (item === undefined) return [];
  if (!Array.isArray(item)) throw violation(path, 'expected a list');
  return item;
}

export function oneOf<T extends string>(allowed: readonly T[], item: string | undefined, path: string): T {
  const found = allowed.find((candidate) => candidate === item);
  if (found === undefined) throw violation(path, `expected one of ${allowed.join(', ')}`);
  return found;
}

export function optionalOneOf<T extends string>(allowed: readonly T[], item: string | undefined, path: string): T | undefined {
  return item === undefined ? undefined : oneOf(allowed, item, path);
}

/** xs:boolean: true, false, 1 or 0. */
export function optionalBoolean(value: PlainObject, name: string, path = name): boolean | undefined {
  const item = optionalText(value, name, path)?.trim();
  if (item === undefined) return undefined;
  if (item === 'true' || item === '1') return true;
  if (item === 'false' || item === '0') return false;
  throw violation(path, 'expected true or false');
}

export function boolean(value: PlainObject, name: string, path = name): boolean {
  const item = optionalBoolean(value, name, path);
  if (item === undefined) throw violation(path, 'is required');
  return item;
}

/** The page size asked for: 50 when absent, 1 to 500 (the schema enforces the range too). */
export function pageSize(limit: string | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  const size = Number(limit.trim());
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new ContractFault('SCHEMA_VIOLATION', `page limit must be 1 to ${MAX_PAGE_SIZE}, got ${limit}`, { field: 'page/limit' });
  }
  return size;
}

/** An xs:date as YYYY-MM-DD (a time zone suffix, allowed by xs:date, is dropped). */
export function date(value: PlainObject, name: string, path = name): string {
  const item = text(value, name, path).trim();
  const match = /^([0-9]{4}-[0-9]{2}-[0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$/.exec(item);
  if (!match) throw violation(path, 'expected a date YYYY-MM-DD');
  return match[1]!;
}

function address(value: PlainObject, path: string): PostalAddress {
  const lines = list(value, 'line', `${path}/line`).map((line, index) => {
    if (typeof line !== 'string') throw violation(`${path}/line[${index + 1}]`, 'expected text');
    return line;
  });
  const postalCode = optionalText(value, 'postalCode', `${path}/postalCode`);
  return {
    line: lines,
    city: text(value, 'city', `${path}/city`),
    ...(postalCode === undefined ? {} : { postalCode }),
    country: text(value, 'country', `${path}/country`),
  };
}

/** crd:Delivery, a choice of address or branchId. */
export function optionalDelivery(value: PlainObject, name: string): Delivery | undefined {
  const delivery = optionalObject(value, name);
  if (!delivery) return undefined;
  const branchId = optionalText(delivery, 'branchId', `${name}/branchId`);
  if (branchId !== undefined) return { branchId };
  return { address: address(object(delivery, 'address', `${name}/address`), `${name}/address`) };
}
