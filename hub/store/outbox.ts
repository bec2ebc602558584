/**
 * The outbox as the relay sees it: rows written in the same transaction as the change
 * they announce, read in id order, marked sent once the broker confirmed them.
 */
import { selectIn, type Executor } from './sql.js';
import { selectList, type TableSpec } from './rows.js';
import { OUTBOX } from './tables.js';
import type { OutboxMessage } from './types.js';

export async function outboxDepth(ex: Executor): Promise<number> {
  const { quote, table } = ex.dialect;
  const [row] = await ex.query(`SELECT COUNT(*) AS ${quote('depth')} FROM ${table('outbox')} WHERE ${quote('sent_at')} IS NULL`);
  return Number(row?.depth ?? 0);
}

/** The oldest unsent messages, at most `limit`. */
export async function pendingMessages(ex: Executor, limit: number): Promise<OutboxMessage[]> {
  const { quote, table } = ex.dialect;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive whole number');
  const rows = await ex.query(
    ex.dialect.limit(`SELECT ${selectList(OUTBOX as TableSpec<unknown>, ex.dialect)} FROM ${table('outbox')} WHERE ${quote('sent_at')} IS NULL ORDER BY ${quote('id')}`, limit),
  );
  return rows.map((row) => OUTBOX.fromRow(row));
}

/** Marks messages sent (those not sent yet); answers how many changed. */
export async function markSent(ex: Executor, ids: readonly string[], at: Date): Promise<number> {
  return updateByIds(ex, 'sent', ids, `${ex.dialect.quote('sent_at')} = ${ex.dialect.param(0)}`, [at.toISOString()], `AND ${ex.dialect.quote('sent_at')} IS NULL`);
}

/** Counts a failed delivery attempt of these messages. */
export async function markFailed(ex: Executor, ids: readonly string[]): Promise<number> {
  const attempts = ex.dialect.quote('attempts');
  return updateByIds(ex, 'failed', ids, `${attempts} = ${attempts} + 1`, [], `AND ${ex.dialect.quote('sent_at')} IS NULL`);
}

async function updateByIds(ex: Executor, name: string, ids: readonly string[], set: string, before: unknown[], extra: string): Promise<number> {
  let changed = 0;
  const { quote, table } = ex.dialect;
  // selectIn only builds and runs the statement; an UPDATE returns no rows, so count separately.
  await selectIn(
    {
      ...ex,
      query: async (sql, params) => {
        changed += await ex.execute(sql, params);
        return [];
      },
    },
    { name: `outbox.${name}`, before, values: ids, sql: (list) => `UPDATE ${table('outbox')} SET ${set} WHERE ${quote('id')} IN (${list}) ${extra}` },
  );
  return changed;
}
