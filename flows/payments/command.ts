/**
 * The payments command of the Platform API (hub/platform/commands.ts): POST
 * /platform/v1/payments validates the request, checks that the source account is the
 * client's (the store's account projection), and writes the payment (REQUESTED) with its
 * payment.requested outbox message in one transaction; the flow does the rest. The
 * Idempotency-Key is per client: the same key with the same request answers the first
 * payment (200), with another request IDEMPOTENCY_CONFLICT. GET reads one payment or
 * lists the client's, newest first, with their status histories and reason codes.
 */
import { randomUUID } from 'node:crypto';
import { HubError } from '../../hub/errors/catalog.js';
import { decodeOpaqueCursor, encodeOpaqueCursor, fingerprint, isInstant, isKey } from '../../hub/store/cursor.js';
import { readListQuery, type CommandAnswer, type PlatformCommand, type ResourceAnswer } from '../../hub/platform/commands.js';
import { writeRows } from '../../hub/store/sql.js';
import { OUTBOX_INSERT } from '../../hub/store/tables.js';
import type { Store } from '../../hub/store/index.js';
import { PAYMENTS_FLOW } from './flow.js';
import { PAYMENT_REQUESTED, paymentView, requestedMessage } from './mapping.js';
import { heldPayments, insertPayment, paymentById, paymentByKey, paymentsOf, statusHistories, type PaymentPosition } from './records.js';
import type { PaymentRecord } from './types.js';
import { checkIdempotencyKey, parsePaymentRequest, requestHash } from './validation.js';

export const PAYMENTS_PATH = '/platform/v1/payments';
export const MAX_PAYMENTS_PAGE = 100;
const DEFAULT_LIMIT = 20;

export interface PaymentsCommandOptions {
  readonly store: Pick<Store, 'transaction' | 'query' | 'account'>;
  /** Told after a payment and its outbox message were committed (wake the outbox relay). */
  readonly onCommitted?: () => void;
  readonly now?: () => Date;
  /** New payment ids; default random UUIDs. */
  readonly newId?: () => string;
}

export function createPaymentsCommand(options: PaymentsCommandOptions): PlatformCommand {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;

  const location = (paymentId: string): string => `${PAYMENTS_PATH}/${encodeURIComponent(paymentId)}`;

  /** The body of a payment with its history and whether an operator holds it. */
  async function views(payments: readonly PaymentRecord[]): Promise<ReturnType<typeof paymentView>[]> {
    if (payments.length === 0) return [];
    const ids = payments.map((payment) => payment.paymentId);
    const [histories, held] = await store.query('reading payments', async (ex) => [await statusHistories(ex, ids), await heldPayments(ex, PAYMENTS_FLOW, ids)] as const);
    return payments.map((payment) => paymentView(payment, histories.get(payment.paymentId) ?? [], held.has(payment.paymentId) ? { since: payment.updatedAt } : undefined));
  }

  /** The answer to a request whose key was used before. */
  async function repeated(existing: PaymentRecord, hash: string): Promise<CommandAnswer> {
    if (existing.requestHash !== hash) {
      throw new HubError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used for another payment request; use a new key for a new payment', { field: 'Idempotency-Key' });
    }
    const [view] = await views([existing]);
    return { status: 200, body: view, location: location(existing.paymentId) };
  }

  return {
    async submit(request) {
      const key = checkIdempotencyKey(request.idempotencyKey);
      const at = now();
      const payment = parsePaymentRequest(request.body, at.toISOString().slice(0, 10));
      const hash = requestHash(payment);
      const byKey = () => store.query('reading the payment by its idempotency key', (ex) => paymentByKey(ex, request.clientId, key));
      const earlier = await byKey();
      if (earlier) return repeated(earlier, hash);

      const account = await store.account(payment.fromAccountId);
      if (!account || account.clientId !== request.clientId) throw new HubError('NOT_FOUND', `no account ${payment.fromAccountId}`, { field: 'fromAccountId' });

      const record: PaymentRecord = {
        ...payment,
        paymentId: newId(),
        clientId: request.clientId,
        idempotencyKey: key,
        requestHash: hash,
        status: 'REQUESTED',
        decisions: [],
        createdAt: at,
        updatedAt: at,
      };
      let created: PaymentRecord | undefined;
      try {
        created = await store.transaction('submitting the payment', async (ex) => {
          // Another request with the key may have committed since the read above.
          const raced = await paymentByKey(ex, request.clientId, key);
          if (raced) return raced;
          await insertPayment(ex, record);
          await writeRows(ex, OUTBOX_INSERT, [{ eventId: record.paymentId, routingKey: PAYMENT_REQUESTED, payload: JSON.stringify(requestedMessage(record)), createdAt: at }], 'insert');
          return record;
        });
      } catch (error) {
        // A concurrent request with the same key won the unique index: answer its payment.
        const winner = await byKey().catch(() => undefined);
        if (winner) return repeated(winner, hash);
        throw error;
      }
      if (created !== record) return repeated(created, hash);
      options.onCommitted?.();
      const [view] = await views([record]);
      return { status: 201, body: view, location: location(record.paymentId) };
    },

    async read(clientId, id): Promise<ResourceAnswer | undefined> {
      const payment = await store.query('reading the payment', (ex) => paymentById(ex, id));
      if (!payment || payment.clientId !== clientId) return undefined;
      const [view] = await views([payment]);
      return { body: view, asOf: payment.updatedAt };
    },

    async list(clientId, query): Promise<ResourceAnswer> {
      const { limit, cursor } = readListQuery(query, DEFAULT_LIMIT, MAX_PAYMENTS_PAGE);
      const after = cursor === undefined ? undefined : decodeCursor(cursor, clientId);
      const rows = await store.query('reading payments', (ex) => paymentsOf(ex, clientId, limit, after));
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const items = await views(page);
      const asOf = page.reduce<Date | undefined>((latest, each) => (!latest || each.updatedAt > latest ? each.updatedAt : latest), undefined);
      return { body: { items, ...(rows.length > limit && last ? { nextCursor: encodeCursor(last, clientId) } : {}) }, asOf: asOf ?? now() };
    },
  };
}

const CURSOR_TAG = 'payments/1';

function encodeCursor(payment: PaymentRecord, clientId: string): string {
  return encodeOpaqueCursor(CURSOR_TAG, [payment.createdAt.toISOString(), payment.paymentId], fingerprint([clientId]));
}

function decodeCursor(cursor: string, clientId: string): PaymentPosition {
  const [createdAt, paymentId] = decodeOpaqueCursor(CURSOR_TAG, cursor, fingerprint([clientId]), [isInstant, (value) => isKey(value) && value.length <= 64]);
  return { createdAt: new Date(createdAt!), paymentId: paymentId! };
}
