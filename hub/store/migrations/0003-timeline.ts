/**
 * The client's timeline (flows/timeline): one row per thing that happened to the client
 * and is worth showing in a channel's activity feed, read newest first in keyset pages.
 *
 * Written with the QueryRunner schema API and the column types of ./columns.ts so that
 * this one class runs on SQLite, PostgreSQL and SQL Server.
 *
 * - entry_id is the primary key and is derived from what the entry is about (an account
 *   entry's account and entryReference, a payment's id, otherwise the source message id),
 *   so a message handled twice finds its entry instead of adding one.
 * - source_message_id is unique: the message whose content the entry shows now.
 * - subject, source_sequence and state let the flow compare a product's new state with
 *   the one its previous entry showed (a card status sent again makes no new entry).
 * - No foreign keys to the projections: the timeline keeps what the client was shown even
 *   when a product is gone from them.
 */
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor, driverKindOf } from './columns.js';

export class Timeline1764000000003 implements MigrationInterface {
  readonly name = 'Timeline1764000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(driverKindOf(queryRunner.connection.driver.options.type));
    const nullable = { isNullable: true };
    await queryRunner.createTable(
      new Table({
        name: 'timeline_entry',
        columns: [
          c.id('entry_id', { isPrimary: true }),
          c.id('client_id'),
          // Where the entry stands in the timeline: when it first happened. Never moved
          // afterwards, so that a client paging through the timeline sees it once.
          c.instant('occurred_at'),
          // When the version the entry shows happened (a pending entry's booking, a payment's completion).
          c.instant('updated_at'),
          c.text('kind', 32),
          c.text('status', 32, nullable),
          c.minor('amount_minor', nullable),
          c.currency('currency', nullable),
          c.text('credit_debit', 4, nullable),
          c.id('account_id', nullable),
          c.id('entry_reference', nullable),
          c.id('card_id', nullable),
          c.id('transfer_id', nullable),
          c.id('loan_id', nullable),
          c.id('deposit_id', nullable),
          c.id('application_id', nullable),
          c.id('payment_id', nullable),
          // The kind's structured fields as JSON; amounts in them as wire decimal strings.
          c.longText('details'),
          c.id('source_message_id'),
          c.text('subject', 80, nullable),
          c.bigint('source_sequence', nullable),
          c.longText('state', nullable),
        ],
        indices: [
          new TableIndex({ name: 'ix_timeline_entry_page', columnNames: ['client_id', 'occurred_at', 'entry_id'] }),
          new TableIndex({ name: 'uq_timeline_entry_source', columnNames: ['source_message_id'], isUnique: true }),
          new TableIndex({ name: 'ix_timeline_entry_subject', columnNames: ['subject', 'source_sequence'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('timeline_entry');
  }
}
