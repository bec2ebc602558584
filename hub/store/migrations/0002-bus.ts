/**
 * The bus's tables: the outbox relay's claims, the ids each flow has processed, the
 * embedded transport's per-flow queue, the retry state of flows and the dead letters that
 * operators list, replay and discard whatever the transport.
 *
 * The outbox loses its foreign key to processed_event: flows emit messages through the
 * outbox too (commands, notifications), and those have no change event behind them.
 *
 * Same style as 0001: the QueryRunner schema API and ./columns.ts, so that one class runs
 * on SQLite, PostgreSQL and SQL Server.
 */
import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor, driverKindOf } from './columns.js';

/** Flow names: 'timeline', 'payments', … (queue names add a prefix and suffixes). */
const FLOW_NAME = 64;
/** Routing keys on dbp.events. */
const ROUTING_KEY = 100;
/** An error's message as kept for operators. */
const REASON = 2000;

export class BusSchema1764000000002 implements MigrationInterface {
  readonly name = 'BusSchema1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const kind = driverKindOf(queryRunner.connection.driver.options.type);
    const c = columnsFor(kind);
    const nullable = { isNullable: true };

    // SQLite rebuilds a table to change it, so it needs the table as it is; the others alter
    // it in place by name, without reading the catalog (so the T-SQL can be generated offline).
    const outbox = kind === 'sqlite' ? await queryRunner.getTable('outbox') : new Table({ name: 'outbox' });
    if (!outbox) throw new Error('the outbox table is missing; migration 0001 must run first');
    const foreignKey =
      kind === 'sqlite'
        ? outbox.foreignKeys.find((key) => key.name === 'fk_outbox_event')
        : new TableForeignKey({ name: 'fk_outbox_event', columnNames: ['event_id'], referencedTableName: 'processed_event', referencedColumnNames: ['event_id'] });
    if (foreignKey) await queryRunner.dropForeignKey(outbox, foreignKey);
    // A relay claims rows for a while (a lease) before it publishes them, so that hub
    // instances sharing the database do not publish the same rows.
    await queryRunner.addColumns(kind === 'sqlite' ? 'outbox' : outbox, [new TableColumn(c.instant('claimed_until', nullable)), new TableColumn(c.text('claimed_by', FLOW_NAME, nullable))]);
    await queryRunner.createIndex(kind === 'sqlite' ? 'outbox' : outbox, new TableIndex({ name: 'ix_outbox_claimed', columnNames: ['claimed_until'] }));

    // One row per named lock (the outbox relay's claim): claimers lock it in turn.
    await queryRunner.createTable(new Table({ name: 'bus_lock', columns: [c.text('name', FLOW_NAME, { isPrimary: true })] }));

    await queryRunner.createTable(
      new Table({
        name: 'flow_processed',
        columns: [c.text('flow', FLOW_NAME, { isPrimary: true }), c.id('message_id', { isPrimary: true }), c.instant('processed_at')],
        indices: [new TableIndex({ name: 'ix_flow_processed_at', columnNames: ['processed_at'] })],
      }),
    );

    // A delivery that failed and waits for its next attempt (shown in an event's journey).
    await queryRunner.createTable(
      new Table({
        name: 'flow_retry',
        columns: [
          c.text('flow', FLOW_NAME, { isPrimary: true }),
          c.id('message_id', { isPrimary: true }),
          c.integer('attempts'),
          c.text('code', FLOW_NAME),
          c.text('reason', REASON),
          c.instant('first_failed_at'),
          c.instant('next_attempt_at'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'dead_letter',
        columns: [
          c.text('flow', FLOW_NAME, { isPrimary: true }),
          c.id('message_id', { isPrimary: true }),
          c.text('routing_key', ROUTING_KEY),
          c.longText('body'),
          c.text('traceparent', 55, nullable),
          c.text('ordering_key', 200, nullable),
          c.text('code', FLOW_NAME),
          c.text('reason', REASON),
          c.integer('attempts'),
          c.instant('first_failed_at'),
          c.instant('dead_at'),
        ],
        indices: [new TableIndex({ name: 'ix_dead_letter_flow_at', columnNames: ['flow', 'dead_at'] })],
      }),
    );

    // The embedded transport's queues: one row per message and flow until it is handled.
    await queryRunner.createTable(
      new Table({
        name: 'bus_message',
        columns: [
          c.serial('id'),
          c.text('flow', FLOW_NAME),
          c.id('message_id'),
          c.text('routing_key', ROUTING_KEY),
          c.longText('body'),
          c.text('traceparent', 55, nullable),
          // Messages with the same key are delivered one at a time, in id order (ordered flows).
          c.text('ordering_key', 200, nullable),
          c.integer('attempts'),
          c.instant('available_at'),
          c.instant('claimed_until', nullable),
          c.instant('first_failed_at', nullable),
          c.instant('published_at'),
        ],
        indices: [
          new TableIndex({ name: 'ix_bus_message_due', columnNames: ['flow', 'available_at', 'id'] }),
          new TableIndex({ name: 'ix_bus_message_order', columnNames: ['flow', 'ordering_key', 'id'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['bus_message', 'dead_letter', 'flow_retry', 'flow_processed', 'bus_lock']) await queryRunner.dropTable(table);
    await queryRunner.dropIndex('outbox', 'ix_outbox_claimed');
    await queryRunner.dropColumns('outbox', ['claimed_by', 'claimed_until']);
  }
}
