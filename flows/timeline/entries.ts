/**
 * The timeline_entry table (hub/store/migrations/0003-timeline.ts): how an entry maps to
 * its columns and back, and the statements the flow writes with, on the flow's own
 * transaction through the store's dialect-aware executor.
 *
 * Writing one change (recordChange) is safe to repeat and to race:
 * - a message whose entry exists (source_message_id) changes nothing;
 * - a movement's stored version is read with a row lock and replaced only by a version
 *   that supersedes it; two first versions inserted at once collide on the primary key,
 *   and the loser's transaction fails with a retryable error and then finds the winner's;
 * - a product change is compared with the product's previous entry in sequence order.
 */
import type { Executor } from '../../hub/store/index.js';
import { big, instant, money, optText, selectList, text, type TableSpec } from '../../hub/store/rows.js';
import { writeRows } from '../../hub/store/sql.js';
import { unreadable } from './errors.js';
import { supersedes, type TimelineChange } from './mapping.js';
import type { TimelineEntry, TimelineKind, TimelineReferences } from './types.js';

/** The columns that let a product's next change be compared with its last entry. */
export interface Tracking {
  readonly subject: string;
  readonly sequence: bigint;
  readonly state: string;
}

export interface StoredEntry {
  readonly entry: TimelineEntry;
  readonly tracking?: Tracking;
}

const REFERENCE_COLUMNS: readonly (readonly [keyof TimelineReferences, string])[] = [
  ['accountId', 'account_id'],
  ['entryReference', 'entry_reference'],
  ['cardId', 'card_id'],
  ['transferId', 'transfer_id'],
  ['loanId', 'loan_id'],
  ['depositId', 'deposit_id'],
  ['applicationId', 'application_id'],
  ['paymentId', 'payment_id'],
];

export const TIMELINE_ENTRY: TableSpec<StoredEntry> = {
  name: 'timeline_entry',
  keys: ['entry_id'],
  columns: [
    ['entry_id', 'text'],
    ['client_id', 'text'],
    ['occurred_at', 'instant'],
    ['updated_at', 'instant'],
    ['kind', 'text'],
    ['status', 'text'],
    ['amount_minor', 'text'],
    ['currency', 'text'],
    ['credit_debit', 'text'],
    ...REFERENCE_COLUMNS.map(([, column]) => [column, 'text'] as const),
    ['details', 'text'],
    ['source_message_id', 'text'],
    ['subject', 'text'],
    ['source_sequence', 'bigint'],
    ['state', 'text'],
  ],
  toRow: ({ entry, tracking }) => [
    entry.entryId,
    entry.clientId,
    entry.occurredAt,
    entry.updatedAt,
    entry.kind,
    entry.status,
    entry.amount?.minor.toString(),
    entry.amount?.currency,
    entry.creditDebitIndicator,
    ...REFERENCE_COLUMNS.map(([field]) => entry.references[field]),
    JSON.stringify(entry.details),
    entry.sourceMessageId,
    tracking?.subject,
    tracking?.sequence,
    tracking?.state,
  ],
  fromRow: (row) => {
    const references: Record<string, string> = {};
    for (const [field, column] of REFERENCE_COLUMNS) {
      const value = optText(row, column);
      if (value !== undefined) references[field] = value;
    }
    const status = optText(row, 'status');
    const direction = optText(row, 'credit_debit');
    const subject = optText(row, 'subject');
    const entry = {
      entryId: text(row, 'entry_id'),
      clientId: text(row, 'client_id'),
      kind: text(row, 'kind') as TimelineKind,
      occurredAt: instant(row, 'occurred_at'),
      updatedAt: instant(row, 'updated_at'),
      ...(status !== undefined ? { status } : {}),
      ...(optText(row, 'amount_minor') !== undefined ? { amount: money(row, 'amount_minor', 'currency') } : {}),
      ...(direction !== undefined ? { creditDebitIndicator: direction as 'CRDT' | 'DBIT' } : {}),
      references,
      details: JSON.parse(text(row, 'details')) as unknown,
      sourceMessageId: text(row, 'source_message_id'),
    } as TimelineEntry;
    return subject === undefined ? { entry } : { entry, tracking: { subject, sequence: big(row, 'source_sequence'), state: text(row, 'state') } };
  },
};

