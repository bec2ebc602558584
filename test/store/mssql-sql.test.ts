/**
 * SQL Server without a server: the migration's DDL as TypeORM's own mssql QueryRunner
 * generates it (SQL-in-memory mode, no connection), and the T-SQL of every statement the
 * store runs for a batch of 1000 events, a statement page and the outbox, captured from
 * the real code paths. The live SQL Server suites run only when MSSQL_URL is set.
 */
import { expect } from 'chai';
import { DataSource } from 'typeorm';
import { applyEvents } from '../../hub/events/apply.js';
import { changeTransaction } from '../../hub/store/changes.js';
import { resolveConnection } from '../../hub/store/connection.js';
import { createDialect } from '../../hub/store/dialect.js';
import { MIGRATIONS } from '../../hub/store/migrations/index.js';
import { markSent, outboxDepth, pendingMessages } from '../../hub/store/outbox.js';
import { readClientOverview, readTransactions } from '../../hub/store/readers.js';
import type { Executor } from '../../hub/store/sql.js';
import type { Row } from '../../hub/store/rows.js';
import { balanceChanged, cardStatusChanged, clientDataChanged, depositChanged, loanScheduleChanged, transactionPosted } from './support.js';

interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

function capturing(dialect = createDialect('mssql'), answers: (sql: string) => Row[] = () => []): { ex: Executor; statements: Statement[] } {
  const statements: Statement[] = [];
  return {
    statements,
    ex: {
      dialect,
      query: async (sql, params = []) => {
        statements.push({ sql, params });
        return answers(sql);
      },
      execute: async (sql, params = []) => {
        statements.push({ sql, params });
        return 0;
      },
    },
  };
}

/** What holds for every statement sent to SQL Server. */
function expectTsql(statement: Statement): void {
  const { sql, params } = statement;
  expect(params.length, sql.slice(0, 80)).to.be.at.most(2100);
  const placeholders = [...sql.matchAll(/@(\d+)/g)].map((match) => Number(match[1]));
  expect(new Set(placeholders).size, 'every parameter is used').to.equal(params.length);
  expect(Math.max(-1, ...placeholders)).to.equal(params.length - 1);
  expect(sql).to.not.match(/\$\d|\?|\bLIMIT\b|ON CONFLICT|FOR UPDATE|\bexcluded\./i);
  expect(sql.split('(').length, 'balanced parentheses').to.equal(sql.split(')').length);
  for (const value of params) expect(['string', 'number', 'boolean'].includes(typeof value) || value === null, `parameter ${String(value)}`).to.equal(true);
}

