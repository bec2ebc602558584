/**
 * Card orders (OrderCard, ReissueCard, ReportCardLostStolen with reissue) and how they
 * progress. The status of an order is derived from its age on the mock clock, so QA can
 * move an order along by advancing the clock:
 *
 *   physical, new order         RECEIVED at once; IN_PRODUCTION after 1 minute (the card
 *                               exists, ORDERED); SHIPPED (by post) or READY_FOR_PICKUP (to
 *                               a branch) after 5 minutes (the card is ISSUED); DELIVERED
 *                               after 10 minutes (the card stays ISSUED until activated).
 *   physical, replacement       IN_PRODUCTION at once (the card exists, ORDERED), then the
 *                               same 5 and 10 minute steps.
 *   virtual                     RECEIVED and DELIVERED at once; the card is ACTIVE.
 *
 * The effects on the card (creation, ORDERED → ISSUED) are applied, and pushed, the next
 * time the state is touched after the step's instant, with the step's instant as
 * occurredAt. An order whose card ends in a final status before delivery is CANCELLED.
 */
import { ContractFault } from '../server/types.js';
import { MINUTE_MS, dateOf } from '../shared/calendar.js';
import type { CardRecord, Delivery, OrderStatus } from './model.js';
import { FINAL_ORDER_STATUSES } from './model.js';
import type { CardRegistry, NewCardSpec } from './registry.js';

export const PRODUCTION_AFTER_MS = 1 * MINUTE_MS;
export const DISPATCH_AFTER_MS = 5 * MINUTE_MS;
export const DELIVERY_AFTER_MS = 10 * MINUTE_MS;

interface OrderStage {
  readonly status: OrderStatus;
  readonly at: Date;
}

export interface OrderRecord {
  readonly orderId: string;
  readonly clientId: string;
  readonly accountId: string;
  /** Where a physical card goes; absent for a virtual card. */
  readonly delivery?: Delivery;
  readonly stages: readonly OrderStage[];
  /** How many stages have had their effect on the card. */
  applied: number;
  /** The card the order produces; its id is fixed when the order is placed. */
  readonly card: NewCardSpec;
  readonly trackingReference?: string;
  ended?: { readonly status: 'CANCELLED' | 'REJECTED'; readonly at: Date; readonly reason: string };
}

export interface OrderView {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly statusChangedAt: Date;
  readonly statusReason?: string;
  readonly cardId?: string;
  readonly maskedPan?: string;
  readonly delivery?: Delivery;
  readonly trackingReference?: string;
  readonly estimatedDeliveryDate?: string;
}

export class OrderBook {
  private readonly orders = new Map<string, OrderRecord>();

  constructor(private readonly registry: CardRegistry) {}

  /** Places an order; a virtual card and a replacement's physical card come into being at once. */
  place(spec: NewCardSpec & { readonly orderId: string }, delivery: Delivery | undefined, now: Date, replacing?: CardRecord): OrderRecord {
    const at = (offset: number): Date => new Date(now.getTime() + offset);
    let stages: OrderStage[];
    if (spec.form === 'VIRTUAL') {
      stages = [{ status: 'RECEIVED', at: now }, { status: 'DELIVERED', at: now }];
    } else {
      const dispatched: OrderStatus = delivery && 'branchId' in delivery ? 'READY_FOR_PICKUP' : 'SHIPPED';
      stages = [
        ...(replacing ? [] : [{ status: 'RECEIVED' as const, at: now }]),
        { status: 'IN_PRODUCTION', at: replacing ? now : at(PRODUCTION_AFTER_MS) },
        { status: dispatched, at: at(DISPATCH_AFTER_MS) },
        { status: 'DELIVERED', at: at(DELIVERY_AFTER_MS) },
      ];
    }
    const order: OrderRecord = {
      orderId: spec.orderId,
      clientId: spec.clientId,
      accountId: spec.accountId,
      ...(spec.form === 'PHYSICAL' && delivery ? { delivery } : {}),
      stages,
      applied: 0,
      card: spec,
      ...(spec.form === 'PHYSICAL' && delivery && 'address' in delivery ? { trackingReference: `TRK-${spec.orderId}` } : {}),
    };
    this.orders.set(order.orderId, order);
    if (spec.form === 'VIRTUAL') {
      const reason = replacing ? `Virtual replacement for card ${replacing.cardId} issued` : 'Virtual card issued';
      this.registry.createCard(spec, 'ACTIVE', now, reason, replacing?.cardId);
      order.applied = stages.length;
    } else {
      this.progress(order, now);
    }
    return order;
  }

