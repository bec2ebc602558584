/**
 * The ChangeTransaction of one database transaction: list reads and one batched write of
 * a whole ChangeSet, in an order that satisfies the foreign keys (aggregate state before
 * resync requests, processed events before outbox rows, accounts before their entries).
 */
import type { Executor } from './sql.js';
import { loadByKeys, selectIn, writeRows } from './sql.js';
import {
  ACCOUNT,
  AGGREGATE_STATE,
  APPLICATION,
  CARD,
  CLIENT,
  DEPOSIT,
  LOAN,
  OUTBOX_INSERT,
  PROCESSED_EVENT,
  RESYNC_REQUEST,
  TRANSACTION,
} from './tables.js';
import { selectList, text, type TableSpec } from './rows.js';
import { aggregateKey, type AggregateState, type AggregateType, type ChangeSet, type ChangeTransaction } from './types.js';

export function changeTransaction(ex: Executor): ChangeTransaction {
  const { dialect } = ex;
  const q = dialect.quote;
  return {
    async processedEventIds(eventIds) {
      const rows = await selectIn(ex, {
        name: 'processed_event.ids',
        values: eventIds,
        sql: (list) => `SELECT ${q('event_id')} FROM ${dialect.table('processed_event')} WHERE ${q('event_id')} IN (${list})`,
      });
      return new Set(rows.map((row) => text(row, 'event_id')));
    },

    async lockAggregates(sourceSystem, refs) {
      const byType = new Map<AggregateType, string[]>();
      for (const ref of refs) {
        const ids = byType.get(ref.aggregateType) ?? [];
        ids.push(ref.aggregateId);
        byType.set(ref.aggregateType, ids);
      }
      const states = new Map<string, AggregateState>();
      // Locks are taken in one order (type, then id) so that two batches cannot deadlock.
      for (const type of [...byType.keys()].sort()) {
        const ids = [...new Set(byType.get(type))].sort();
        const rows = await selectIn(ex, {
          name: 'aggregate_state.lock',
          before: [sourceSystem, type],
          values: ids,
          sql: (list) =>
            dialect.selectForUpdate(
              'aggregate_state',
              selectList(AGGREGATE_STATE as TableSpec<unknown>, dialect),
              `${q('source_system')} = ${dialect.param(0)} AND ${q('aggregate_type')} = ${dialect.param(1)} AND ${q('aggregate_id')} IN (${list})`,
              q('aggregate_id'),
            ),
        });
        for (const row of rows) {
          const state = AGGREGATE_STATE.fromRow(row);
          states.set(aggregateKey(state), state);
        }
      }
      return states;
    },

    async accounts(accountIds) {
      return new Map((await loadByKeys(ex, ACCOUNT, 'account_id', accountIds)).map((record) => [record.accountId, record]));
    },

    async clients(clientIds) {
      return new Map((await loadByKeys(ex, CLIENT, 'client_id', clientIds)).map((record) => [record.clientId, record]));
    },

    async write(changes: ChangeSet) {
      await writeRows(ex, AGGREGATE_STATE, changes.aggregates, 'upsert');
      await writeRows(ex, PROCESSED_EVENT, changes.processed, 'insert');
      await writeRows(ex, CLIENT, changes.clients, 'upsert');
      await writeRows(ex, ACCOUNT, changes.accounts, 'upsert');
      await writeRows(ex, TRANSACTION, changes.transactions, 'upsert');
      await writeRows(ex, CARD, changes.cards, 'upsert');
      await writeRows(ex, LOAN, changes.loans, 'upsert');
      await writeRows(ex, DEPOSIT, changes.deposits, 'upsert');
      await writeRows(ex, APPLICATION, changes.applications, 'upsert');
      await writeRows(ex, OUTBOX_INSERT, changes.outbox, 'insert');
      await writeRows(ex, RESYNC_REQUEST, changes.resyncRequests, 'insert');
    },
  };
}

/** An empty ChangeSet, to fill. */
export function emptyChangeSet(): { -readonly [K in keyof ChangeSet]: ChangeSet[K] extends readonly (infer R)[] ? R[] : never } {
  return { clients: [], accounts: [], transactions: [], cards: [], loans: [], deposits: [], applications: [], aggregates: [], processed: [], outbox: [], resyncRequests: [] };
}
