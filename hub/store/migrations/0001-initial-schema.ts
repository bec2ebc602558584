/**
 * The store's first schema: the projections the Platform API serves, the ordering state
 * of every aggregate, the processed event ids, the outbox and the resync requests.
 *
 * Written with the QueryRunner schema API and the column types of ./columns.ts so that
 * this one class runs on SQLite, PostgreSQL and SQL Server. Projections have no foreign
 * keys to each other on purpose: the back offices publish independently, so an account
 * may arrive before its client. Text lengths of cmn:ShortText (140 characters) are
 * doubled, since SQL Server counts UTF-16 code units.
 */
import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { columnsFor, driverKindOf } from './columns.js';

const SHORT_TEXT = 280;

export class InitialSchema1764000000001 implements MigrationInterface {
  readonly name = 'InitialSchema1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(driverKindOf(queryRunner.connection.driver.options.type));
    const nullable = { isNullable: true };
    const versioned: TableColumnOptions[] = [c.bigint('version'), c.instant('as_of')];
    const balance = (type: string): TableColumnOptions[] => [c.minor(`${type}_minor`, nullable), c.instant(`${type}_as_of`, nullable)];
    const byClient = (table: string): TableIndex => new TableIndex({ name: `ix_${table}_client`, columnNames: ['client_id'] });

    await queryRunner.createTable(
      new Table({
        name: 'client',
        columns: [
          c.id('client_id', { isPrimary: true }),
          c.text('given_name', SHORT_TEXT, nullable),
          c.text('middle_name', SHORT_TEXT, nullable),
          c.text('family_name', SHORT_TEXT, nullable),
          c.text('language', 16, nullable),
          c.text('kyc_status', 32, nullable),
          c.longText('contacts', nullable),
          ...versioned,
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'account',
        columns: [
          c.id('account_id', { isPrimary: true }),
          c.id('client_id'),
          c.currency('currency'),
          ...balance('booked'),
          ...balance('available'),
          ...balance('blocked'),
          ...versioned,
        ],
        indices: [byClient('account')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'account_transaction',
        columns: [
          c.id('account_id', { isPrimary: true }),
          c.id('entry_reference', { isPrimary: true }),
          c.id('client_id'),
          c.text('status', 16),
          c.text('kind', 32),
          c.minor('amount_minor'),
          c.currency('currency'),
          c.text('credit_debit', 4),
          c.minor('original_amount_minor', nullable),
          c.currency('original_currency', nullable),
          c.date('booking_date', nullable),
          c.date('value_date'),
          // The date the statement is ordered by: booking date, or value date while pending.
          c.date('entry_date'),
          c.text('counterparty_name', SHORT_TEXT, nullable),
          c.text('counterparty_iban', 34, nullable),
          c.text('counterparty_bic', 11, nullable),
          c.text('remittance_information', SHORT_TEXT, nullable),
          c.text('merchant_category_code', 4, nullable),
          c.id('card_id', nullable),
          c.id('transfer_id', nullable),
          c.id('reversal_of', nullable),
          c.minor('balance_after_minor', nullable),
          c.currency('balance_after_currency', nullable),
          ...versioned,
        ],
        indices: [new TableIndex({ name: 'ix_account_transaction_page', columnNames: ['account_id', 'entry_date', 'entry_reference'] })],
        foreignKeys: [
          new TableForeignKey({ name: 'fk_account_transaction_account', columnNames: ['account_id'], referencedTableName: 'account', referencedColumnNames: ['account_id'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'card',
        columns: [
          c.id('card_id', { isPrimary: true }),
          c.id('client_id'),
          c.text('masked_pan', 19),
          c.text('status', 16),
          c.text('reason', SHORT_TEXT, nullable),
          ...versioned,
        ],
        indices: [byClient('card')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'loan',
        columns: [
          c.id('loan_id', { isPrimary: true }),
          c.id('client_id'),
          c.text('status', 16),
          c.minor('outstanding_minor'),
          c.currency('currency'),
          // The schedule as JSON: an array of cmn:Installment with wire amounts.
          c.longText('schedule'),
          ...versioned,
        ],
        indices: [byClient('loan')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'deposit',
        columns: [
          c.id('deposit_id', { isPrimary: true }),
          c.id('client_id'),
          c.text('status', 16),
          c.minor('principal_minor'),
          c.minor('accrued_interest_minor'),
          c.currency('currency'),
          c.text('interest_rate', 24),
          c.date('maturity_date'),
          ...versioned,
        ],
        indices: [byClient('deposit')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'application',
        columns: [
          c.id('application_id', { isPrimary: true }),
          c.id('client_id'),
          c.text('product_type', 32),
          c.text('status', 32),
          c.text('reason', SHORT_TEXT, nullable),
          c.id('product_id', nullable),
          ...versioned,
        ],
        indices: [byClient('application')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'aggregate_state',
        columns: [
          c.text('source_system', 16, { isPrimary: true }),
          c.text('aggregate_type', 16, { isPrimary: true }),
          c.id('aggregate_id', { isPrimary: true }),
          c.bigint('last_sequence'),
          c.flag('resync_pending'),
          // When the hub applied the last event.
          c.instant('as_of', nullable),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'processed_event',
        columns: [
          c.id('event_id', { isPrimary: true }),
          c.text('source_system', 16),
          c.text('aggregate_type', 16),
          c.id('aggregate_id'),
          c.bigint('sequence'),
          c.instant('processed_at'),
        ],
        indices: [new TableIndex({ name: 'ix_processed_event_at', columnNames: ['processed_at'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'outbox',
        columns: [
          c.serial('id'),
          c.id('event_id'),
          c.text('routing_key', 100),
          c.longText('payload'),
          c.instant('created_at'),
          c.instant('sent_at', nullable),
          c.integer('attempts', { default: 0 }),
        ],
        indices: [new TableIndex({ name: 'ix_outbox_pending', columnNames: ['sent_at', 'id'] })],
        foreignKeys: [
          new TableForeignKey({ name: 'fk_outbox_event', columnNames: ['event_id'], referencedTableName: 'processed_event', referencedColumnNames: ['event_id'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'resync_request',
        columns: [
          c.id('resync_id', { isPrimary: true }),
          c.text('source_system', 16),
          c.text('aggregate_type', 16),
          c.id('aggregate_id'),
          c.text('origin', 16),
          c.text('reason', SHORT_TEXT, nullable),
          c.instant('requested_at'),
          c.instant('completed_at', nullable),
        ],
        indices: [new TableIndex({ name: 'ix_resync_request_aggregate', columnNames: ['source_system', 'aggregate_type', 'aggregate_id'] })],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_resync_request_aggregate',
            columnNames: ['source_system', 'aggregate_type', 'aggregate_id'],
            referencedTableName: 'aggregate_state',
            referencedColumnNames: ['source_system', 'aggregate_type', 'aggregate_id'],
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['resync_request', 'outbox', 'processed_event', 'aggregate_state', 'application', 'deposit', 'loan', 'card', 'account_transaction', 'account', 'client']) {
      await queryRunner.dropTable(table);
    }
  }
}
