/**
 * Rows between the store and the drivers: how values are bound (64-bit integers and
 * instants as strings, absent as NULL) and how raw driver values are read back (pg and
 * tedious return Date for instants and strings for bigint; better-sqlite3 returns the
 * stored text and 0/1 for flags).
 */
import type { Money } from '../../common/money.js';
import type { Dialect, ValueKind } from './dialect.js';
import type { BalanceValue } from './types.js';

export type ColumnKind = ValueKind;
export type Row = Record<string, unknown>;
type Value = string | bigint | Date | boolean | number | null | undefined;

export interface TableSpec<R> {
  readonly name: string;
  readonly keys: readonly string[];
  readonly columns: readonly (readonly [name: string, kind: ColumnKind])[];
  /** The record's values in column order. */
  toRow(record: R): Value[];
  fromRow(row: Row): R;
}

/** A value as it is bound: strings for 64-bit integers and instants, NULL for absent. */
export function encodeValue(kind: ColumnKind, value: Value): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  switch (kind) {
    case 'instant':
      return (value as Date).toISOString();
    case 'bigint':
      return String(value);
    case 'flag':
      return Boolean(value);
    case 'int':
      return Number(value);
    default:
      return String(value);
  }
}

/** The select list of a table, reading 64-bit integers exactly on every driver. */
export function selectList(spec: TableSpec<unknown>, dialect: Dialect, alias?: string): string {
  const prefix = alias ? `${alias}.` : '';
  return spec.columns
    .map(([name, kind]) => (kind === 'bigint' && dialect.kind === 'sqlite' ? `CAST(${prefix}${dialect.quote(name)} AS TEXT) AS ${dialect.quote(name)}` : `${prefix}${dialect.quote(name)}`))
    .join(', ');
}

export const text = (row: Row, column: string): string => {
  const value = row[column];
  if (value === null || value === undefined) throw new Error(`column ${column} is NULL`);
  return String(value);
};
export const optText = (row: Row, column: string): string | undefined => {
  const value = row[column];
  return value === null || value === undefined ? undefined : String(value);
};
export const big = (row: Row, column: string): bigint => BigInt(text(row, column));
export const instant = (row: Row, column: string): Date => {
  const value = row[column];
  if (value instanceof Date) return value;
  return new Date(text(row, column));
};
export const optInstant = (row: Row, column: string): Date | undefined => (row[column] === null || row[column] === undefined ? undefined : instant(row, column));
export const flag = (row: Row, column: string): boolean => {
  const value = row[column];
  return value === true || value === 1 || value === '1' || value === 1n;
};
export const money = (row: Row, minor: string, currency: string): Money => ({ minor: big(row, minor), currency: text(row, currency).trim() });
export const optMoney = (row: Row, minor: string, currency: string): Money | undefined =>
  row[minor] === null || row[minor] === undefined ? undefined : money(row, minor, currency);
export const optBalance = (row: Row, type: string): BalanceValue | undefined =>
  row[`${type}_minor`] === null || row[`${type}_minor`] === undefined ? undefined : { minor: big(row, `${type}_minor`), asOf: instant(row, `${type}_as_of`) };
export const omitUndefined = <T extends object>(value: T): T => {
  for (const key in value) if (value[key] === undefined) delete value[key];
  return value;
};
