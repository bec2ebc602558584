/**
 * The timeline on SQL Server without a server: the migration's DDL as TypeORM's own mssql
 * QueryRunner generates it (SQL-in-memory mode), and the T-SQL of every statement the flow
 * and the page reader run, captured from the real code paths. The live suite runs with the
 * others of timeline.test.ts when MSSQL_URL is set.
 */
import { expect } from 'chai';
import { DataSource } from 'typeorm';
import { recordChange, TIMELINE_ENTRY } from '../../../flows/timeline/entries.js';
import { changeOf } from '../../../flows/timeline/flow.js';
import { timelinePage } from '../../../flows/timeline/page.js';
import { resolveConnection } from '../../../hub/store/connection.js';
import { createDialect } from '../../../hub/store/dialect.js';
import { Timeline1764000000003 } from '../../../hub/store/migrations/0003-timeline.js';
import { encodeValue, type Row } from '../../../hub/store/rows.js';
import type { Executor } from '../../../hub/store/sql.js';
import { cardStatusChanged, transactionPosted } from '../../store/support.js';
import { messageOf } from './support.js';

interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

function capturing(answers: (sql: string) => Row[] = () => []): { ex: Executor; statements: Statement[] } {
  const statements: Statement[] = [];
  const run = async (sql: string, params: readonly unknown[] = []) => {
    statements.push({ sql, params });
    return answers(sql);
  };
  return { statements, ex: { dialect: createDialect('mssql'), query: run, execute: async (sql, params) => (await run(sql, params)).length } };
}

function expectTsql({ sql, params }: Statement): void {
  const placeholders = [...sql.matchAll(/@(\d+)/g)].map((match) => Number(match[1]));
  expect(new Set(placeholders).size, `every parameter is used: ${sql}`).to.equal(params.length);
  expect(sql).to.not.match(/\$\d|\?|\bLIMIT\b|ON CONFLICT|FOR UPDATE|\bexcluded\./i);
  for (const value of params) expect(['string', 'number', 'boolean'].includes(typeof value) || value === null, `parameter ${String(value)}`).to.equal(true);
}

describe('timeline SQL for SQL Server (no server)', () => {
  it('creates timeline_entry with T-SQL types and its unique source index', async () => {
    const source = new DataSource(resolveConnection({ databaseUrl: 'mssql://sa:x@localhost/hub', dataDir: '/tmp' }).options);
    const runner = source.createQueryRunner();
    runner.enableSqlMemory();
    await new Timeline1764000000003().up(runner);
    const ddl = runner.getMemorySql().upQueries.map((query) => query.query).join('\n');
    expect(ddl).to.match(/^CREATE TABLE "timeline_entry"/);
    expect(ddl).to.not.match(/\b(varchar|text|timestamp|boolean|datetime)\b(?!offset)/i);
    expect(ddl).to.contain('"occurred_at" datetimeoffset(3) NOT NULL');
    expect(ddl).to.contain('"amount_minor" nvarchar(24)');
    expect(ddl).to.contain('"details" nvarchar(MAX) NOT NULL');
    expect(ddl).to.contain('"source_sequence" bigint');
    expect(ddl).to.contain('CREATE INDEX "ix_timeline_entry_page" ON "timeline_entry" ("client_id", "occurred_at", "entry_id")');
    expect(ddl).to.contain('CREATE UNIQUE INDEX "uq_timeline_entry_source" ON "timeline_entry" ("source_message_id")');
  });

  it('inserts a first version, locks and merges a later one, compares product states in sequence order', async () => {
    const pending = changeOf(messageOf(transactionPosted('AC1', 1, 'E-1', { status: 'PENDING' })));
    const booked = changeOf(messageOf(transactionPosted('AC1', 2, 'E-1')));
    if (pending.mode !== 'movement' || booked.mode !== 'movement') throw new Error('a posting is a movement');

    const first = capturing();
    expect(await recordChange(first.ex, pending, pending.entry.sourceMessageId)).to.equal('added');
    const stored = Object.fromEntries(TIMELINE_ENTRY.columns.map(([name, kind], index) => [name, encodeValue(kind, TIMELINE_ENTRY.toRow({ entry: pending.entry })[index])]));
    const second = capturing((sql) => (sql.includes('WITH (UPDLOCK, HOLDLOCK)') ? [stored] : []));
    expect(await recordChange(second.ex, booked, booked.entry.sourceMessageId)).to.equal('updated');
    const third = capturing();
    const card = messageOf(cardStatusChanged('CD1', 7, 'LOST'));
    expect(await recordChange(third.ex, changeOf(card), card.messageId)).to.equal('added');
    const page = capturing();
    await timelinePage(page.ex, { clientId: 'CL1', limit: 20, before: new Date('2026-12-01T00:00:00Z') });

    const all = [...first.statements, ...second.statements, ...third.statements, ...page.statements];
    for (const statement of all) expectTsql(statement);
    expect(first.statements.map((statement) => statement.sql.split(' ')[0])).to.deep.equal(['SELECT', 'SELECT', 'INSERT']);
    expect(second.statements[1]!.sql).to.match(/ FROM "timeline_entry" WITH \(UPDLOCK, HOLDLOCK\) WHERE "entry_id" = @0/);
    expect(second.statements[2]!.sql).to.match(/^MERGE INTO "timeline_entry" WITH \(HOLDLOCK\) AS t .* ON t\."entry_id" = s\."entry_id"/);
    expect(second.statements[2]!.params).to.include(booked.entry.sourceMessageId);
    expect(third.statements[1]!.sql).to.match(/WHERE "subject" = @0 AND "source_sequence" < @1 ORDER BY "source_sequence" DESC OFFSET 0 ROWS FETCH NEXT 1 ROWS ONLY$/);
    expect(third.statements[1]!.params).to.deep.equal(['CARD:CD1', '7']);
    expect(page.statements[0]!.sql).to.match(/ORDER BY "occurred_at" DESC, "entry_id" DESC OFFSET 0 ROWS FETCH NEXT 21 ROWS ONLY$/);
  });
});
