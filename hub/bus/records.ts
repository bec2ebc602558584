/**
 * The bus's rows in the store, transport-independent: the ids each flow has processed
 * (its idempotency), the retry state of a failing delivery (for an event's journey) and
 * the dead letters operators work with. Plain dialect-aware SQL on the store's Executor.
 */
import { instant, omitUndefined, optText, text, selectList, type Row, type TableSpec } from '../store/rows.js';
import { selectIn, writeRows, type Executor } from '../store/sql.js';
import type { DeadLetter } from './types.js';

/** A reason as kept: the column holds 2000 characters. */
export function clip(reason: string, max = 2000): string {
  return reason.length > max ? `${reason.slice(0, max - 1)}…` : reason;
}

export const DEAD_LETTER: TableSpec<DeadLetter> = {
  name: 'dead_letter',
  keys: ['flow', 'message_id'],
  columns: [
    ['flow', 'text'],
    ['message_id', 'text'],
    ['routing_key', 'text'],
    ['body', 'text'],
    ['traceparent', 'text'],
    ['ordering_key', 'text'],
    ['code', 'text'],
    ['reason', 'text'],
    ['attempts', 'int'],
    ['first_failed_at', 'instant'],
    ['dead_at', 'instant'],
  ],
  toRow: (r) => [r.flow, r.messageId, r.routingKey, r.body, r.traceparent, r.orderingKey, clip(r.code, 64), clip(r.reason), r.attempts, r.firstFailedAt, r.deadAt],
  fromRow: (row) =>
    omitUndefined({
      flow: text(row, 'flow'),
      messageId: text(row, 'message_id'),
      routingKey: text(row, 'routing_key'),
      body: text(row, 'body'),
      traceparent: optText(row, 'traceparent'),
      orderingKey: optText(row, 'ordering_key'),
      code: text(row, 'code'),
      reason: text(row, 'reason'),
      attempts: Number(row.attempts),
      firstFailedAt: instant(row, 'first_failed_at'),
      deadAt: instant(row, 'dead_at'),
    }),
};

export interface RetryRecord {
  readonly flow: string;
  readonly messageId: string;
  /** Attempts made so far. */
  readonly attempts: number;
  readonly code: string;
  readonly reason: string;
  readonly firstFailedAt: Date;
  readonly nextAttemptAt: Date;
}

export const FLOW_RETRY: TableSpec<RetryRecord> = {
  name: 'flow_retry',
  keys: ['flow', 'message_id'],
  columns: [
    ['flow', 'text'],
    ['message_id', 'text'],
    ['attempts', 'int'],
    ['code', 'text'],
    ['reason', 'text'],
    ['first_failed_at', 'instant'],
    ['next_attempt_at', 'instant'],
  ],
  toRow: (r) => [r.flow, r.messageId, r.attempts, clip(r.code, 64), clip(r.reason), r.firstFailedAt, r.nextAttemptAt],
  fromRow: (row) => ({
    flow: text(row, 'flow'),
    messageId: text(row, 'message_id'),
    attempts: Number(row.attempts),
    code: text(row, 'code'),
    reason: text(row, 'reason'),
    firstFailedAt: instant(row, 'first_failed_at'),
    nextAttemptAt: instant(row, 'next_attempt_at'),
  }),
};

interface Processed {
  readonly flow: string;
  readonly messageId: string;
  readonly processedAt: Date;
}

const FLOW_PROCESSED: TableSpec<Processed> = {
  name: 'flow_processed',
  keys: ['flow', 'message_id'],
  columns: [
    ['flow', 'text'],
    ['message_id', 'text'],
    ['processed_at', 'instant'],
  ],
  toRow: (r) => [r.flow, r.messageId, r.processedAt],
  fromRow: (row) => ({ flow: text(row, 'flow'), messageId: text(row, 'message_id'), processedAt: instant(row, 'processed_at') }),
};

