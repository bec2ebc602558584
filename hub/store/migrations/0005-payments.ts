/**
 * The payments flow's tables (flows/payments): one row per payment a channel submitted,
 * and its status history.
 *
 * Written with the QueryRunner schema API and the column types of ./columns.ts so that it
 * runs on SQLite, PostgreSQL and SQL Server, like the migrations before it.
 *
 * - payment_id is the primary key and the idempotency key of the CoreBanking transfer.
 * - (client_id, idempotency_key) is unique: the Platform API's Idempotency-Key is per
 *   client; request_hash tells a repeated request from another body under the same key.
 * - decisions keeps the fraud rules' verdicts as JSON (rule, outcome, reason).
 * - payment_status is append-only: one row per status the payment reached, in order.
 * - No foreign keys to the projections: a payment stays readable whatever happens to the
 *   account afterwards.
 */
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor, driverKindOf } from './columns.js';

export class Payments1764000000005 implements MigrationInterface {
  readonly name = 'Payments1764000000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(driverKindOf(queryRunner.connection.driver.options.type));
    const nullable = { isNullable: true };
    await queryRunner.createTable(
      new Table({
        name: 'payment',
        columns: [
          c.id('payment_id', { isPrimary: true }),
          c.id('client_id'),
          c.text('idempotency_key', 128),
          // SHA-256 (hex) of the normalised request: the same key with another body is a conflict.
          c.text('request_hash', 64),
          c.id('account_id'),
          c.minor('amount_minor'),
          c.currency('currency'),
          c.text('payee_name', 140),
          c.text('payee_iban', 34),
          c.text('payee_bic', 11, nullable),
          c.text('remittance_information', 140, nullable),
          c.text('channel', 16),
          c.date('requested_execution_date', nullable),
          // REQUESTED → ACCEPTED → EXECUTING → COMPLETED, or REJECTED, or FAILED.
          c.text('status', 16),
          c.text('reason_code', 40, nullable),
          c.text('reason', 1000, nullable),
          c.id('transfer_id', nullable),
          c.longText('decisions', nullable),
          c.instant('created_at'),
          c.instant('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_payment_idempotency', columnNames: ['client_id', 'idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'ix_payment_client_created', columnNames: ['client_id', 'created_at', 'payment_id'] }),
          new TableIndex({ name: 'ix_payment_client_payee', columnNames: ['client_id', 'payee_iban'] }),
          new TableIndex({ name: 'ix_payment_transfer', columnNames: ['transfer_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'payment_status',
        columns: [
          c.id('payment_id', { isPrimary: true }),
          c.integer('seq', { isPrimary: true }),
          c.text('status', 16),
          c.text('reason_code', 40, nullable),
          c.text('reason', 1000, nullable),
          c.instant('occurred_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['payment_status', 'payment']) await queryRunner.dropTable(table);
  }
}
