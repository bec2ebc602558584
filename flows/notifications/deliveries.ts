/**
 * The delivery rows (table notification_delivery, migration 0004): one per notification
 * and channel, written by the flow's handler in the bus's transaction, then claimed, sent
 * and settled by the sender loop in short transactions of their own, never around a send.
 *
 * Claiming is a conditional UPDATE on the row's status and attempt count, so that when
 * several hub processes run senders exactly one of them takes each row, on every database,
 * without row-lock syntax. Settling repeats the condition, so a sender whose lease ran out
 * and whose row another sender took over cannot overwrite that sender's result.
 */
import { big, instant, omitUndefined, optInstant, optText, selectList, text, type Row, type TableSpec } from '../../hub/store/rows.js';
import { writeRows, selectIn, type Executor } from '../../hub/store/sql.js';
import type { Category, Channel, Content, NotificationKind } from './model.js';

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface DeliveryRecord {
  readonly notificationId: string;
  readonly channel: Channel;
  readonly clientId: string;
  readonly kind: NotificationKind;
  readonly category: Category;
  readonly language: string;
  readonly address: string;
  readonly content: Content;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly leaseUntil?: Date;
  readonly lastError?: string;
  readonly providerReference?: string;
  readonly createdAt: Date;
  readonly sentAt?: Date;
}

/** The key providers see as the idempotency key, and mail as its Message-ID: stable for the row. */
export function deliveryKey(record: Pick<DeliveryRecord, 'notificationId' | 'channel'>): string {
  return `${record.notificationId}:${record.channel}`;
}

export const DELIVERY: TableSpec<DeliveryRecord> = {
  name: 'notification_delivery',
  keys: ['notification_id', 'channel'],
  columns: [
    ['notification_id', 'text'],
    ['channel', 'text'],
    ['client_id', 'text'],
    ['kind', 'text'],
    ['category', 'text'],
    ['language', 'text'],
    ['address', 'text'],
    ['content', 'text'],
    ['status', 'text'],
    ['attempts', 'int'],
    ['next_attempt_at', 'instant'],
    ['lease_until', 'instant'],
    ['last_error', 'text'],
    ['provider_reference', 'text'],
    ['created_at', 'instant'],
    ['sent_at', 'instant'],
  ],
  toRow: (r) => [
    r.notificationId,
    r.channel,
    r.clientId,
    r.kind,
    r.category,
    r.language,
    r.address,
    JSON.stringify(r.content),
    r.status,
    r.attempts,
    r.nextAttemptAt,
    r.leaseUntil,
    r.lastError,
    r.providerReference,
    r.createdAt,
    r.sentAt,
  ],
  fromRow: (row: Row) =>
    omitUndefined({
      notificationId: text(row, 'notification_id'),
      channel: text(row, 'channel') as Channel,
      clientId: text(row, 'client_id'),
      kind: text(row, 'kind') as NotificationKind,
      category: text(row, 'category') as Category,
      language: text(row, 'language'),
      address: text(row, 'address'),
      content: JSON.parse(text(row, 'content')) as Content,
      status: text(row, 'status') as DeliveryStatus,
      attempts: Number(big(row, 'attempts')),
      nextAttemptAt: instant(row, 'next_attempt_at'),
      leaseUntil: optInstant(row, 'lease_until'),
      lastError: optText(row, 'last_error'),
      providerReference: optText(row, 'provider_reference'),
      createdAt: instant(row, 'created_at'),
      sentAt: optInstant(row, 'sent_at'),
    }),
};

const columns = (ex: Executor): string => selectList(DELIVERY as TableSpec<unknown>, ex.dialect);

/** Those of these notifications that already have delivery rows, in one select per list (a notification is recorded whole, all its channels at once). */
export async function recordedNotifications(ex: Executor, notificationIds: readonly string[]): Promise<Set<string>> {
  const { quote, table } = ex.dialect;
  const rows = await selectIn(ex, {
    name: 'notification_delivery.recorded',
    values: notificationIds,
    sql: (list) => `SELECT DISTINCT ${quote('notification_id')} FROM ${table(DELIVERY.name)} WHERE ${quote('notification_id')} IN (${list})`,
  });
  return new Set(rows.map((row) => text(row, 'notification_id')));
}

export async function insertDeliveries(ex: Executor, records: readonly DeliveryRecord[]): Promise<void> {
  await writeRows(ex, DELIVERY, records, 'insert');
}

/** A client's deliveries, newest first (for support and tests). */
export async function deliveriesOf(ex: Executor, clientId: string, limit = 100): Promise<DeliveryRecord[]> {
  const { quote, table, param } = ex.dialect;
  const rows = await ex.query(
    ex.dialect.limit(`SELECT ${columns(ex)} FROM ${table(DELIVERY.name)} WHERE ${quote('client_id')} = ${param(0)} ORDER BY ${quote('created_at')} DESC, ${quote('notification_id')}, ${quote('channel')}`, limit),
    [clientId],
  );
  return rows.map((row) => DELIVERY.fromRow(row));
}

export async function deliveriesOfNotifications(ex: Executor, notificationIds: readonly string[]): Promise<DeliveryRecord[]> {
  const rows = await selectIn(ex, {
    name: 'notification_delivery.notification_id',
    values: notificationIds,
    sql: (list) => `SELECT ${columns(ex)} FROM ${ex.dialect.table(DELIVERY.name)} WHERE ${ex.dialect.quote('notification_id')} IN (${list})`,
  });
  return rows.map((row) => DELIVERY.fromRow(row));
}