  /** Applies every stage that is due; called before each read or write of the state. */
  progressAll(now: Date): void {
    for (const order of this.orders.values()) this.progress(order, now);
  }

  allOrders(): OrderRecord[] {
    return [...this.orders.values()];
  }

  ownedOrder(clientId: string, orderId: string): OrderRecord {
    const order = this.orders.get(orderId);
    if (!order || order.clientId !== clientId) throw new ContractFault('ORDER_NOT_FOUND', `no card order ${orderId} for client ${clientId}`, { field: 'orderId' });
    return order;
  }

  /** Orders still open whose card does not exist yet: they count against the card limits. */
  openOrdersWithoutCard(): OrderRecord[] {
    return [...this.orders.values()].filter((order) => !order.ended && !this.registry.findCard(order.card.cardId));
  }

  /** The card of an order ended in a final status before delivery: the order is CANCELLED. */
  cancelForCard(cardId: string, at: Date, reason: string): void {
    for (const order of this.orders.values()) {
      if (order.card.cardId !== cardId || order.ended) continue;
      if (FINAL_ORDER_STATUSES.has(this.currentStage(order, at).status)) continue;
      order.ended = { status: 'CANCELLED', at, reason };
    }
  }

  view(order: OrderRecord, now: Date): OrderView {
    const stage = order.ended ?? this.currentStage(order, now);
    const card = this.registry.findCard(order.card.cardId);
    const final = FINAL_ORDER_STATUSES.has(stage.status);
    const dispatched = order.stages.findIndex((item) => item.status === 'SHIPPED');
    const shipped = dispatched >= 0 && order.stages[dispatched]!.at.getTime() <= now.getTime();
    const delivered = order.stages[order.stages.length - 1]!;
    return {
      orderId: order.orderId,
      status: stage.status,
      statusChangedAt: stage.at,
      ...(order.ended ? { statusReason: order.ended.reason } : {}),
      ...(card ? { cardId: card.cardId, maskedPan: this.registry.pans.masked(card.cardId) } : {}),
      ...(order.delivery ? { delivery: order.delivery } : {}),
      ...(order.trackingReference && shipped ? { trackingReference: order.trackingReference } : {}),
      ...(final ? {} : { estimatedDeliveryDate: dateOf(delivered.at) }),
    };
  }

  private currentStage(order: OrderRecord, now: Date): OrderStage {
    let current = order.stages[0]!;
    for (const stage of order.stages) if (stage.at.getTime() <= now.getTime()) current = stage;
    return current;
  }

  private progress(order: OrderRecord, now: Date): void {
    while (!order.ended && order.applied < order.stages.length && order.stages[order.applied]!.at.getTime() <= now.getTime()) {
      this.applyStage(order, order.stages[order.applied]!);
      order.applied += 1;
    }
  }

  private applyStage(order: OrderRecord, stage: OrderStage): void {
    const replaces = order.card.replacesCardId;
    if (stage.status === 'IN_PRODUCTION' && !this.registry.findCard(order.card.cardId)) {
      const reason = replaces ? `Replacement for card ${replaces} in production` : 'Card in production';
      this.registry.createCard(order.card, 'ORDERED', stage.at, reason, replaces);
    }
    if (stage.status === 'SHIPPED' || stage.status === 'READY_FOR_PICKUP') {
      const card = this.registry.findCard(order.card.cardId);
      // Only a card still in production moves on; a card QA moved elsewhere keeps its status.
      if (card?.status === 'ORDERED') {
        const reason = stage.status === 'SHIPPED' ? 'Card produced and shipped' : 'Card produced and ready for pickup at the branch';
        this.registry.transition(card, 'ISSUED', stage.at, { reason });
      }
    }
  }
}
