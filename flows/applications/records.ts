/**
 * The application_request table (hub/store/migrations/0006-applications.ts): how a
 * submitted application maps to its columns and back, and the statements the command and
 * the flow write with, on their own transaction through the store's dialect-aware executor.
 */
import type { Executor } from '../../hub/store/index.js';
import { instant, optText, selectList, text, type TableSpec } from '../../hub/store/rows.js';
import { loadByKeys, writeRows } from '../../hub/store/sql.js';
import { APPLICATION } from '../../hub/store/tables.js';
import type { ApplicationRecord } from '../../hub/store/types.js';
import type { ApplicationInput } from './request.js';

export interface ApplicationRequestRecord {
  /** The hub's id, and the idempotency key of CreateApplication. */
  readonly applicationId: string;
  readonly clientId: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly request: ApplicationInput;
  /** SUBMITTED until the CRM answered; then the status the CRM created it in, or REJECTED. */
  readonly status: string;
  /** The CRM's fault code when it refused the application. */
  readonly reasonCode?: string;
  readonly reason?: string;
  /** The CRM's id of the application, once created: the key of its pushed status changes. */
  readonly crmApplicationId?: string;
  readonly submittedAt: Date;
  readonly updatedAt: Date;
}

export const APPLICATION_REQUEST: TableSpec<ApplicationRequestRecord> = {
  name: 'application_request',
  keys: ['application_id'],
  columns: [
    ['application_id', 'text'],
    ['client_id', 'text'],
    ['idempotency_key', 'text'],
    ['request_hash', 'text'],
    ['product_type', 'text'],
    ['request', 'text'],
    ['status', 'text'],
    ['reason_code', 'text'],
    ['reason', 'text'],
    ['crm_application_id', 'text'],
    ['submitted_at', 'instant'],
    ['updated_at', 'instant'],
  ],
  toRow: (r) => [
    r.applicationId,
    r.clientId,
    r.idempotencyKey,
    r.requestHash,
    r.request.productType,
    JSON.stringify(r.request),
    r.status,
    r.reasonCode,
    r.reason,
    r.crmApplicationId,
    r.submittedAt,
    r.updatedAt,
  ],
  fromRow: (row) => {
    const reasonCode = optText(row, 'reason_code');
    const reason = optText(row, 'reason');
    const crmApplicationId = optText(row, 'crm_application_id');
    return {
      applicationId: text(row, 'application_id'),
      clientId: text(row, 'client_id'),
      idempotencyKey: text(row, 'idempotency_key'),
      requestHash: text(row, 'request_hash'),
      request: JSON.parse(text(row, 'request')) as ApplicationInput,
      status: text(row, 'status'),
      ...(reasonCode !== undefined ? { reasonCode } : {}),
      ...(reason !== undefined ? { reason } : {}),
      ...(crmApplicationId !== undefined ? { crmApplicationId } : {}),
      submittedAt: instant(row, 'submitted_at'),
      updatedAt: instant(row, 'updated_at'),
    };
  },
};

const columns = (ex: Executor): string => selectList(APPLICATION_REQUEST as TableSpec<unknown>, ex.dialect);

export async function insertApplication(ex: Executor, record: ApplicationRequestRecord): Promise<void> {
  await writeRows(ex, APPLICATION_REQUEST, [record], 'insert');
}

export async function applicationByKey(ex: Executor, clientId: string, idempotencyKey: string): Promise<ApplicationRequestRecord | undefined> {
  const { quote, param, table } = ex.dialect;
  const rows = await ex.query(`SELECT ${columns(ex)} FROM ${table(APPLICATION_REQUEST.name)} WHERE ${quote('client_id')} = ${param(0)} AND ${quote('idempotency_key')} = ${param(1)}`, [
    clientId,
    idempotencyKey,
  ]);
  return rows[0] ? APPLICATION_REQUEST.fromRow(rows[0]) : undefined;
}

export async function applicationById(ex: Executor, applicationId: string): Promise<ApplicationRequestRecord | undefined> {
  const { quote, param, table } = ex.dialect;
  const rows = await ex.query(`SELECT ${columns(ex)} FROM ${table(APPLICATION_REQUEST.name)} WHERE ${quote('application_id')} = ${param(0)}`, [applicationId]);
  return rows[0] ? APPLICATION_REQUEST.fromRow(rows[0]) : undefined;
}

/** The row, locked until the end of the transaction where the database can. */
export async function lockApplication(ex: Executor, applicationId: string): Promise<ApplicationRequestRecord | undefined> {
  const { quote, param, selectForUpdate } = ex.dialect;
  const rows = await ex.query(selectForUpdate(APPLICATION_REQUEST.name, columns(ex), `${quote('application_id')} = ${param(0)}`, quote('application_id')), [applicationId]);
  return rows[0] ? APPLICATION_REQUEST.fromRow(rows[0]) : undefined;
}

export interface CrmOutcome {
  readonly status: string;
  readonly crmApplicationId?: string;
  readonly reasonCode?: string;
  readonly reason?: string;
  readonly at: Date;
}

/** Records what the CRM answered; only a row still SUBMITTED without a CRM id changes. */
export async function recordOutcome(ex: Executor, applicationId: string, outcome: CrmOutcome): Promise<boolean> {
  const { quote, param, table } = ex.dialect;
  const changed = await ex.execute(
    `UPDATE ${table(APPLICATION_REQUEST.name)} SET ${quote('status')} = ${param(0)}, ${quote('crm_application_id')} = ${param(1)}, ${quote('reason_code')} = ${param(2)}, ${quote('reason')} = ${param(3)}, ${quote('updated_at')} = ${param(4)} WHERE ${quote('application_id')} = ${param(5)} AND ${quote('crm_application_id')} IS NULL AND ${quote('status')} = 'SUBMITTED'`,
    [outcome.status, outcome.crmApplicationId ?? null, outcome.reasonCode ?? null, outcome.reason ?? null, outcome.at.toISOString(), applicationId],
  );
  return changed === 1;
}

export interface ApplicationPosition {
  readonly submittedAt: Date;
  readonly applicationId: string;
}

/** The client's applications, newest first (submittedAt, then applicationId, both descending), after `position`. */
export async function applicationsOf(ex: Executor, clientId: string, limit: number, position?: ApplicationPosition): Promise<ApplicationRequestRecord[]> {
  const { quote, param, table } = ex.dialect;
  const submitted = quote('submitted_at');
  const params: unknown[] = [clientId];
  let where = `${quote('client_id')} = ${param(0)}`;
  if (position) {
    const at = position.submittedAt.toISOString();
    params.push(at, at, position.applicationId);
    where += ` AND (${submitted} < ${param(1)} OR (${submitted} = ${param(2)} AND ${quote('application_id')} < ${param(3)}))`;
  }
  const rows = await ex.query(
    ex.dialect.limit(`SELECT ${columns(ex)} FROM ${table(APPLICATION_REQUEST.name)} WHERE ${where} ORDER BY ${submitted} DESC, ${quote('application_id')} DESC`, limit),
    params,
  );
  return rows.map((row) => APPLICATION_REQUEST.fromRow(row));
}

/** The CRM's pushed state of these applications (the `application` projection), by the CRM's id. */
export async function pushedStates(ex: Executor, records: readonly ApplicationRequestRecord[]): Promise<Map<string, ApplicationRecord>> {
  const ids = records.flatMap((record) => (record.crmApplicationId === undefined ? [] : [record.crmApplicationId]));
  const pushed = await loadByKeys(ex, APPLICATION, 'application_id', ids);
  return new Map(pushed.map((record) => [record.applicationId, record]));
}
