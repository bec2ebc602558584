/**
 * The applications flow's table (flows/applications): one row per product application a
 * client submitted through the Platform API, written by the command together with its
 * `application.submitted` outbox message and moved on by the flow once the CRM answered.
 *
 * Written with the QueryRunner schema API and the column types of ./columns.ts so that
 * this one class runs on SQLite, PostgreSQL and SQL Server.
 *
 * - application_id is the hub's id, also the idempotency key of CreateApplication; the
 *   CRM's own id (crm_application_id) is recorded once the CRM created the application,
 *   and is the key of the `application` projection its status changes arrive in.
 * - (client_id, idempotency_key) is unique: a channel's retry finds the first submission;
 *   request_hash tells a repeat from another request under the same key.
 */
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor, driverKindOf } from './columns.js';

export class Applications1764000000006 implements MigrationInterface {
  readonly name = 'Applications1764000000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(driverKindOf(queryRunner.connection.driver.options.type));
    const nullable = { isNullable: true };
    await queryRunner.createTable(
      new Table({
        name: 'application_request',
        columns: [
          c.id('application_id', { isPrimary: true }),
          c.id('client_id'),
          c.text('idempotency_key', 64),
          c.text('request_hash', 64),
          c.text('product_type', 32),
          // The request as the client sent it, validated (amounts as wire decimal strings).
          c.longText('request'),
          // SUBMITTED until the CRM answered; then the CRM's status, or REJECTED with a reason.
          c.text('status', 32),
          c.text('reason_code', 64, nullable),
          c.longText('reason', nullable),
          c.id('crm_application_id', nullable),
          c.instant('submitted_at'),
          c.instant('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_application_request_key', columnNames: ['client_id', 'idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'ix_application_request_page', columnNames: ['client_id', 'submitted_at', 'application_id'] }),
          new TableIndex({ name: 'ix_application_request_crm', columnNames: ['crm_application_id'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('application_request');
  }
}