describe('store SQL for SQL Server (no server)', () => {
  it('uses the placeholders of TypeORM’s mssql driver, and a URL gives a DataSource without connecting', () => {
    const { options, kind, location } = resolveConnection({ databaseUrl: 'mssql://hub:s%40cret@db.bank.example:1444/hub?trustServerCertificate=true', dataDir: '/tmp' });
    expect(kind).to.equal('mssql');
    expect(location).to.not.contain('s%40cret');
    expect(options).to.deep.include({ type: 'mssql', host: 'db.bank.example', port: 1444, username: 'hub', password: 's@cret', database: 'hub' });
    const source = new DataSource(options);
    expect(source.isInitialized).to.equal(false);
    expect(source.driver.createParameter('value', 0)).to.equal(createDialect('mssql').param(0));
    expect(source.driver.createParameter('value', 7)).to.equal('@7');
  });

  it('creates the schema with T-SQL types: nvarchar, datetimeoffset, bit, IDENTITY, nvarchar(MAX)', async () => {
    const source = new DataSource(resolveConnection({ databaseUrl: 'mssql://sa:x@localhost/hub', dataDir: '/tmp' }).options);
    const runner = source.createQueryRunner();
    runner.enableSqlMemory();
    for (const Migration of MIGRATIONS) await new Migration().up(runner);
    const ddl = runner.getMemorySql().upQueries.map((query) => query.query);
    const tables = ddl.filter((sql) => sql.startsWith('CREATE TABLE')).map((sql) => /^CREATE TABLE "(\w+)"/.exec(sql)?.[1]);
    expect(tables).to.deep.equal([
      ...['client', 'account', 'account_transaction', 'card', 'loan', 'deposit', 'application', 'aggregate_state', 'processed_event', 'outbox', 'resync_request'],
      ...['bus_lock', 'flow_processed', 'flow_retry', 'dead_letter', 'bus_message'],
      'timeline_entry',
      ...['notification_delivery', 'notification_preference'],
      ...['payment', 'payment_status'],
      'application_request',
      ...['standing_order', 'standing_order_payment', 'scheduler_lease'],
    ]);
    const all = ddl.join('\n');
    expect(all).to.not.match(/\b(varchar|text|timestamp|boolean|datetime)\b(?!offset)/i, 'no type that means something else or nothing on SQL Server');
    expect(all).to.contain('"booked_minor" nvarchar(24)');
    expect(all).to.contain('"as_of" datetimeoffset(3) NOT NULL');
    expect(all).to.contain('"resync_pending" bit NOT NULL');
    expect(all).to.contain('"id" bigint NOT NULL IDENTITY(1,1)');
    expect(all).to.contain('"payload" nvarchar(MAX) NOT NULL');
    expect(all).to.contain('CONSTRAINT "fk_outbox_event" FOREIGN KEY ("event_id") REFERENCES "processed_event" ("event_id")');
    expect(all).to.contain('CREATE INDEX "ix_account_transaction_page" ON "account_transaction" ("account_id", "entry_date", "entry_reference")');
    const down = runner.getMemorySql().downQueries.map((query) => query.query);
    expect(down.filter((sql) => sql.startsWith('DROP TABLE'))).to.have.length(tables.length);
  });

  it('applies a batch of 1000 events with MERGE upserts of at most 2100 parameters and locked reads', async () => {
    const { ex, statements } = capturing();
    const events = [
      ...Array.from({ length: 400 }, (_, index) => transactionPosted(`AC${index % 50}`, Math.floor(index / 50) + 1, `E-${index}`, { booked: '10.00' })),
      ...Array.from({ length: 200 }, (_, index) => balanceChanged(`AC${50 + index}`, 1, { BOOKED: '1.00', AVAILABLE: '-2.00' })),
      ...Array.from({ length: 200 }, (_, index) => loanScheduleChanged(`LN${index}`, 1, '999999999999999999.99')),
      ...Array.from({ length: 200 }, (_, index) => depositChanged(`DP${index}`, 1, '5.00')),
    ];
    const results = await applyEvents({ changes: (work) => work(changeTransaction(ex)) }, 'CORE_BANKING', events, new Date('2026-11-24T09:31:00Z'));
    expect(results.every((result) => result.result === 'ACCEPTED')).to.equal(true);
    for (const statement of statements) expectTsql(statement);

    const locks = statements.filter((statement) => statement.sql.includes('"aggregate_state" WITH (UPDLOCK, HOLDLOCK)'));
    expect(locks.length).to.be.greaterThan(0);
    expect(locks[0]!.sql).to.match(/^SELECT .* FROM "aggregate_state" WITH \(UPDLOCK, HOLDLOCK\) WHERE "source_system" = @0 AND "aggregate_type" = @1 AND "aggregate_id" IN \(@2, /);
    const merges = statements.filter((statement) => statement.sql.startsWith('MERGE INTO'));
    expect(new Set(merges.map((statement) => /^MERGE INTO "(\w+)"/.exec(statement.sql)?.[1]))).to.deep.equal(new Set(['aggregate_state', 'account', 'account_transaction', 'loan', 'deposit']));
    for (const { sql } of merges) {
      expect(sql).to.match(/^MERGE INTO "\w+" WITH \(HOLDLOCK\) AS t USING \(VALUES \(@0, /);
      expect(sql).to.match(/\) AS s \("[a-z_]+"(, "[a-z_]+")*\) ON t\."\w+" = s\."\w+"/);
      expect(sql).to.match(/ WHEN MATCHED THEN UPDATE SET t\."\w+" = s\."\w+"/);
      expect(sql).to.match(/ WHEN NOT MATCHED THEN INSERT \([^)]+\) VALUES \(s\."\w+"(, s\."\w+")*\);$/);
    }
    const entries = merges.filter((statement) => statement.sql.startsWith('MERGE INTO "account_transaction"'));
    expect(entries.reduce((sum, statement) => sum + statement.params.length, 0)).to.equal(400 * 25);
    expect(entries.length).to.equal(Math.ceil(400 / Math.floor(2000 / 25)));
    const inserts = statements.filter((statement) => statement.sql.startsWith('INSERT INTO'));
    expect(new Set(inserts.map((statement) => /^INSERT INTO "(\w+)"/.exec(statement.sql)?.[1]))).to.deep.equal(new Set(['processed_event', 'outbox']));
    const money = merges.filter((statement) => statement.sql.startsWith('MERGE INTO "loan"')).flatMap((statement) => statement.params);
    expect(money).to.include('99999999999999999999', 'minor units travel as exact decimal strings');
  });

  it('merges the other event types and the ordering state with schema-qualified names when a schema is set', async () => {
    const { ex, statements } = capturing(createDialect('mssql', 'hub'));
    await applyEvents({ changes: (work) => work(changeTransaction(ex)) }, 'CARDS', [cardStatusChanged('CD1', 1, 'BLOCKED')], new Date());
    await applyEvents({ changes: (work) => work(changeTransaction(ex)) }, 'CRM', [clientDataChanged('CL1', 1, { language: 'de' })], new Date());
    for (const statement of statements) expectTsql(statement);
    expect(statements.map((statement) => statement.sql).join('\n')).to.contain('MERGE INTO "hub"."card" WITH (HOLDLOCK)').and.contain('MERGE INTO "hub"."client"').and.contain('FROM "hub"."aggregate_state" WITH (UPDLOCK, HOLDLOCK)');
  });

  it('reads statement pages, overviews and the outbox with OFFSET … FETCH', async () => {
    const { ex, statements } = capturing();
    const first = await readTransactions(ex, { accountId: 'AC1', status: 'BOOKED', from: '2026-11-01', to: '2026-11-30', limit: 10 });
    expect(first).to.deep.equal({ items: [] });
    await readClientOverview(ex, 'CL1');
    await pendingMessages(ex, 100);
    await outboxDepth(ex);
    await markSent(ex, ['1', '2', '3'], new Date('2026-11-24T09:31:00Z'));
    for (const statement of statements) expectTsql(statement);
    expect(statements[0]!.sql).to.match(/WHERE "account_id" = @0 AND "status" = @1 AND "entry_date" >= @2 AND "entry_date" <= @3 ORDER BY "entry_date" DESC, "entry_reference" DESC OFFSET 0 ROWS FETCH NEXT 11 ROWS ONLY$/);
    expect(statements.find((statement) => statement.sql.includes('FROM "outbox" WHERE "sent_at" IS NULL ORDER BY'))?.sql).to.match(/ORDER BY "outbox"."id" OFFSET 0 ROWS FETCH NEXT 100 ROWS ONLY$/);
    expect(statements.at(-1)).to.deep.equal({ sql: 'UPDATE "outbox" SET "sent_at" = @0 WHERE "id" IN (@1, @2, @3) AND "sent_at" IS NULL', params: ['2026-11-24T09:31:00.000Z', '1', '2', '3'] });
  });
});
