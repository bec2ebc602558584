/**
 * The standing orders resource of the Platform API (/platform/v1/standing-orders): POST
 * creates an order the hub holds and fires (scheduler.ts), GET /:id reads one with its
 * latest payments, GET lists the client's, DELETE /:id cancels one (cancel()).
 *
 * An order is checked (request.ts), and its account must be one of the client's accounts
 * in the store, in the order's currency. The channel's Idempotency-Key makes a repeat
 * safe: the same key and body answer the first order (200), another body is
 * IDEMPOTENCY_CONFLICT. Creating an order publishes nothing; its payments are published
 * as they fall due.
 */
import { createHash, randomUUID } from 'node:crypto';
import { formatAmount } from '../../common/money.js';
import { HubError } from '../../hub/errors/catalog.js';
import { decodeOpaqueCursor, encodeOpaqueCursor, fingerprint, isInstant, isKey } from '../../hub/store/cursor.js';
import { readListQuery, type CommandAnswer, type CommandRequest, type PlatformCommand, type ResourceAnswer } from '../../hub/platform/commands.js';
import type { Store } from '../../hub/store/index.js';
import { standingOrderView } from './mapping.js';
import { cancelOrder, insertOrder, orderById, orderByKey, ordersOf, paymentsOf, type OrderPosition, type StandingOrder } from './records.js';
import { dateOf, readStandingOrderInput } from './request.js';

export const STANDING_ORDERS_PATH = '/platform/v1/standing-orders';
export const DEFAULT_STANDING_ORDERS_PAGE = 20;
export const MAX_STANDING_ORDERS_PAGE = 100;
/** Payments shown on a read of one order. */
const PAYMENTS_SHOWN = 20;

export interface StandingOrdersCommandOptions {
  readonly store: Pick<Store, 'transaction' | 'query' | 'account'>;
  readonly now?: () => Date;
}

export interface StandingOrdersCommand extends PlatformCommand {
  /** Cancels one of the client's orders (no payment falls due after); undefined when unknown or someone else's. Cancelling again answers the order. */
  cancel(clientId: string, id: string): Promise<ResourceAnswer | undefined>;
}

const KEY = /^[\x21-\x7e]{1,64}$/;
const CURSOR_TAG = 'standing-orders/1';

