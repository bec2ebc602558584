/**
 * The payments flow's rows (migration 0005-payments): the payment and its status history,
 * on an Executor of the store, so that the command and the flow write them in the
 * transaction they already hold (with the outbox row, with the processed message id).
 */
import type { Money } from '../../common/money.js';
import { selectIn, writeRows, type Executor } from '../../hub/store/sql.js';
import { instant, money, optText, text, type Row, type TableSpec, selectList } from '../../hub/store/rows.js';
import type { Decision, PaymentChannel, PaymentRecord, PaymentStatus, StatusChange } from './types.js';

export const PAYMENT: TableSpec<PaymentRecord> = {
  name: 'payment',
  keys: ['payment_id'],
  columns: [
    ['payment_id', 'text'],
    ['client_id', 'text'],
    ['idempotency_key', 'text'],
    ['request_hash', 'text'],
    ['account_id', 'text'],
    ['amount_minor', 'text'],
    ['currency', 'text'],
    ['payee_name', 'text'],
    ['payee_iban', 'text'],
    ['payee_bic', 'text'],
    ['remittance_information', 'text'],
    ['channel', 'text'],
    ['requested_execution_date', 'text'],
    ['status', 'text'],
    ['reason_code', 'text'],
    ['reason', 'text'],
    ['transfer_id', 'text'],
    ['decisions', 'text'],
    ['created_at', 'instant'],
    ['updated_at', 'instant'],
  ],
  toRow: (r) => [
    r.paymentId,
    r.clientId,
    r.idempotencyKey,
    r.requestHash,
    r.fromAccountId,
    r.amount.minor.toString(),
    r.amount.currency,
    r.payee.name,
    r.payee.iban,
    r.payee.bic,
    r.remittanceInformation,
    r.channel,
    r.requestedExecutionDate,
    r.status,
    r.reasonCode,
    r.reason,
    r.transferId,
    r.decisions.length > 0 ? JSON.stringify(r.decisions) : undefined,
    r.createdAt,
    r.updatedAt,
  ],
  fromRow: (row) => {
    const bic = optText(row, 'payee_bic');
    const remittanceInformation = optText(row, 'remittance_information');
    const requestedExecutionDate = optText(row, 'requested_execution_date')?.trim();
    const reasonCode = optText(row, 'reason_code');
    const reason = optText(row, 'reason');
    const transferId = optText(row, 'transfer_id');
    const decisions = optText(row, 'decisions');
    return {
      paymentId: text(row, 'payment_id'),
      clientId: text(row, 'client_id'),
      idempotencyKey: text(row, 'idempotency_key'),
      requestHash: text(row, 'request_hash'),
      fromAccountId: text(row, 'account_id'),
      amount: money(row, 'amount_minor', 'currency'),
      payee: { name: text(row, 'payee_name'), iban: text(row, 'payee_iban'), ...(bic !== undefined ? { bic } : {}) },
      ...(remittanceInformation !== undefined ? { remittanceInformation } : {}),
      channel: text(row, 'channel') as PaymentChannel,
      ...(requestedExecutionDate !== undefined ? { requestedExecutionDate } : {}),
      status: text(row, 'status') as PaymentStatus,
      ...(reasonCode !== undefined ? { reasonCode } : {}),
      ...(reason !== undefined ? { reason } : {}),
      ...(transferId !== undefined ? { transferId } : {}),
      decisions: decisions === undefined ? [] : (JSON.parse(decisions) as Decision[]),
      createdAt: instant(row, 'created_at'),
      updatedAt: instant(row, 'updated_at'),
    };
  },
};

interface StatusRow extends StatusChange {
  readonly paymentId: string;
  readonly seq: number;
}

const PAYMENT_STATUS: TableSpec<StatusRow> = {
  name: 'payment_status',
  keys: ['payment_id', 'seq'],
  columns: [
    ['payment_id', 'text'],
    ['seq', 'int'],
    ['status', 'text'],
    ['reason_code', 'text'],
    ['reason', 'text'],
    ['occurred_at', 'instant'],
  ],
  toRow: (r) => [r.paymentId, r.seq, r.status, r.reasonCode, r.reason, r.occurredAt],
  fromRow: (row) => {
    const reasonCode = optText(row, 'reason_code');
    const reason = optText(row, 'reason');
    return {
      paymentId: text(row, 'payment_id'),
      seq: Number(row.seq),
      status: text(row, 'status') as PaymentStatus,
      ...(reasonCode !== undefined ? { reasonCode } : {}),
      ...(reason !== undefined ? { reason } : {}),
      occurredAt: instant(row, 'occurred_at'),
    };
  },
};

