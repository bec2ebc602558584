/**
 * The typed client of the card processing system: one method per operation of
 * wsdl/cards/v1/Cards.wsdl. A method builds the request (mapping.ts), hands it to the
 * caller and reads the answer (mapping.ts); timeouts, retries, the breaker and the rest
 * are the caller's (connectors/shared). The writes that create something carry the
 * caller's idempotency key, in the request and in the call, so that the caller may repeat
 * them: OrderCard, ReportCardLostStolen, ResetPin, ReissueCard. ActivateCard, BlockCard,
 * UnblockCard and SetCardLimits are idempotent by nature and carry no key.
 */
import { operationCall, type CallOptions, type OperationCaller } from '../shared/types.js';
import * as map from './mapping.js';
import type { CardsOperation } from './mapping.js';
import { idempotencyKeyText, type RequestObject } from '../shared/message-writer.js';
import type {
  ActivateCardRequest,
  BlockCardRequest,
  BlockCardResult,
  Card,
  CardLimits,
  CardOrder,
  CardStatusResult,
  CardSummary,
  CardTransactionPage,
  GetCardOrderStatusRequest,
  GetCardRequest,
  GetCardTransactionsRequest,
  GetClientCardsRequest,
  LostStolenReport,
  OrderCardRequest,
  OrderCardResult,
  PinReset,
  ReissueCardRequest,
  ReissueResult,
  ReportCardLostStolenRequest,
  ResetPinRequest,
  SetCardLimitsRequest,
  UnblockCardRequest,
} from './types.js';

export type { CallOptions };

export class CardsClient {
  constructor(private readonly caller: OperationCaller) {
    if (caller.backOffice !== 'cards') throw new TypeError(`CardsClient needs a caller of the cards back office, not ${caller.backOffice}`);
  }

  /** The client's cards, newest first; only the ones not final unless includeFinal. */
  async getClientCards(request: GetClientCardsRequest, options?: CallOptions): Promise<CardSummary[]> {
    return map.readGetClientCardsResponse(await this.send('GetClientCards', map.getClientCardsRequest(request), options));
  }

  async getCard(request: GetCardRequest, options?: CallOptions): Promise<Card> {
    return map.readGetCardResponse(await this.send('GetCard', map.getCardRequest(request), options));
  }

  async orderCard(idempotencyKey: string, request: OrderCardRequest, options?: CallOptions): Promise<OrderCardResult> {
    const key = idempotencyKeyText(idempotencyKey);
    return map.readOrderCardResponse(await this.send('OrderCard', map.orderCardRequest(key, request), options, key));
  }

  async getCardOrderStatus(request: GetCardOrderStatusRequest, options?: CallOptions): Promise<CardOrder> {
    return map.readGetCardOrderStatusResponse(await this.send('GetCardOrderStatus', map.getCardOrderStatusRequest(request), options));
  }

  async activateCard(request: ActivateCardRequest, options?: CallOptions): Promise<CardStatusResult> {
    return map.readActivateCardResponse(await this.send('ActivateCard', map.activateCardRequest(request), options));
  }

  async blockCard(request: BlockCardRequest, options?: CallOptions): Promise<BlockCardResult> {
    return map.readBlockCardResponse(await this.send('BlockCard', map.blockCardRequest(request), options));
  }

  async unblockCard(request: UnblockCardRequest, options?: CallOptions): Promise<CardStatusResult> {
    return map.readUnblockCardResponse(await this.send('UnblockCard', map.unblockCardRequest(request), options));
  }

  async reportCardLostStolen(idempotencyKey: string, request: ReportCardLostStolenRequest, options?: CallOptions): Promise<LostStolenReport> {
    const key = idempotencyKeyText(idempotencyKey);
    return map.readReportCardLostStolenResponse(await this.send('ReportCardLostStolen', map.reportCardLostStolenRequest(key, request), options, key));
  }

  async setCardLimits(request: SetCardLimitsRequest, options?: CallOptions): Promise<CardLimits> {
    return map.readSetCardLimitsResponse(await this.send('SetCardLimits', map.setCardLimitsRequest(request), options));
  }

  async resetPin(idempotencyKey: string, request: ResetPinRequest, options?: CallOptions): Promise<PinReset> {
    const key = idempotencyKeyText(idempotencyKey);
    return map.readResetPinResponse(await this.send('ResetPin', map.resetPinRequest(key, request), options, key));
  }

  async reissueCard(idempotencyKey: string, request: ReissueCardRequest, options?: CallOptions): Promise<ReissueResult> {
    const key = idempotencyKeyText(idempotencyKey);
    return map.readReissueCardResponse(await this.send('ReissueCard', map.reissueCardRequest(key, request), options, key));
  }

  async getCardTransactions(request: GetCardTransactionsRequest, options?: CallOptions): Promise<CardTransactionPage> {
    return map.readGetCardTransactionsResponse(await this.send('GetCardTransactions', map.getCardTransactionsRequest(request), options));
  }

  private send(operation: CardsOperation, request: RequestObject, options: CallOptions | undefined, idempotencyKey?: string): Promise<Record<string, unknown>> {
    return this.caller.call(operationCall(operation, request, options, idempotencyKey));
  }
}
