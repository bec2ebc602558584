/**
 * The notifications flow's tables: one delivery row per (notification, channel), written
 * in the flow's transaction and worked off by the sender loop, and each client's channel
 * preferences per category (a missing row means the category's default).
 *
 * Written with the QueryRunner schema API and the column types of ./columns.ts so that it
 * runs on SQLite, PostgreSQL and SQL Server, like the first migration.
 */
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnsFor, driverKindOf } from './columns.js';

export class Notifications1764000000004 implements MigrationInterface {
  readonly name = 'Notifications1764000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(driverKindOf(queryRunner.connection.driver.options.type));
    const nullable = { isNullable: true };

    await queryRunner.createTable(
      new Table({
        name: 'notification_delivery',
        columns: [
          // Derived from the bus message id, so handling a message again finds its rows.
          c.id('notification_id', { isPrimary: true }),
          c.text('channel', 8, { isPrimary: true }),
          c.id('client_id'),
          c.text('kind', 40),
          c.text('category', 16),
          c.text('language', 16),
          // E-mail address, E.164 phone number, or the client id for push.
          c.text('address', 254),
          // The rendered message as JSON: rendered once, so every attempt sends the same.
          c.longText('content'),
          // pending → sending → sent | failed (sending again pending after a retryable failure).
          c.text('status', 16),
          c.integer('attempts', { default: 0 }),
          c.instant('next_attempt_at'),
          // While sending: when another sender may take the row over.
          c.instant('lease_until', nullable),
          c.text('last_error', 1000, nullable),
          c.text('provider_reference', 200, nullable),
          c.instant('created_at'),
          c.instant('sent_at', nullable),
        ],
        indices: [
          new TableIndex({ name: 'ix_notification_delivery_due', columnNames: ['status', 'next_attempt_at'] }),
          new TableIndex({ name: 'ix_notification_delivery_client', columnNames: ['client_id', 'created_at'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'notification_preference',
        columns: [
          c.id('client_id', { isPrimary: true }),
          c.text('category', 16, { isPrimary: true }),
          // Comma-separated channels ("email,push"); empty: none.
          c.text('channels', 32),
          c.instant('updated_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['notification_preference', 'notification_delivery']) await queryRunner.dropTable(table);
  }
}