/** Rows due now: pending ones whose time has come, and sending ones whose sender's lease ran out. */
export async function dueDeliveries(ex: Executor, now: Date, limit: number): Promise<DeliveryRecord[]> {
  const { quote, table, param } = ex.dialect;
  const at = now.toISOString();
  const rows = await ex.query(
    ex.dialect.limit(
      `SELECT ${columns(ex)} FROM ${table(DELIVERY.name)} WHERE (${quote('status')} = 'pending' AND ${quote('next_attempt_at')} <= ${param(0)})` +
        ` OR (${quote('status')} = 'sending' AND ${quote('lease_until')} <= ${param(1)}) ORDER BY ${quote('next_attempt_at')}, ${quote('notification_id')}, ${quote('channel')}`,
      limit,
    ),
    [at, at],
  );
  return rows.map((row) => DELIVERY.fromRow(row));
}

/** The condition that the row is still as this sender saw it. */
function unchanged(ex: Executor, record: Pick<DeliveryRecord, 'notificationId' | 'channel' | 'status' | 'attempts'>, first: number): { sql: string; params: unknown[] } {
  const { quote, param } = ex.dialect;
  return {
    sql: `${quote('notification_id')} = ${param(first)} AND ${quote('channel')} = ${param(first + 1)} AND ${quote('status')} = ${param(first + 2)} AND ${quote('attempts')} = ${param(first + 3)}`,
    params: [record.notificationId, record.channel, record.status, record.attempts],
  };
}

/**
 * Takes due rows for one attempt each, in one statement; answers how many it took. Each is
 * taken only if it is still as this sender read it, so a number below the rows' count means
 * another sender took some first (the caller then rolls back and claims one by one).
 */
export async function claimAll(ex: Executor, records: readonly DeliveryRecord[], leaseUntil: Date): Promise<number> {
  if (records.length === 0) return 0;
  const { quote, table, param } = ex.dialect;
  const conditions = records.map((record, index) => unchanged(ex, record, 1 + index * 4));
  return ex.execute(
    `UPDATE ${table(DELIVERY.name)} SET ${quote('status')} = 'sending', ${quote('attempts')} = ${quote('attempts')} + 1, ${quote('lease_until')} = ${param(0)} WHERE ${conditions.map((each) => `(${each.sql})`).join(' OR ')}`,
    [leaseUntil.toISOString(), ...conditions.flatMap((each) => each.params)],
  );
}

/** Takes a due row for one attempt; false when another sender took it first. */
export async function claim(ex: Executor, record: DeliveryRecord, leaseUntil: Date): Promise<boolean> {
  const { quote, table, param } = ex.dialect;
  const where = unchanged(ex, record, 2);
  const changed = await ex.execute(
    `UPDATE ${table(DELIVERY.name)} SET ${quote('status')} = 'sending', ${quote('attempts')} = ${param(0)}, ${quote('lease_until')} = ${param(1)} WHERE ${where.sql}`,
    [record.attempts + 1, leaseUntil.toISOString(), ...where.params],
  );
  return changed === 1;
}

export type Settlement =
  | { readonly status: 'sent'; readonly at: Date; readonly providerReference?: string }
  | { readonly status: 'pending'; readonly nextAttemptAt: Date; readonly error: string }
  | { readonly status: 'failed'; readonly error: string };

/** Records the outcome of the attempt `claimed` (the row as claimed: status sending, attempts counted). */
export async function settle(ex: Executor, claimed: Pick<DeliveryRecord, 'notificationId' | 'channel' | 'status' | 'attempts'>, outcome: Settlement): Promise<boolean> {
  const { quote, table, param } = ex.dialect;
  const where = unchanged(ex, claimed, 4);
  const [set, values] =
    outcome.status === 'sent'
      ? [`${quote('sent_at')} = ${param(1)}, ${quote('provider_reference')} = ${param(2)}, ${quote('last_error')} = ${param(3)}`, [outcome.at.toISOString(), outcome.providerReference ?? null, null]]
      : outcome.status === 'pending'
        ? [`${quote('next_attempt_at')} = ${param(1)}, ${quote('last_error')} = ${param(2)}, ${quote('lease_until')} = ${param(3)}`, [outcome.nextAttemptAt.toISOString(), clip(outcome.error), null]]
        : [`${quote('last_error')} = ${param(1)}, ${quote('lease_until')} = ${param(2)}, ${quote('provider_reference')} = ${param(3)}`, [clip(outcome.error), null, null]];
  const changed = await ex.execute(`UPDATE ${table(DELIVERY.name)} SET ${quote('status')} = ${param(0)}, ${set} WHERE ${where.sql}`, [outcome.status, ...values, ...where.params]);
  return changed === 1;
}

/** Counts by status, for health and metrics. */
export async function deliveryCounts(ex: Executor): Promise<Record<DeliveryStatus, number>> {
  const { quote, table } = ex.dialect;
  const rows = await ex.query(`SELECT ${quote('status')}, COUNT(*) AS ${quote('n')} FROM ${table(DELIVERY.name)} GROUP BY ${quote('status')}`);
  const counts: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[text(row, 'status') as DeliveryStatus] = Number(row.n);
  return counts;
}

const MAX_ERROR = 1000;
function clip(error: string): string {
  return error.length > MAX_ERROR ? `${error.slice(0, MAX_ERROR - 1)}…` : error;
}
