/**
 * Statements on one TypeORM QueryRunner, batched: a list of rows becomes a few multi-row
 * INSERT/upsert statements and a list of keys a few `IN (…)` selects, never one statement
 * per row. Statement texts are cached by shape; on SQLite the shapes are kept few (chunks
 * of powers of two, IN lists padded to a power of two) so that better-sqlite3's prepared
 * statement cache keeps hitting.
 */
import type { QueryRunner } from 'typeorm';
import type { Dialect } from './dialect.js';
import { encodeValue, selectList, type Row, type TableSpec } from './rows.js';

export interface Executor {
  readonly dialect: Dialect;
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a statement and answers how many rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
}

export function executorOn(runner: QueryRunner, dialect: Dialect): Executor {
  return {
    dialect,
    query: async (sql, params = []) => {
      const result = await runner.query(sql, params as unknown[], true);
      return (result.records ?? []) as Row[];
    },
    execute: async (sql, params = []) => {
      const result = await runner.query(sql, params as unknown[], true);
      return result.affected ?? 0;
    },
  };
}

const statements = new WeakMap<Dialect, Map<string, string>>();
/** Rows per array statement on PostgreSQL. */
const ARRAY_ROWS = 5000;

function cached(dialect: Dialect, key: string, build: () => string): string {
  let cache = statements.get(dialect);
  if (!cache) statements.set(dialect, (cache = new Map()));
  let sql = cache.get(key);
  if (sql === undefined) cache.set(key, (sql = build()));
  return sql;
}

/** Sizes of the statements that carry `count` items of `width` parameters each. */
export function chunkSizes(dialect: Dialect, count: number, width: number): number[] {
  const cap = Math.max(1, Math.min(dialect.maxRows, Math.floor(dialect.maxParams / Math.max(1, width))));
  const sizes: number[] = [];
  let left = count;
  const top = dialect.fewShapes ? 2 ** Math.floor(Math.log2(Math.min(cap, 256))) : cap;
  while (left > 0) {
    const size = dialect.fewShapes ? Math.min(top, 2 ** Math.floor(Math.log2(left))) : Math.min(cap, left);
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/** Inserts (or, with `upsert`, inserts or replaces) records with as few statements as the limits allow. */
export async function writeRows<R>(ex: Executor, spec: TableSpec<R>, records: readonly R[], mode: 'insert' | 'upsert'): Promise<void> {
  if (records.length === 0) return;
  const { dialect } = ex;
  const names = spec.columns.map(([name]) => name);
  const kinds = spec.columns.map(([, kind]) => kind);
  if (dialect.arrays) {
    // One array per column: a constant statement text whatever the number of rows.
    const sql = cached(dialect, `arrays:${mode}:${spec.name}`, () => dialect.arrays!(spec.name, spec.columns, mode === 'upsert' ? spec.keys : undefined));
    for (let offset = 0; offset < records.length; offset += ARRAY_ROWS) {
      const columns: unknown[][] = kinds.map(() => []);
      for (let index = offset; index < Math.min(records.length, offset + ARRAY_ROWS); index += 1) {
        const values = spec.toRow(records[index]!);
        for (let column = 0; column < kinds.length; column += 1) columns[column]!.push(encodeValue(kinds[column]!, values[column]));
      }
      await ex.query(sql, columns);
    }
    return;
  }
  let offset = 0;
  for (const size of chunkSizes(dialect, records.length, names.length)) {
    const sql = cached(dialect, `${mode}:${spec.name}:${size}`, () =>
      mode === 'upsert' ? dialect.upsert(spec.name, names, spec.keys, size) : dialect.insert(spec.name, names, size),
    );
    const params: unknown[] = [];
    for (let index = offset; index < offset + size; index += 1) {
      const values = spec.toRow(records[index]!);
      for (let column = 0; column < kinds.length; column += 1) params.push(encodeValue(kinds[column]!, values[column]));
    }
    await ex.query(sql, params);
    offset += size;
  }
}

export interface InSelect {
  /** The statement, given the `IN (…)` list and the position of its first parameter. */
  readonly sql: (inList: string, first: number) => string;
  /** Parameters before the list. */
  readonly before?: readonly unknown[];
  readonly values: readonly string[];
  /** A name for the statement cache. */
  readonly name: string;
}

/** Runs a select once per chunk of values; on SQLite lists are padded by repeating the last value. */
export async function selectIn(ex: Executor, select: InSelect): Promise<Row[]> {
  const values = [...new Set(select.values)];
  if (values.length === 0) return [];
  const { dialect } = ex;
  const before = select.before ?? [];
  const rows: Row[] = [];
  const cap = Math.min(dialect.maxRows, dialect.maxParams - before.length);
  for (let offset = 0; offset < values.length; offset += cap) {
    const part = values.slice(offset, offset + cap);
    // Padding repeats a value already in the list, which changes no result.
    const size = dialect.fewShapes ? Math.min(cap, 2 ** Math.ceil(Math.log2(part.length))) : part.length;
    while (part.length < size) part.push(part[part.length - 1]!);
    const sql = cached(dialect, `in:${select.name}:${size}`, () => {
      const list = part.map((_, index) => dialect.param(before.length + index)).join(', ');
      return select.sql(list, before.length);
    });
    rows.push(...(await ex.query(sql, [...before, ...part])));
  }
  return rows;
}

/** Records of a table whose key column is one of `keys`. */
export async function loadByKeys<R>(ex: Executor, spec: TableSpec<R>, keyColumn: string, keys: readonly string[]): Promise<R[]> {
  const rows = await selectIn(ex, {
    name: `${spec.name}.${keyColumn}`,
    values: keys,
    sql: (list) => `SELECT ${selectList(spec as TableSpec<unknown>, ex.dialect)} FROM ${ex.dialect.table(spec.name)} WHERE ${ex.dialect.quote(keyColumn)} IN (${list})`,
  });
  return rows.map((row) => spec.fromRow(row));
}