export function createStandingOrdersCommand(options: StandingOrdersCommandOptions): StandingOrdersCommand {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const location = (order: StandingOrder): string => `${STANDING_ORDERS_PATH}/${order.orderId}`;
  const repeat = (order: StandingOrder, hash: string): CommandAnswer => {
    if (order.requestHash !== hash) throw new HubError('IDEMPOTENCY_CONFLICT', 'The Idempotency-Key was used before with another request.', { field: 'Idempotency-Key' });
    return { status: 200, body: standingOrderView(order), location: location(order) };
  };

  return {
    async submit(request: CommandRequest): Promise<CommandAnswer> {
      if (typeof request.idempotencyKey !== 'string' || !KEY.test(request.idempotencyKey)) {
        throw new HubError('INVALID_REQUEST', 'The Idempotency-Key must be 1 to 64 visible ASCII characters.', { field: 'Idempotency-Key' });
      }
      const at = now();
      const input = readStandingOrderInput(request.body, dateOf(at));
      // The request as given (the start date defaults to the day of the first request, so it is not part of it then).
      const hash = createHash('sha256')
        .update(JSON.stringify({ ...input, amount: formatAmount(input.amount), currency: input.amount.currency, startDate: (request.body as { startDate?: unknown }).startDate ?? null, firstDueDate: null }))
        .digest('hex');
      const find = (): Promise<StandingOrder | undefined> => store.query('reading the standing order', (ex) => orderByKey(ex, request.clientId, request.idempotencyKey));
      const earlier = await find();
      if (earlier) return repeat(earlier, hash);

      const account = await store.account(input.fromAccountId);
      if (!account || account.clientId !== request.clientId) throw new HubError('NOT_FOUND', 'The client has no such account.', { field: 'fromAccountId' });
      if (account.currency !== input.amount.currency) {
        throw new HubError('CURRENCY_MISMATCH', `The account is in ${account.currency}, the order in ${input.amount.currency}.`, { field: 'amount.currency' });
      }
      const order: StandingOrder = {
        orderId: randomUUID(),
        clientId: request.clientId,
        idempotencyKey: request.idempotencyKey,
        requestHash: hash,
        fromAccountId: input.fromAccountId,
        amount: input.amount,
        payee: input.payee,
        ...(input.remittanceInformation !== undefined ? { remittanceInformation: input.remittanceInformation } : {}),
        frequency: input.frequency,
        ...(input.day !== undefined ? { day: input.day } : {}),
        startDate: input.startDate,
        ...(input.endDate !== undefined ? { endDate: input.endDate } : {}),
        nextDueDate: input.firstDueDate,
        status: 'ACTIVE',
        paymentsMade: 0,
        createdAt: at,
        updatedAt: at,
      };
      let written: StandingOrder;
      try {
        written = await store.transaction('creating the standing order', async (ex) => {
          const raced = await orderByKey(ex, request.clientId, request.idempotencyKey);
          if (raced) return raced;
          await insertOrder(ex, order);
          return order;
        });
      } catch (error) {
        const winner = await find().catch(() => undefined);
        if (winner) return repeat(winner, hash);
        throw error;
      }
      if (written !== order) return repeat(written, hash);
      return { status: 201, body: standingOrderView(order), location: location(order) };
    },

    read: (clientId, id) =>
      store.query('reading the standing order', async (ex) => {
        const order = await orderById(ex, id);
        if (!order || order.clientId !== clientId) return undefined;
        return { body: standingOrderView(order, await paymentsOf(ex, order.orderId, PAYMENTS_SHOWN)), asOf: order.updatedAt };
      }),

    async list(clientId, query) {
      const { limit, cursor } = readListQuery(query, DEFAULT_STANDING_ORDERS_PAGE, MAX_STANDING_ORDERS_PAGE);
      const position = cursor === undefined ? undefined : decodeCursor(cursor, clientId);
      return store.query('listing the standing orders', async (ex) => {
        const rows = await ordersOf(ex, clientId, limit + 1, position);
        const orders = rows.slice(0, limit);
        const last = orders[orders.length - 1];
        const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, orderId: last.orderId }, clientId) : undefined;
        const asOf = orders.reduce<Date | undefined>((newest, order) => (!newest || order.updatedAt > newest ? order.updatedAt : newest), undefined);
        return { body: { items: orders.map((order) => standingOrderView(order)), ...(nextCursor ? { nextCursor } : {}) }, asOf: asOf ?? now() };
      });
    },

    cancel: (clientId, id) =>
      store.transaction('cancelling the standing order', async (ex) => {
        const order = await orderById(ex, id, true);
        if (!order || order.clientId !== clientId) return undefined;
        if (order.status === 'COMPLETED') throw new HubError('INVALID_STATE', 'The standing order has ended; there is nothing to cancel.');
        if (order.status === 'ACTIVE') await cancelOrder(ex, order.orderId, now());
        const current = (await orderById(ex, id))!;
        return { body: standingOrderView(current), asOf: current.updatedAt };
      }),
  };
}

function encodeCursor(position: OrderPosition, clientId: string): string {
  return encodeOpaqueCursor(CURSOR_TAG, [position.createdAt.toISOString(), position.orderId], fingerprint([clientId]));
}

function decodeCursor(cursor: string, clientId: string): OrderPosition {
  const [createdAt, orderId] = decodeOpaqueCursor(CURSOR_TAG, cursor, fingerprint([clientId]), [isInstant, isKey]);
  return { createdAt: new Date(createdAt!), orderId: orderId! };
}
