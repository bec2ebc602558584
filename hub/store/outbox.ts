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
    ex.dialect.limit(`SELECT ${selectList(OUTBOX as TableSpec<unknown>, ex.dialect)} FROM ${table('outbox')} WHERE ${quote('sent_at')} IS NULL ORDER BY ${table('outbox')}.${quote('id')}`, limit),
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

/** `lead` is a condition placed before the IN list, for parameters that precede it (SQLite binds by position). */
async function updateByIds(ex: Executor, name: string, ids: readonly string[], set: string, before: unknown[], extra: string, lead = ''): Promise<number> {
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
    { name: `outbox.${name}`, before, values: ids, sql: (list) => `UPDATE ${table('outbox')} SET ${set} WHERE ${lead}${quote('id')} IN (${list}) ${extra}` },
  );
  return changed;
}

// ---------------------------------------------------------------------------------------
// Claims: several relays (hub instances) on one database. A relay claims the oldest unsent
// rows for a lease, publishes them and marks them sent; the claim transaction first locks
// one row of bus_lock, so claimers take turns, and nobody claims while another relay's
// claim is alive: batches are published one after the other, in id order, by whichever
// relay is free. A relay that dies leaves its claim to expire; the rows are then claimed
// again (and published twice at worst, which the consumers absorb).
// ---------------------------------------------------------------------------------------

/** The bus_lock row that serialises outbox claims. */
export const RELAY_LOCK = 'outbox-relay';

export interface ClaimRequest {
  /** Who claims (a hub instance's relay); at most 64 characters. */
  readonly relayId: string;
  readonly now: Date;
  readonly leaseMs: number;
  readonly limit: number;
}

/** Creates a bus_lock row once (any transaction; a no-op when it exists). */
export async function ensureLock(ex: Executor, name: string): Promise<void> {
  await ex.execute(ex.dialect.upsert('bus_lock', ['name'], ['name'], 1), [name]);
}

/**
 * Claims the oldest unsent rows for `relayId`, in id order; none while another relay's
 * claim is alive. Must run inside a transaction (Store.transaction).
 */
export async function claimPending(ex: Executor, request: ClaimRequest): Promise<OutboxMessage[]> {
  const { quote, table, param } = ex.dialect;
  if (!Number.isInteger(request.limit) || request.limit < 1) throw new RangeError('limit must be a positive whole number');
  const now = request.now.toISOString();
  await ex.query(ex.dialect.selectForUpdate('bus_lock', quote('name'), `${quote('name')} = ${param(0)}`, quote('name')), [RELAY_LOCK]);
  const busy = await ex.query(
    ex.dialect.limit(
      `SELECT ${quote('id')} FROM ${table('outbox')} WHERE ${quote('claimed_until')} > ${param(0)} AND ${quote('claimed_by')} <> ${param(1)} AND ${quote('sent_at')} IS NULL ORDER BY ${quote('id')}`,
      1,
    ),
    [now, request.relayId],
  );
  if (busy.length > 0) return [];
  const rows = await ex.query(
    ex.dialect.limit(`SELECT ${selectList(OUTBOX as TableSpec<unknown>, ex.dialect)} FROM ${table('outbox')} WHERE ${quote('sent_at')} IS NULL ORDER BY ${table('outbox')}.${quote('id')}`, request.limit),
  );
  const messages = rows.map((row) => OUTBOX.fromRow(row));
  if (messages.length === 0) return [];
  const until = new Date(request.now.getTime() + request.leaseMs).toISOString();
  await updateByIds(
    ex,
    'claim',
    messages.map((message) => message.id),
    `${quote('claimed_until')} = ${param(0)}, ${quote('claimed_by')} = ${param(1)}`,
    [until, request.relayId],
    `AND ${quote('sent_at')} IS NULL`,
  );
  return messages;
}

/** Marks claimed rows sent once the broker confirmed them, ending the claim; answers how many changed. */
export async function markClaimedSent(ex: Executor, ids: readonly string[], at: Date): Promise<number> {
  const { quote, param } = ex.dialect;
  return updateByIds(ex, 'claimed.sent', ids, `${quote('sent_at')} = ${param(0)}, ${quote('claimed_until')} = NULL`, [at.toISOString()], `AND ${quote('sent_at')} IS NULL`);
}

/** Gives claimed rows back after a failed publish, counting the attempt. */
export async function releaseClaim(ex: Executor, ids: readonly string[], relayId: string): Promise<number> {
  const { quote, param } = ex.dialect;
  const attempts = quote('attempts');
  return updateByIds(
    ex,
    'claimed.release',
    ids,
    `${attempts} = ${attempts} + 1, ${quote('claimed_until')} = NULL`,
    [relayId],
    `AND ${quote('sent_at')} IS NULL`,
    `${quote('claimed_by')} = ${param(0)} AND `,
  );
}

/** One outbox row by its event id (the last written, should a flow have emitted the same id twice). */
export async function outboxByEventId(ex: Executor, eventId: string): Promise<OutboxMessage | undefined> {
  const { quote, table, param } = ex.dialect;
  const rows = await ex.query(
    ex.dialect.limit(`SELECT ${selectList(OUTBOX as TableSpec<unknown>, ex.dialect)} FROM ${table('outbox')} WHERE ${quote('event_id')} = ${param(0)} ORDER BY ${table('outbox')}.${quote('id')} DESC`, 1),
    [eventId],
  );
  return rows[0] ? OUTBOX.fromRow(rows[0]) : undefined;
}