const where = (ex: Executor, ...columns: string[]): string => columns.map((column, index) => `${ex.dialect.quote(column)} = ${ex.dialect.param(index)}`).join(' AND ');

/** Whether the flow processed this message before. */
export async function wasProcessed(ex: Executor, flow: string, messageId: string): Promise<boolean> {
  const rows = await ex.query(`SELECT 1 AS ${ex.dialect.quote('found')} FROM ${ex.dialect.table('flow_processed')} WHERE ${where(ex, 'flow', 'message_id')}`, [flow, messageId]);
  return rows.length > 0;
}

/**
 * Records the messages as processed by the flow. Inside the handler's transaction: a
 * concurrent handling of the same message (a redelivery to another instance) fails on
 * the primary key and rolls back, and its delivery is retried, then seen as processed.
 */
export async function recordProcessed(ex: Executor, flow: string, messageIds: readonly string[], at: Date): Promise<void> {
  await writeRows(
    ex,
    FLOW_PROCESSED,
    messageIds.map((messageId) => ({ flow, messageId, processedAt: at })),
    'insert',
  );
}

export async function processedAt(ex: Executor, messageId: string): Promise<Map<string, Date>> {
  const rows = await ex.query(
    `SELECT ${selectList(FLOW_PROCESSED as TableSpec<unknown>, ex.dialect)} FROM ${ex.dialect.table('flow_processed')} WHERE ${where(ex, 'message_id')}`,
    [messageId],
  );
  return new Map(rows.map((row) => [text(row, 'flow'), instant(row, 'processed_at')]));
}

export async function recordRetry(ex: Executor, retry: RetryRecord): Promise<void> {
  await writeRows(ex, FLOW_RETRY, [retry], 'upsert');
}

export async function clearRetry(ex: Executor, flow: string, messageId: string): Promise<void> {
  await ex.execute(`DELETE FROM ${ex.dialect.table('flow_retry')} WHERE ${where(ex, 'flow', 'message_id')}`, [flow, messageId]);
}

export async function retriesOf(ex: Executor, messageId: string): Promise<RetryRecord[]> {
  const rows = await ex.query(`SELECT ${selectList(FLOW_RETRY as TableSpec<unknown>, ex.dialect)} FROM ${ex.dialect.table('flow_retry')} WHERE ${where(ex, 'message_id')}`, [messageId]);
  return rows.map((row) => FLOW_RETRY.fromRow(row));
}

/** Keeps a dead letter (replacing an earlier one of the same message and flow) and ends its retry state. */
export async function recordDeadLetter(ex: Executor, letter: DeadLetter): Promise<void> {
  await writeRows(ex, DEAD_LETTER, [letter], 'upsert');
  await clearRetry(ex, letter.flow, letter.messageId);
}

export async function deadLetter(ex: Executor, flow: string, messageId: string): Promise<DeadLetter | undefined> {
  const rows = await ex.query(
    `SELECT ${selectList(DEAD_LETTER as TableSpec<unknown>, ex.dialect)} FROM ${ex.dialect.table('dead_letter')} WHERE ${where(ex, 'flow', 'message_id')}`,
    [flow, messageId],
  );
  return rows[0] ? DEAD_LETTER.fromRow(rows[0]) : undefined;
}

export async function deadLettersOf(ex: Executor, messageId: string): Promise<DeadLetter[]> {
  const rows = await ex.query(`SELECT ${selectList(DEAD_LETTER as TableSpec<unknown>, ex.dialect)} FROM ${ex.dialect.table('dead_letter')} WHERE ${where(ex, 'message_id')}`, [messageId]);
  return rows.map((row) => DEAD_LETTER.fromRow(row));
}

export async function removeDeadLetter(ex: Executor, flow: string, messageId: string): Promise<boolean> {
  return (await ex.execute(`DELETE FROM ${ex.dialect.table('dead_letter')} WHERE ${where(ex, 'flow', 'message_id')}`, [flow, messageId])) > 0;
}

