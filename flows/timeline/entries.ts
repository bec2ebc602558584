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
 *
 * Writing many changes at once (recordChanges) has exactly the effect of recordChange on
 * each in order, with a constant number of statements for the movements, which are most of
 * the traffic: one select of the messages already shown, one locking select of every entry
 * the movements touch, the versions applied in memory in message order, one upsert of the
 * changed entries and one insert of the new ones (which still collides on the primary key
 * with a first version inserted at the same time elsewhere).
 */
import type { Executor } from '../../hub/store/index.js';
import { big, instant, money, optText, selectList, text, type TableSpec } from '../../hub/store/rows.js';
import { loadByKeys, selectIn, writeRows } from '../../hub/store/sql.js';
import { unreadable } from './errors.js';
import { supersedes, type MovementChange, type TimelineChange } from './mapping.js';
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

/** One message of a batch and what it means for the timeline. */
export interface ChangeItem {
  readonly change: TimelineChange;
  readonly messageId: string;
}

/**
 * Writes what several messages mean for the timeline, with the effect of recordChange on
 * each in the given order, and answers each one's outcome. Throws, and the caller's
 * transaction must then be rolled back, whenever any one of them would have thrown (an
 * entry that does not fit, even one that a later message would replace) or a statement
 * fails; handled one by one, the others can then still succeed.
 */
export async function recordChanges(ex: Executor, items: readonly ChangeItem[]): Promise<RecordOutcome[]> {
  const ids = new Set(items.map((item) => item.messageId));
  // A message id twice could be a movement and a product change that would see each other's writes.
  if (ids.size !== items.length) throw new Error('a batch of timeline changes must not repeat a message id');
  const outcomes: RecordOutcome[] = new Array<RecordOutcome>(items.length);
  const movements: MovementItem[] = [];
  items.forEach(({ change, messageId }, index) => {
    if (change.mode === 'movement') movements.push({ index, change, messageId });
  });
  const plan = await planMovements(ex, movements);
  for (const [index, outcome] of plan.outcomes) outcomes[index] = outcome;
  // Upserts first: one may take a source message id off an entry that a new entry then carries.
  await writeRows(ex, TIMELINE_ENTRY, plan.updated, 'upsert');
  await writeRows(ex, TIMELINE_ENTRY, plan.added, 'insert');
  // Product changes are rare and never touch a movement's entry: one by one, in their order.
  for (const [index, { change, messageId }] of items.entries()) {
    if (change.mode === 'product') outcomes[index] = await recordChange(ex, change, messageId);
  }
  return outcomes;
}

interface MovementItem {
  /** The message's place in the batch. */
  readonly index: number;
  readonly change: MovementChange;
  readonly messageId: string;
}

interface MovementPlan {
  readonly outcomes: ReadonlyMap<number, RecordOutcome>;
  readonly added: readonly StoredEntry[];
  readonly updated: readonly StoredEntry[];
}

/** Reads and locks what the movements touch, and applies them in memory in their order. */
async function planMovements(ex: Executor, movements: readonly MovementItem[]): Promise<MovementPlan> {
  if (movements.length === 0) return { outcomes: new Map(), added: [], updated: [] };
  // Entries showing one of these messages: the message is a duplicate while its entry still shows it.
  const shown = new Map<string, string[]>();
  for (const { entry } of await loadByKeys(ex, TIMELINE_ENTRY, 'source_message_id', movements.map((each) => each.messageId))) {
    shown.set(entry.sourceMessageId, [...(shown.get(entry.sourceMessageId) ?? []), entry.entryId]);
  }
  // Every entry a movement names, duplicates' too: a message shown before is no duplicate any
  // more once an earlier message of the batch replaced the version that showed it.
  const stored = new Map((await lockEntries(ex, movements.map((each) => each.change.entry.entryId))).map(({ entry }) => [entry.entryId, entry] as const));
  // The version of each entry as the messages so far left it; `stored` says which were in the table.
  const current = new Map(stored);
  const changed = new Set<string>();
  const outcomes = new Map<number, RecordOutcome>();
  for (const { index, change, messageId } of movements) {
    if ((shown.get(messageId) ?? []).some((entryId) => (current.get(entryId)?.sourceMessageId ?? messageId) === messageId)) {
      outcomes.set(index, 'duplicate');
      continue;
    }
    const { entryId } = change.entry;
    const before = current.get(entryId);
    if (before && !supersedes(change.entry, before)) {
      outcomes.set(index, 'unchanged');
      continue;
    }
    // The entry keeps its place in the timeline (occurredAt) whatever version it shows.
    const entry = before ? ({ ...change.entry, occurredAt: before.occurredAt } as TimelineEntry) : change.entry;
    checkColumns({ entry });
    current.set(entryId, entry);
    changed.add(entryId);
    outcomes.set(index, before ? 'updated' : 'added');
  }
  const added: StoredEntry[] = [];
  const updated: StoredEntry[] = [];
  for (const entryId of changed) (stored.has(entryId) ? updated : added).push({ entry: current.get(entryId)! });
  return { outcomes, added, updated };
}

function checkColumns(stored: StoredEntry): void {
  const problem = columnProblem(stored);
  if (problem) throw unreadable('SCHEMA_VIOLATION', `the entry does not fit the timeline: ${problem}`);
}

async function write(ex: Executor, stored: StoredEntry, mode: 'insert' | 'upsert'): Promise<void> {
  checkColumns(stored);
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

/** The stored versions of these entries, locked as lockEntry locks one (in entry id order, the same for everyone). */
async function lockEntries(ex: Executor, entryIds: readonly string[]): Promise<StoredEntry[]> {
  const { quote, selectForUpdate } = ex.dialect;
  const rows = await selectIn(ex, {
    name: `${TIMELINE_ENTRY.name}.lock`,
    values: entryIds,
    sql: (list) => selectForUpdate(TIMELINE_ENTRY.name, selectList(TIMELINE_ENTRY as TableSpec<unknown>, ex.dialect), `${quote('entry_id')} IN (${list})`, quote('entry_id')),
  });
  return rows.map((row) => TIMELINE_ENTRY.fromRow(row));
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
