/**
 * The few SQL forms that differ between SQLite, PostgreSQL and SQL Server, for the
 * statements the store writes by hand: placeholders, multi-row upserts (ON CONFLICT versus
 * MERGE), row locks, row limits, and reading 64-bit integers exactly. Everything else is
 * plain SQL that all three understand. Identifiers are always double-quoted (SQL Server
 * runs with QUOTED_IDENTIFIER ON through its driver).
 */
import type { DriverKind } from './migrations/columns.js';

/** How a column's values are bound (see tables.ts). */
export type ValueKind = 'text' | 'bigint' | 'instant' | 'flag' | 'int';

export interface Dialect {
  readonly kind: DriverKind;
  /** Most bind parameters in one statement (SQL Server: 2100, less a margin). */
  readonly maxParams: number;
  /** Most rows in one VALUES list (SQL Server: 1000). */
  readonly maxRows: number;
  /**
   * Whether to keep the number of distinct statement texts small, so that prepared
   * statements are reused (SQLite through better-sqlite3 caches them by text).
   */
  readonly fewShapes: boolean;
  /** Quoted, schema-qualified table name. */
  table(name: string): string;
  quote(name: string): string;
  /** Placeholder of the parameter at this 0-based position. */
  param(index: number): string;
  /** A select-list item that reads a 64-bit integer column as a decimal string. */
  bigintAsText(column: string): string;
  insert(table: string, columns: readonly string[], rows: number): string;
  /** Inserts rows, replacing every non-key column of a row whose key exists. */
  upsert(table: string, columns: readonly string[], keys: readonly string[], rows: number): string;
  /**
   * PostgreSQL only: the same insert or upsert taking one array parameter per column
   * (`unnest`), so that its text and plan do not grow with the number of rows.
   */
  arrays?(table: string, columns: readonly (readonly [string, ValueKind])[], keys: readonly string[] | undefined): string;
  /** SELECT … FROM table [hint] WHERE …, locking the rows it reads until the commit. */
  selectForUpdate(table: string, columns: string, where: string, orderBy: string): string;
  /** A SELECT with ORDER BY, limited to `rows` rows. */
  limit(select: string, rows: number): string;
}

export function createDialect(kind: DriverKind, schema?: string): Dialect {
  const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
  const table = (name: string): string => (schema && kind !== 'sqlite' ? `${quote(schema)}.${quote(name)}` : quote(name));
  const param = kind === 'postgres' ? (index: number) => `$${index + 1}` : kind === 'mssql' ? (index: number) => `@${index}` : () => '?';
  const valuesList = (columns: number, rows: number): string => {
    const tuples: string[] = [];
    for (let row = 0; row < rows; row += 1) {
      const items: string[] = [];
      for (let column = 0; column < columns; column += 1) items.push(param(row * columns + column));
      tuples.push(`(${items.join(', ')})`);
    }
    return tuples.join(', ');
  };
  const columnList = (columns: readonly string[]): string => columns.map(quote).join(', ');
  const insert = (name: string, columns: readonly string[], rows: number): string =>
    `INSERT INTO ${table(name)} (${columnList(columns)}) VALUES ${valuesList(columns.length, rows)}`;

  if (kind === 'mssql') {
    return {
      kind,
      maxParams: 2000,
      maxRows: 1000,
      fewShapes: false,
      table,
      quote,
      param,
      bigintAsText: (column) => quote(column),
      insert,
      upsert: (name, columns, keys, rows) => {
        const updates = columns.filter((column) => !keys.includes(column));
        const on = keys.map((key) => `t.${quote(key)} = s.${quote(key)}`).join(' AND ');
        const set = updates.map((column) => `t.${quote(column)} = s.${quote(column)}`).join(', ');
        return (
          `MERGE INTO ${table(name)} WITH (HOLDLOCK) AS t USING (VALUES ${valuesList(columns.length, rows)}) AS s (${columnList(columns)}) ON ${on}` +
          (set ? ` WHEN MATCHED THEN UPDATE SET ${set}` : '') +
          ` WHEN NOT MATCHED THEN INSERT (${columnList(columns)}) VALUES (${columns.map((column) => `s.${quote(column)}`).join(', ')});`
        );
      },
      selectForUpdate: (name, columns, where, orderBy) => `SELECT ${columns} FROM ${table(name)} WITH (UPDLOCK, HOLDLOCK) WHERE ${where} ORDER BY ${orderBy}`,
      limit: (select, rows) => `${select} OFFSET 0 ROWS FETCH NEXT ${Math.trunc(rows)} ROWS ONLY`,
    };
  }

  return {
    kind,
    // SQLite's default limit is 32766 variables; PostgreSQL's is 65535.
    maxParams: kind === 'sqlite' ? 32_000 : 60_000,
    maxRows: 1000,
    fewShapes: kind === 'sqlite',
    table,
    quote,
    param,
    // better-sqlite3 returns integers as JS numbers, exact only up to 2^53.
    bigintAsText: (column) => (kind === 'sqlite' ? `CAST(${quote(column)} AS TEXT) AS ${quote(column)}` : quote(column)),
    insert,
    upsert: (name, columns, keys, rows) => {
      const updates = columns.filter((column) => !keys.includes(column));
      const action = updates.length ? `DO UPDATE SET ${updates.map((column) => `${quote(column)} = excluded.${quote(column)}`).join(', ')}` : 'DO NOTHING';
      return `${insert(name, columns, rows)} ON CONFLICT (${columnList(keys)}) ${action}`;
    },
    ...(kind === 'postgres'
      ? {
          arrays: (name: string, columns: readonly (readonly [string, ValueKind])[], keys: readonly string[] | undefined) => {
            const names = columns.map(([column]) => column);
            const arrays = columns.map(([, valueKind], index) => `${param(index)}::${PG_ARRAY_TYPES[valueKind]}`).join(', ');
            const insert = `INSERT INTO ${table(name)} (${columnList(names)}) SELECT * FROM unnest(${arrays})`;
            if (!keys) return insert;
            const updates = names.filter((column) => !keys.includes(column));
            const action = updates.length ? `DO UPDATE SET ${updates.map((column) => `${quote(column)} = excluded.${quote(column)}`).join(', ')}` : 'DO NOTHING';
            return `${insert} ON CONFLICT (${columnList(keys)}) ${action}`;
          },
        }
      : {}),
    // SQLite has one writer at a time: the transaction itself is the lock.
    selectForUpdate: (name, columns, where, orderBy) =>
      `SELECT ${columns} FROM ${table(name)} WHERE ${where} ORDER BY ${orderBy}${kind === 'postgres' ? ' FOR UPDATE' : ''}`,
    limit: (select, rows) => `${select} LIMIT ${Math.trunc(rows)}`,
  };
}

const PG_ARRAY_TYPES: Readonly<Record<ValueKind, string>> = { text: 'text[]', bigint: 'bigint[]', instant: 'timestamptz[]', flag: 'boolean[]', int: 'integer[]' };