/** The status change a history row records. */
function changeOf(row: StatusRow): StatusChange {
  return { status: row.status, ...(row.reasonCode !== undefined ? { reasonCode: row.reasonCode } : {}), ...(row.reason !== undefined ? { reason: row.reason } : {}), occurredAt: row.occurredAt };
}

const columns = (ex: Executor, spec: TableSpec<unknown>): string => selectList(spec, ex.dialect);
const one = (rows: Row[]): PaymentRecord | undefined => (rows[0] ? PAYMENT.fromRow(rows[0]) : undefined);

/** A new payment (REQUESTED) and the first row of its history. */
export async function insertPayment(ex: Executor, payment: PaymentRecord): Promise<void> {
  await writeRows(ex, PAYMENT, [payment], 'insert');
  await writeRows(ex, PAYMENT_STATUS, [{ paymentId: payment.paymentId, seq: 1, status: payment.status, occurredAt: payment.createdAt }], 'insert');
}

/** The EXECUTING payment whose bank transfer this is, if any. */
export async function executingByTransfer(ex: Executor, transferId: string): Promise<PaymentRecord | undefined> {
  const { quote, param, table } = ex.dialect;
  return one(
    await ex.query(ex.dialect.limit(`SELECT ${columns(ex, PAYMENT as TableSpec<unknown>)} FROM ${table('payment')} WHERE ${quote('transfer_id')} = ${param(0)} AND ${quote('status')} = ${param(1)}`, 1), [
      transferId,
      'EXECUTING',
    ]),
  );
}

/** Whether the bank already pushed a booked posting of this transfer (the hub's account_transaction projection). */
export async function transferBooked(ex: Executor, transferId: string): Promise<boolean> {
  const { quote, param, table } = ex.dialect;
  const rows = await ex.query(ex.dialect.limit(`SELECT ${quote('entry_reference')} FROM ${table('account_transaction')} WHERE ${quote('transfer_id')} = ${param(0)} AND ${quote('status')} = ${param(1)}`, 1), [transferId, 'BOOKED']);
  return rows.length > 0;
}

export async function paymentByKey(ex: Executor, clientId: string, idempotencyKey: string): Promise<PaymentRecord | undefined> {
  const { quote, param, table } = ex.dialect;
  return one(
    await ex.query(`SELECT ${columns(ex, PAYMENT as TableSpec<unknown>)} FROM ${table('payment')} WHERE ${quote('client_id')} = ${param(0)} AND ${quote('idempotency_key')} = ${param(1)}`, [
      clientId,
      idempotencyKey,
    ]),
  );
}

export async function paymentById(ex: Executor, paymentId: string): Promise<PaymentRecord | undefined> {
  const { quote, param, table } = ex.dialect;
  return one(await ex.query(`SELECT ${columns(ex, PAYMENT as TableSpec<unknown>)} FROM ${table('payment')} WHERE ${quote('payment_id')} = ${param(0)}`, [paymentId]));
}

/** The histories of several payments, by payment id, each in order. */
export async function statusHistories(ex: Executor, paymentIds: readonly string[]): Promise<Map<string, StatusChange[]>> {
  const { quote, table } = ex.dialect;
  const rows = await selectIn(ex, {
    name: 'payment_status.payment_id',
    values: paymentIds,
    sql: (list) => `SELECT ${columns(ex, PAYMENT_STATUS as TableSpec<unknown>)} FROM ${table('payment_status')} WHERE ${quote('payment_id')} IN (${list})`,
  });
  const histories = new Map<string, StatusRow[]>();
  for (const row of rows.map((each) => PAYMENT_STATUS.fromRow(each))) {
    const list = histories.get(row.paymentId) ?? [];
    list.push(row);
    histories.set(row.paymentId, list);
  }
  return new Map(
    [...histories].map(([paymentId, list]) => [
      paymentId,
      list.sort((a, b) => a.seq - b.seq).map(changeOf),
    ]),
  );
}

/** Which of these payments have their payment.requested message in the flow's dead letters. */
export async function heldPayments(ex: Executor, flow: string, paymentIds: readonly string[]): Promise<Set<string>> {
  const { quote, param, table } = ex.dialect;
  const rows = await selectIn(ex, {
    name: 'dead_letter.payments',
    before: [flow],
    values: paymentIds,
    sql: (list) => `SELECT ${quote('message_id')} FROM ${table('dead_letter')} WHERE ${quote('flow')} = ${param(0)} AND ${quote('message_id')} IN (${list})`,
  });
  return new Set(rows.map((row) => text(row, 'message_id')));
}

/** Where a page of payments starts: after this one, newest first. */
export interface PaymentPosition {
  readonly createdAt: Date;
  readonly paymentId: string;
}

