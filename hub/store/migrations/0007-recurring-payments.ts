/**
 * Recurring payments (flows/recurring-payments): the standing orders the hub holds, one
 * row per payment each order made (its due date is part of the key, so a due date can
 * make one payment only), and the leases of scheduled jobs, so that one hub instance
 * fires while several run.
 *
 * Written with the QueryRunner schema API and the column types of ./columns.ts so that
 * this one class runs on SQLite, PostgreSQL and SQL Server.
 */
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor, driverKindOf } from './columns.js';

/** cmn:ShortText (140 characters), doubled as in 0001: SQL Server counts UTF-16 code units. */
const SHORT_TEXT = 280;

export class RecurringPayments1764000000007 implements MigrationInterface {
  readonly name = 'RecurringPayments1764000000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(driverKindOf(queryRunner.connection.driver.options.type));
    const nullable = { isNullable: true };
    await queryRunner.createTable(
      new Table({
        name: 'standing_order',
        columns: [
          c.id('order_id', { isPrimary: true }),
          c.id('client_id'),
          c.text('idempotency_key', 64),
          c.text('request_hash', 64),
          c.id('from_account_id'),
          c.minor('amount_minor'),
          c.currency('currency'),
          c.text('payee_name', SHORT_TEXT),
          c.text('payee_iban', 34),
          c.text('payee_bic', 11, nullable),
          c.text('remittance_information', SHORT_TEXT, nullable),
          // DAILY, WEEKLY (frequency_day: ISO weekday 1–7) or MONTHLY (frequency_day: 1–31).
          c.text('frequency', 16),
          c.integer('frequency_day', nullable),
          c.date('start_date'),
          c.date('end_date', nullable),
          // The next date that makes a payment; NULL once the order has ended.
          c.date('next_due_date', nullable),
          // ACTIVE, CANCELLED or COMPLETED (the end date passed).
          c.text('status', 16),
          c.integer('payments_made', { default: 0 }),
          c.instant('created_at'),
          c.instant('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_standing_order_key', columnNames: ['client_id', 'idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'ix_standing_order_due', columnNames: ['status', 'next_due_date'] }),
          new TableIndex({ name: 'ix_standing_order_page', columnNames: ['client_id', 'created_at', 'order_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'standing_order_payment',
        columns: [c.id('order_id', { isPrimary: true }), c.date('due_date', { isPrimary: true }), c.id('payment_id'), c.instant('created_at')],
        indices: [new TableIndex({ name: 'uq_standing_order_payment_id', columnNames: ['payment_id'], isUnique: true })],
      }),
    );
    // One row per scheduled job: who holds it and until when (taken with a conditional UPDATE).
    await queryRunner.createTable(
      new Table({
        name: 'scheduler_lease',
        columns: [c.text('name', 64, { isPrimary: true }), c.text('holder', 64, nullable), c.instant('expires_at', nullable)],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['scheduler_lease', 'standing_order_payment', 'standing_order']) await queryRunner.dropTable(table);
  }
}
