/**
 * What the Platform API reads from the store. A miss is `undefined` (the caller may then
 * read through to the back office); every record carries its version and asOf.
 */
import { HubError } from '../errors/catalog.js';
import { decodeCursor, encodeCursor, fingerprint } from './cursor.js';
import type { Executor } from './sql.js';
import { selectList, type TableSpec } from './rows.js';
import { ACCOUNT, APPLICATION, CARD, CLIENT, DEPOSIT, LOAN, TRANSACTION } from './tables.js';
import type { AccountRecord, ApplicationRecord, CardRecord, ClientOverview, ClientRecord, DepositRecord, LoanRecord, TransactionPage, TransactionQuery } from './types.js';

export const MAX_PAGE = 1000;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

async function select<R>(ex: Executor, spec: TableSpec<R>, where: string, params: readonly unknown[], orderBy: string): Promise<R[]> {
  const rows = await ex.query(`SELECT ${selectList(spec as TableSpec<unknown>, ex.dialect)} FROM ${ex.dialect.table(spec.name)} WHERE ${where} ORDER BY ${orderBy}`, params);
  return rows.map((row) => spec.fromRow(row));
}

async function byKey<R>(ex: Executor, spec: TableSpec<R>, id: string): Promise<R | undefined> {
  const column = spec.keys[0]!;
  const [record] = await select(ex, spec, `${ex.dialect.quote(column)} = ${ex.dialect.param(0)}`, [id], ex.dialect.quote(column));
  return record;
}

export const readAccount = (ex: Executor, accountId: string): Promise<AccountRecord | undefined> => byKey(ex, ACCOUNT, accountId);
export const readClient = (ex: Executor, clientId: string): Promise<ClientRecord | undefined> => byKey(ex, CLIENT, clientId);
export const readCard = (ex: Executor, cardId: string): Promise<CardRecord | undefined> => byKey(ex, CARD, cardId);
export const readLoan = (ex: Executor, loanId: string): Promise<LoanRecord | undefined> => byKey(ex, LOAN, loanId);
export const readDeposit = (ex: Executor, depositId: string): Promise<DepositRecord | undefined> => byKey(ex, DEPOSIT, depositId);
export const readApplication = (ex: Executor, applicationId: string): Promise<ApplicationRecord | undefined> => byKey(ex, APPLICATION, applicationId);

export async function readClientOverview(ex: Executor, clientId: string): Promise<ClientOverview> {
  const { quote, param } = ex.dialect;
  const ofClient = <R>(spec: TableSpec<R>): Promise<R[]> => select(ex, spec, `${quote('client_id')} = ${param(0)}`, [clientId], quote(spec.keys[0]!));
  const client = await byKey(ex, CLIENT, clientId);
  return {
    ...(client ? { client } : {}),
    accounts: await ofClient(ACCOUNT),
    cards: await ofClient(CARD),
    loans: await ofClient(LOAN),
    deposits: await ofClient(DEPOSIT),
    applications: await ofClient(APPLICATION),
  };
}

/** One page of an account's statement: newest entry date first, then entry reference descending. */
export async function readTransactions(ex: Executor, query: TransactionQuery): Promise<TransactionPage> {
  const { quote, param } = ex.dialect;
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_PAGE) {
    throw new HubError('INVALID_REQUEST', `limit must be a whole number from 1 to ${MAX_PAGE}`, { field: 'limit' });
  }
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
      throw new HubError('INVALID_REQUEST', `${field} must be a date YYYY-MM-DD`, { field });
    }
  }
  if (query.from && query.to && query.from > query.to) throw new HubError('INVALID_PERIOD', 'from is after to', { field: 'from' });
  const signature = fingerprint([query.accountId, query.status, query.from, query.to]);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, signature);

  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return param(params.length - 1);
  };
  const conditions = [`${quote('account_id')} = ${bind(query.accountId)}`];
  if (query.status) conditions.push(`${quote('status')} = ${bind(query.status)}`);
  if (query.from) conditions.push(`${quote('entry_date')} >= ${bind(query.from)}`);
  if (query.to) conditions.push(`${quote('entry_date')} <= ${bind(query.to)}`);
  if (after) {
    conditions.push(
      `(${quote('entry_date')} < ${bind(after.entryDate)} OR (${quote('entry_date')} = ${bind(after.entryDate)} AND ${quote('entry_reference')} < ${bind(after.entryReference)}))`,
    );
  }
  const sql = ex.dialect.limit(
    `SELECT ${selectList(TRANSACTION as TableSpec<unknown>, ex.dialect)} FROM ${ex.dialect.table(TRANSACTION.name)} WHERE ${conditions.join(' AND ')} ORDER BY ${quote('entry_date')} DESC, ${quote('entry_reference')} DESC`,
    query.limit + 1,
  );
  const rows = await ex.query(sql, params);
  const items = rows.slice(0, query.limit).map((row) => TRANSACTION.fromRow(row));
  const last = items[items.length - 1];
  return rows.length > query.limit && last
    ? { items, nextCursor: encodeCursor({ entryDate: last.bookingDate ?? last.valueDate, entryReference: last.entryReference }, signature) }
    : { items };
}