export interface DeadLetterPage {
  readonly items: readonly DeadLetter[];
  /** Opaque: pass back as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

/**
 * Dead letters newest first (by dead_at, then flow and message id), optionally of one flow,
 * `limit` at a time; `after` is the `next` of the previous page.
 */
export async function listDeadLetters(ex: Executor, query: { readonly flow?: string; readonly after?: string; readonly limit: number }): Promise<DeadLetterPage> {
  const { quote, param, table } = ex.dialect;
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: (offset: number) => string) => string, ...values: unknown[]): void => {
    const first = params.length;
    conditions.push(sql((offset) => param(first + offset)));
    params.push(...values);
  };
  if (query.flow !== undefined) add((p) => `${quote('flow')} = ${p(0)}`, query.flow);
  if (query.after !== undefined) {
    const cursor = decodeCursor(query.after);
    // (dead_at, flow, message_id) < cursor, spelt out: SQL Server has no row comparison.
    add(
      (p) =>
        `(${quote('dead_at')} < ${p(0)} OR (${quote('dead_at')} = ${p(1)} AND (${quote('flow')} < ${p(2)} OR (${quote('flow')} = ${p(3)} AND ${quote('message_id')} < ${p(4)}))))`,
      cursor.deadAt,
      cursor.deadAt,
      cursor.flow,
      cursor.flow,
      cursor.messageId,
    );
  }
  const sql = ex.dialect.limit(
    `SELECT ${selectList(DEAD_LETTER as TableSpec<unknown>, ex.dialect)} FROM ${table('dead_letter')}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY ${quote('dead_at')} DESC, ${quote('flow')} DESC, ${quote('message_id')} DESC`,
    query.limit + 1,
  );
  const rows: Row[] = await ex.query(sql, params);
  const items = rows.slice(0, query.limit).map((row) => DEAD_LETTER.fromRow(row));
  const last = items.at(-1);
  return rows.length > query.limit && last ? { items, next: encodeCursor(last) } : { items };
}

/** Dead letters per flow. */
export async function countDeadLetters(ex: Executor): Promise<Record<string, number>> {
  const { quote, table } = ex.dialect;
  const rows = await ex.query(`SELECT ${quote('flow')}, COUNT(*) AS ${quote('n')} FROM ${table('dead_letter')} GROUP BY ${quote('flow')}`);
  return Object.fromEntries(rows.map((row) => [text(row, 'flow'), Number(row.n)]));
}

/** Which of these messages the flow has processed. */
export async function processedAmong(ex: Executor, flow: string, messageIds: readonly string[]): Promise<Set<string>> {
  const rows = await selectIn(ex, {
    name: 'flow_processed.among',
    before: [flow],
    values: messageIds,
    sql: (list) => `SELECT ${ex.dialect.quote('message_id')} FROM ${ex.dialect.table('flow_processed')} WHERE ${ex.dialect.quote('flow')} = ${ex.dialect.param(0)} AND ${ex.dialect.quote('message_id')} IN (${list})`,
  });
  return new Set(rows.map((row) => text(row, 'message_id')));
}

interface Cursor {
  readonly deadAt: string;
  readonly flow: string;
  readonly messageId: string;
}

function encodeCursor(letter: DeadLetter): string {
  return Buffer.from(JSON.stringify([letter.deadAt.toISOString(), letter.flow, letter.messageId])).toString('base64url');
}

/** Throws RangeError on a cursor this code did not write. */
export function decodeCursor(value: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((part) => typeof part === 'string') && !Number.isNaN(Date.parse(parsed[0] as string))) {
      const [deadAt, flow, messageId] = parsed as [string, string, string];
      return { deadAt, flow, messageId };
    }
  } catch {
    // answered below
  }
  throw new RangeError('the cursor is not one this API returned');
}
