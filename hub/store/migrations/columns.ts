/**
 * Column types that mean the same on SQLite, PostgreSQL and SQL Server, so that one
 * migration class creates the same schema on all three.
 *
 * - Money: minor units as a canonical decimal integer string ("-12345"), not bigint. The
 *   contracts allow 18 integer digits plus up to 4 minor digits (10^22), beyond the 9.2·10^18
 *   of a 64-bit integer (999999999999999999.99 EUR is 10^20 − 1 cents); numeric would be
 *   exact on PostgreSQL, but SQLite turns integers beyond 64 bits into REAL (15 digits) and
 *   the SQL Server driver returns decimal as a JS number. A string is exact on all three.
 * - Dates (xs:date) as "YYYY-MM-DD" text: no time zone to shift them, and they sort.
 * - Instants in the native type (timestamptz, datetimeoffset, SQLite text), always UTC.
 * - Text in nvarchar on SQL Server (Unicode names; parameters arrive as nvarchar, so an
 *   nvarchar column keeps its index usable).
 */
import type { TableColumnOptions } from 'typeorm';

export type DriverKind = 'sqlite' | 'postgres' | 'mssql';

export function driverKindOf(type: string): DriverKind {
  switch (type) {
    case 'better-sqlite3':
    case 'sqlite':
      return 'sqlite';
    case 'postgres':
      return 'postgres';
    case 'mssql':
      return 'mssql';
    default:
      throw new Error(`the store does not support the ${type} driver`);
  }
}

type Extra = Partial<Pick<TableColumnOptions, 'isNullable' | 'isPrimary' | 'default'>>;

export interface Columns {
  /** cmn:Identifier (1–64 characters). */
  id(name: string, extra?: Extra): TableColumnOptions;
  text(name: string, length: number, extra?: Extra): TableColumnOptions;
  /** Unbounded text (JSON documents). */
  longText(name: string, extra?: Extra): TableColumnOptions;
  /** Minor units of money, exactly (see the file header). */
  minor(name: string, extra?: Extra): TableColumnOptions;
  currency(name: string, extra?: Extra): TableColumnOptions;
  date(name: string, extra?: Extra): TableColumnOptions;
  instant(name: string, extra?: Extra): TableColumnOptions;
  bigint(name: string, extra?: Extra): TableColumnOptions;
  integer(name: string, extra?: Extra): TableColumnOptions;
  flag(name: string, extra?: Extra): TableColumnOptions;
  /** An increasing 64-bit key the database assigns. */
  serial(name: string): TableColumnOptions;
}

export function columnsFor(kind: DriverKind): Columns {
  const string = kind === 'mssql' ? 'nvarchar' : 'varchar';
  const fixed = kind === 'mssql' ? 'nchar' : 'character';
  const column = (name: string, type: string, extra: Extra = {}, more: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
    name,
    type,
    isNullable: false,
    ...more,
    ...extra,
  });
  return {
    id: (name, extra) => column(name, string, extra, { length: '64' }),
    text: (name, length, extra) => column(name, string, extra, { length: String(length) }),
    longText: (name, extra) => (kind === 'mssql' ? column(name, 'nvarchar', extra, { length: 'MAX' }) : column(name, 'text', extra)),
    minor: (name, extra) => column(name, string, extra, { length: '24' }),
    currency: (name, extra) => column(name, fixed, extra, { length: '3' }),
    date: (name, extra) => column(name, fixed, extra, { length: '10' }),
    instant: (name, extra) =>
      kind === 'postgres'
        ? column(name, 'timestamp with time zone', extra, { precision: 3 })
        : kind === 'mssql'
          ? column(name, 'datetimeoffset', extra, { precision: 3 })
          : column(name, 'datetime', extra),
    bigint: (name, extra) => column(name, 'bigint', extra),
    integer: (name, extra) => column(name, kind === 'mssql' ? 'int' : 'integer', extra),
    flag: (name, extra) => column(name, kind === 'mssql' ? 'bit' : 'boolean', extra),
    // On SQLite an INTEGER PRIMARY KEY is the rowid, assigned increasing without the extra
    // write per row that AUTOINCREMENT costs (its sqlite_sequence bookkeeping).
    serial: (name) =>
      kind === 'sqlite'
        ? column(name, 'integer', {}, { isPrimary: true })
        : column(name, 'bigint', {}, { isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
  };
}
