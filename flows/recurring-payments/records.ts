/**
 * The standing_order, standing_order_payment and scheduler_lease tables
 * (hub/store/migrations/0007-recurring-payments.ts): how an order maps to its columns and
 * back, and the statements the command, the scheduler and its lease run on the store's
 * dialect-aware executor.
 */
import type { Executor } from '../../hub/store/index.js';
import { instant, money, optText, selectList, text, type TableSpec } from '../../hub/store/rows.js';
import { writeRows } from '../../hub/store/sql.js';
import type { Money } from '../../common/money.js';
import type { Payee } from './request.js';
import type { Frequency } from './schedule.js';

export type OrderStatus = 'ACTIVE' | 'CANCELLED' | 'COMPLETED';

export interface StandingOrder {
  readonly orderId: string;
  readonly clientId: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly fromAccountId: string;
  readonly amount: Money;
  readonly payee: Payee;
  readonly remittanceInformation?: string;
  readonly frequency: Frequency;
  readonly day?: number;
  readonly startDate: string;
  readonly endDate?: string;
  /** Absent once the order has ended. */
  readonly nextDueDate?: string;
  readonly status: OrderStatus;
  readonly paymentsMade: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const STANDING_ORDER: TableSpec<StandingOrder> = {
  name: 'standing_order',
  keys: ['order_id'],
  columns: [
    ['order_id', 'text'],
    ['client_id', 'text'],
    ['idempotency_key', 'text'],
    ['request_hash', 'text'],
    ['from_account_id', 'text'],
    ['amount_minor', 'text'],
    ['currency', 'text'],
    ['payee_name', 'text'],
    ['payee_iban', 'text'],
    ['payee_bic', 'text'],
    ['remittance_information', 'text'],
    ['frequency', 'text'],
    ['frequency_day', 'int'],
    ['start_date', 'text'],
    ['end_date', 'text'],
    ['next_due_date', 'text'],
    ['status', 'text'],
    ['payments_made', 'int'],
    ['created_at', 'instant'],
    ['updated_at', 'instant'],
  ],
  toRow: (r) => [
    r.orderId,
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
    r.frequency,
    r.day,
    r.startDate,
    r.endDate,
    r.nextDueDate,
    r.status,
    r.paymentsMade,
    r.createdAt,
    r.updatedAt,
  ],
  fromRow: (row) => {
    const bic = optText(row, 'payee_bic');
    const remittanceInformation = optText(row, 'remittance_information');
    const day = row.frequency_day === null || row.frequency_day === undefined ? undefined : Number(row.frequency_day);
    const endDate = optText(row, 'end_date')?.trim();
    const nextDueDate = optText(row, 'next_due_date')?.trim();
    return {
      orderId: text(row, 'order_id'),
      clientId: text(row, 'client_id'),
      idempotencyKey: text(row, 'idempotency_key'),
      requestHash: text(row, 'request_hash'),
      fromAccountId: text(row, 'from_account_id'),
      amount: money(row, 'amount_minor', 'currency'),
      payee: { name: text(row, 'payee_name'), iban: text(row, 'payee_iban'), ...(bic !== undefined ? { bic } : {}) },
      ...(remittanceInformation !== undefined ? { remittanceInformation } : {}),
      frequency: text(row, 'frequency') as Frequency,
      ...(day !== undefined ? { day } : {}),
      startDate: text(row, 'start_date').trim(),
      ...(endDate !== undefined ? { endDate } : {}),
      ...(nextDueDate !== undefined ? { nextDueDate } : {}),
      status: text(row, 'status') as OrderStatus,
      paymentsMade: Number(row.payments_made ?? 0),
      createdAt: instant(row, 'created_at'),
      updatedAt: instant(row, 'updated_at'),
    };
  },
};

export interface OrderPayment {
  readonly orderId: string;
  readonly dueDate: string;
  readonly paymentId: string;
  readonly createdAt: Date;
}

export const STANDING_ORDER_PAYMENT: TableSpec<OrderPayment> = {
  name: 'standing_order_payment',
  keys: ['order_id', 'due_date'],
  columns: [
    ['order_id', 'text'],
    ['due_date', 'text'],
    ['payment_id', 'text'],
    ['created_at', 'instant'],
  ],
  toRow: (r) => [r.orderId, r.dueDate, r.paymentId, r.createdAt],
  fromRow: (row) => ({ orderId: text(row, 'order_id'), dueDate: text(row, 'due_date').trim(), paymentId: text(row, 'payment_id'), createdAt: instant(row, 'created_at') }),
};

const columns = (ex: Executor): string => selectList(STANDING_ORDER as TableSpec<unknown>, ex.dialect);

export async function insertOrder(ex: Executor, order: StandingOrder): Promise<void> {
  await writeRows(ex, STANDING_ORDER, [order], 'insert');
}

export async function orderByKey(ex: Executor, clientId: string, idempotencyKey: string): Promise<StandingOrder | undefined> {
  const { quote, param, table } = ex.dialect;
  const rows = await ex.query(`SELECT ${columns(ex)} FROM ${table(STANDING_ORDER.name)} WHERE ${quote('client_id')} = ${param(0)} AND ${quote('idempotency_key')} = ${param(1)}`, [clientId, idempotencyKey]);
  return rows[0] ? STANDING_ORDER.fromRow(rows[0]) : undefined;
}

export async function orderById(ex: Executor, orderId: string, lock = false): Promise<StandingOrder | undefined> {
  const { quote, param, table, selectForUpdate } = ex.dialect;
  const where = `${quote('order_id')} = ${param(0)}`;
  const sql = lock ? selectForUpdate(STANDING_ORDER.name, columns(ex), where, quote('order_id')) : `SELECT ${columns(ex)} FROM ${table(STANDING_ORDER.name)} WHERE ${where}`;
  const rows = await ex.query(sql, [orderId]);
  return rows[0] ? STANDING_ORDER.fromRow(rows[0]) : undefined;
}

export interface OrderPosition {
  readonly createdAt: Date;
  readonly orderId: string;
}

/** The client's orders, newest first (createdAt, then orderId, both descending), after `position`. */
export async function ordersOf(ex: Executor, clientId: string, limit: number, position?: OrderPosition): Promise<StandingOrder[]> {
  const { quote, param, table } = ex.dialect;
  const created = quote('created_at');
  const params: unknown[] = [clientId];
  let where = `${quote('client_id')} = ${param(0)}`;
  if (position) {
    const at = position.createdAt.toISOString();
    params.push(at, at, position.orderId);
    where += ` AND (${created} < ${param(1)} OR (${created} = ${param(2)} AND ${quote('order_id')} < ${param(3)}))`;
  }
  const rows = await ex.query(ex.dialect.limit(`SELECT ${columns(ex)} FROM ${table(STANDING_ORDER.name)} WHERE ${where} ORDER BY ${created} DESC, ${quote('order_id')} DESC`, limit), params);
  return rows.map((row) => STANDING_ORDER.fromRow(row));
}

/** Ids of active orders with a due date on or before `today`, oldest due first. */
export async function dueOrders(ex: Executor, today: string, limit: number): Promise<string[]> {
  const { quote, param, table } = ex.dialect;
  const rows = await ex.query(
    ex.dialect.limit(
      `SELECT ${quote('order_id')} FROM ${table(STANDING_ORDER.name)} WHERE ${quote('status')} = ${param(0)} AND ${quote('next_due_date')} <= ${param(1)} ORDER BY ${quote('next_due_date')}, ${quote('order_id')}`,
      limit,
    ),
    ['ACTIVE', today],
  );
  return rows.map((row) => text(row, 'order_id'));
}

/** Moves an order from one due date to the next (or ends it); only if it still stands at `dueDate`. */
export async function advanceOrder(ex: Executor, order: StandingOrder, dueDate: string, next: string | undefined, at: Date): Promise<boolean> {
  const { quote, param, table } = ex.dialect;
  const changed = await ex.execute(
    `UPDATE ${table(STANDING_ORDER.name)} SET ${quote('next_due_date')} = ${param(0)}, ${quote('status')} = ${param(1)}, ${quote('payments_made')} = ${quote('payments_made')} + 1, ${quote('updated_at')} = ${param(2)} WHERE ${quote('order_id')} = ${param(3)} AND ${quote('next_due_date')} = ${param(4)} AND ${quote('status')} = ${param(5)}`,
    [next ?? null, next === undefined ? 'COMPLETED' : 'ACTIVE', at.toISOString(), order.orderId, dueDate, 'ACTIVE'],
  );
  return changed === 1;
}

export async function cancelOrder(ex: Executor, orderId: string, at: Date): Promise<boolean> {
  const { quote, param, table } = ex.dialect;
  const changed = await ex.execute(
    `UPDATE ${table(STANDING_ORDER.name)} SET ${quote('status')} = ${param(0)}, ${quote('next_due_date')} = NULL, ${quote('updated_at')} = ${param(1)} WHERE ${quote('order_id')} = ${param(2)} AND ${quote('status')} = ${param(3)}`,
    ['CANCELLED', at.toISOString(), orderId, 'ACTIVE'],
  );
  return changed === 1;
}

export async function insertOrderPayment(ex: Executor, payment: OrderPayment): Promise<void> {
  await writeRows(ex, STANDING_ORDER_PAYMENT, [payment], 'insert');
}

/** The payments an order made, newest due date first. */
export async function paymentsOf(ex: Executor, orderId: string, limit: number): Promise<OrderPayment[]> {
  const { quote, param, table } = ex.dialect;
  const rows = await ex.query(
    ex.dialect.limit(`SELECT ${selectList(STANDING_ORDER_PAYMENT as TableSpec<unknown>, ex.dialect)} FROM ${table(STANDING_ORDER_PAYMENT.name)} WHERE ${quote('order_id')} = ${param(0)} ORDER BY ${quote('due_date')} DESC`, limit),
    [orderId],
  );
  return rows.map((row) => STANDING_ORDER_PAYMENT.fromRow(row));
}