export type RecordOutcome = 'added' | 'updated' | 'unchanged' | 'duplicate';

/** The widths of the migration's text columns; a longer value would fail the insert on some databases. */
const WIDTHS: ReadonlyMap<string, number> = new Map([
  ['client_id', 64],
  ['status', 32],
  ['source_message_id', 64],
  ...REFERENCE_COLUMNS.map(([, column]) => [column, 64] as const),
]);

/** Why an entry does not fit its columns, or undefined. */
function columnProblem(stored: StoredEntry): string | undefined {
  const values = TIMELINE_ENTRY.toRow(stored);
  for (let index = 0; index < values.length; index += 1) {
    const [column] = TIMELINE_ENTRY.columns[index]!;
    const width = WIDTHS.get(column);
    const value = values[index];
    if (width !== undefined && typeof value === 'string' && (value.length === 0 || value.length > width)) {
      return `${column} must be 1 to ${width} characters, got ${value.length}`;
    }
  }
  return undefined;
}

/**
 * Writes what one message means for the timeline (see the file header for why it is safe
 * to repeat); throws a permanent SCHEMA_VIOLATION FlowError, before writing anything, when
 * the entry would not fit its columns.
 */
export async function recordChange(ex: Executor, change: TimelineChange, messageId: string): Promise<RecordOutcome> {
  if (await hasMessage(ex, messageId)) return 'duplicate';
  if (change.mode === 'movement') {
    const stored = await lockEntry(ex, change.entry.entryId);
    if (!stored) {
      await write(ex, { entry: change.entry }, 'insert');
      return 'added';
    }
    if (!supersedes(change.entry, stored.entry)) return 'unchanged';
    // The entry keeps its place in the timeline (occurredAt) whatever version it shows.
    await write(ex, { entry: { ...change.entry, occurredAt: stored.entry.occurredAt } as TimelineEntry }, 'upsert');
    return 'updated';
  }
  const entry = change.entryFor(await previousState(ex, change.subject, change.sequence));
  if (!entry) return 'unchanged';
  await write(ex, { entry, tracking: { subject: change.subject, sequence: change.sequence, state: change.state } }, 'insert');
  return 'added';
}

async function write(ex: Executor, stored: StoredEntry, mode: 'insert' | 'upsert'): Promise<void> {
  const problem = columnProblem(stored);
  if (problem) throw unreadable('SCHEMA_VIOLATION', `the entry does not fit the timeline: ${problem}`);
  await writeRows(ex, TIMELINE_ENTRY, [stored], mode);
}

async function hasMessage(ex: Executor, messageId: string): Promise<boolean> {
  const { quote, param, table } = ex.dialect;
  const rows = await ex.query(`SELECT ${quote('entry_id')} FROM ${table(TIMELINE_ENTRY.name)} WHERE ${quote('source_message_id')} = ${param(0)}`, [messageId]);
  return rows.length > 0;
}

async function lockEntry(ex: Executor, entryId: string): Promise<StoredEntry | undefined> {
  const { quote, param, selectForUpdate } = ex.dialect;
  const rows = await ex.query(
    selectForUpdate(TIMELINE_ENTRY.name, selectList(TIMELINE_ENTRY as TableSpec<unknown>, ex.dialect), `${quote('entry_id')} = ${param(0)}`, quote('entry_id')),
    [entryId],
  );
  return rows[0] ? TIMELINE_ENTRY.fromRow(rows[0]) : undefined;
}

/** The state of the product's entry just before this sequence, when there is one. */
async function previousState(ex: Executor, subject: string, sequence: bigint): Promise<string | undefined> {
  const { quote, param, table, limit } = ex.dialect;
  const rows = await ex.query(
    limit(
      `SELECT ${quote('state')} FROM ${table(TIMELINE_ENTRY.name)} WHERE ${quote('subject')} = ${param(0)} AND ${quote('source_sequence')} < ${param(1)} ORDER BY ${quote('source_sequence')} DESC`,
      1,
    ),
    [subject, sequence.toString()],
  );
  return rows[0] ? text(rows[0], 'state') : undefined;
}
