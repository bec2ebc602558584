import { expect } from 'chai';
import { DataSource } from 'typeorm';
import { resolveConnection } from '../../../hub/store/connection.js';
import { Notifications1764000000004 } from '../../../hub/store/migrations/0004-notifications.js';

describe('notifications migration on SQL Server (no server)', () => {
  it('creates its tables with T-SQL types', async () => {
    const source = new DataSource(resolveConnection({ databaseUrl: 'mssql://sa:x@localhost/hub', dataDir: '/tmp' }).options);
    const runner = source.createQueryRunner();
    runner.enableSqlMemory();
    await new Notifications1764000000004().up(runner);
    const ddl = runner.getMemorySql().upQueries.map((query) => query.query);
    expect(ddl.filter((sql) => sql.startsWith('CREATE TABLE')).map((sql) => /^CREATE TABLE "(\w+)"/.exec(sql)?.[1])).to.deep.equal(['notification_delivery', 'notification_preference']);
    const all = ddl.join('\n');
    expect(all).to.not.match(/\b(varchar|text|timestamp|boolean|datetime)\b(?!offset)/i);
    expect(all).to.contain('"content" nvarchar(MAX) NOT NULL');
    expect(all).to.contain('"next_attempt_at" datetimeoffset(3) NOT NULL');
    expect(all).to.contain('CONSTRAINT "PK_');
    expect(all).to.contain('CREATE INDEX "ix_notification_delivery_due" ON "notification_delivery" ("status", "next_attempt_at")');
    expect(runner.getMemorySql().downQueries.map((query) => query.query).filter((sql) => sql.startsWith('DROP TABLE'))).to.have.length(2);
  });
});