/** One page of a client's payments, newest first; one more than `limit` tells whether another page follows. */
export async function paymentsOf(ex: Executor, clientId: string, limit: number, after?: PaymentPosition): Promise<PaymentRecord[]> {
  const { quote, param, table } = ex.dialect;
  const params: unknown[] = [clientId];
  let where = `${quote('client_id')} = ${param(0)}`;
  if (after) {
    params.push(after.createdAt.toISOString(), after.createdAt.toISOString(), after.paymentId);
    where += ` AND (${quote('created_at')} < ${param(1)} OR (${quote('created_at')} = ${param(2)} AND ${quote('payment_id')} < ${param(3)}))`;
  }
  const sql = ex.dialect.limit(
    `SELECT ${columns(ex, PAYMENT as TableSpec<unknown>)} FROM ${table('payment')} WHERE ${where} ORDER BY ${quote('created_at')} DESC, ${quote('payment_id')} DESC`,
    limit + 1,
  );
  return (await ex.query(sql, params)).map((row) => PAYMENT.fromRow(row));
}

/**
 * Amounts of the client's other payments submitted in [from, to] that the rules let
 * through and the bank did not refuse. Payments still REQUESTED are left out: a client's
 * payments are decided in the order they were submitted, so those are the later ones
 * (submitted in the same millisecond, say), which must not count against this one.
 */
export async function recentAmounts(ex: Executor, clientId: string, paymentId: string, from: Date, to: Date): Promise<Money[]> {
  const { quote, param, table } = ex.dialect;
  const rows = await ex.query(
    `SELECT ${quote('amount_minor')}, ${quote('currency')} FROM ${table('payment')} WHERE ${quote('client_id')} = ${param(0)} AND ${quote('payment_id')} <> ${param(1)} AND ${quote('created_at')} >= ${param(2)} AND ${quote('created_at')} <= ${param(3)} AND ${quote('status')} NOT IN (${param(4)}, ${param(5)}, ${param(6)})`,
    [clientId, paymentId, from.toISOString(), to.toISOString(), 'REQUESTED', 'REJECTED', 'FAILED'],
  );
  return rows.map((row) => money(row, 'amount_minor', 'currency'));
}

/** Whether the client has another payment to this IBAN that the bank took (executing or completed). */
export async function payeeKnown(ex: Executor, clientId: string, iban: string, paymentId: string): Promise<boolean> {
  const { quote, param, table } = ex.dialect;
  const rows = await ex.query(
    ex.dialect.limit(
      `SELECT ${quote('payment_id')} FROM ${table('payment')} WHERE ${quote('client_id')} = ${param(0)} AND ${quote('payee_iban')} = ${param(1)} AND ${quote('payment_id')} <> ${param(2)} AND ${quote('status')} IN (${param(3)}, ${param(4)}) ORDER BY ${quote('payment_id')}`,
      1,
    ),
    [clientId, iban, paymentId, 'EXECUTING', 'COMPLETED'],
  );
  return rows.length > 0;
}

export interface StatusUpdate {
  readonly status: PaymentStatus;
  readonly reasonCode?: string;
  readonly reason?: string;
  readonly transferId?: string;
  readonly decisions?: readonly Decision[];
}

/** Moves the payment to a status and appends it to the history. */
export async function updateStatus(ex: Executor, paymentId: string, update: StatusUpdate, at: Date): Promise<void> {
  const { quote, param, table } = ex.dialect;
  const sets = [`${quote('status')} = ${param(0)}`, `${quote('updated_at')} = ${param(1)}`, `${quote('reason_code')} = ${param(2)}`, `${quote('reason')} = ${param(3)}`];
  const params: unknown[] = [update.status, at.toISOString(), update.reasonCode ?? null, update.reason ?? null];
  if (update.transferId !== undefined) {
    sets.push(`${quote('transfer_id')} = ${param(params.length)}`);
    params.push(update.transferId);
  }
  if (update.decisions !== undefined) {
    sets.push(`${quote('decisions')} = ${param(params.length)}`);
    params.push(JSON.stringify(update.decisions));
  }
  params.push(paymentId);
  const changed = await ex.execute(`UPDATE ${table('payment')} SET ${sets.join(', ')} WHERE ${quote('payment_id')} = ${param(params.length - 1)}`, params);
  if (changed !== 1) throw new Error(`payment ${paymentId} was not found to update`);
  const last = await ex.query(`SELECT MAX(${quote('seq')}) AS ${quote('seq')} FROM ${table('payment_status')} WHERE ${quote('payment_id')} = ${param(0)}`, [paymentId]);
  const seq = Number(last[0]?.seq ?? 0) + 1;
  await writeRows(
    ex,
    PAYMENT_STATUS,
    [{ paymentId, seq, status: update.status, ...(update.reasonCode !== undefined ? { reasonCode: update.reasonCode } : {}), ...(update.reason !== undefined ? { reason: update.reason } : {}), occurredAt: at }],
    'insert',
  );
}
