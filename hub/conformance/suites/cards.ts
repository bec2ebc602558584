/**
 * Conformance checks of a Cards implementation. Needs a client id; the lifecycle checks
 * order a new virtual card and work on it, so the client's real cards are only read.
 */
import { randomUUID } from 'node:crypto';
import type { EncodableObject, PlainObject, PlainValue } from '../../../common/soap/codec.js';
import type { ContractCaller } from '../caller.js';
import { expectEqual, expectFault, expectResponse, fail, list, pageThrough, pick, protocolChecks, type Check } from '../checks.js';

export interface CardsFixtures {
  readonly clientId: string;
  /** An active physical card of the client (read, and a PIN reset); default: the first one listed. */
  readonly cardId?: string;
}

const UNKNOWN_ID = 'conformance-unknown-0000';
const DAY = 86_400_000;

/** Any 13–19 digit value that passes Luhn: a PAN in clear. */
function clearPans(value: PlainValue | undefined, path = ''): string[] {
  if (typeof value === 'string') return /^[0-9]{13,19}$/.test(value) && luhn(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => clearPans(item, `${path}[${index}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => clearPans(item, path ? `${path}.${key}` : key));
  return [];
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

export function cardsChecks(caller: ContractCaller, fixtures: CardsFixtures, now: () => Date = () => new Date()): Check[] {
  const op = (name: string) => caller.operations.get(name)!;
  const call = (name: string, value: EncodableObject) => caller.call(name, value);
  const id = (suffix: string) => `cards.${suffix}`;
  const key = () => `conf-${randomUUID()}`;
  const clientId = fixtures.clientId;
  const noClearPan = (value: PlainObject, where: string): void => {
    const paths = clearPans(value);
    if (paths.length > 0) fail(`${where} returns a full card number at ${paths.join(', ')}`);
  };

  const found: { cardId?: string; accountId?: string; virtualCardId?: string; orderId?: string } = {};
  const card = (): string => found.cardId ?? fail('no active card was found (see the first check)');
  const virtual = (): string => found.virtualCardId ?? fail('no virtual card was ordered (see OrderCard)');
  const cardOf = async (cardId: string): Promise<PlainObject> =>
    list(expectResponse(await call('GetCard', { clientId, cardId }), op('GetCard')), 'card')[0] ?? fail('GetCard returned no card');

  return [
    {
      id: id('GetClientCards.response'),
      title: "GetClientCards lists the client's cards with masked numbers only",
      run: async () => {
        const value = expectResponse(await call('GetClientCards', { clientId }), op('GetClientCards'));
        noClearPan(value, 'GetClientCards');
        const cards = list(value, 'card');
        const chosen = fixtures.cardId ? cards.find((item) => item.cardId === fixtures.cardId) : cards.find((item) => item.status === 'ACTIVE' && item.cardForm === 'PHYSICAL');
        if (!chosen) fail(fixtures.cardId ? `the card ${fixtures.cardId} is not listed` : 'the client has no ACTIVE physical card');
        found.cardId = String(chosen.cardId);
        found.accountId = pick(chosen, 'accountId');
      },
    },
    {
      id: id('GetClientCards.not-found'),
      title: 'GetClientCards of an unknown client answers CLIENT_NOT_FOUND',
      run: async () => expectFault(await call('GetClientCards', { clientId: UNKNOWN_ID }), op('GetClientCards'), ['CLIENT_NOT_FOUND']),
    },
    {
      id: id('GetCard.response'),
      title: 'GetCard returns the card, its limits, and never the full card number',
      run: async () => {
        const value = expectResponse(await call('GetCard', { clientId, cardId: card() }), op('GetCard'));
        noClearPan(value, 'GetCard');
        expectEqual(pick(value, 'card.cardId'), card(), 'card id');
        found.accountId ??= pick(value, 'card.accountId');
      },
    },
    {
      id: id('GetCard.not-found'),
      title: 'GetCard of an unknown card answers CARD_NOT_FOUND',
      run: async () => expectFault(await call('GetCard', { clientId, cardId: UNKNOWN_ID }), op('GetCard'), ['CARD_NOT_FOUND']),
    },
    {
      id: id('OrderCard.idempotent'),
      title: 'OrderCard of a virtual card, repeated with the same key, returns the first order',
      run: async () => {
        const accountId = found.accountId ?? fail('the card has no account id');
        const request = { idempotencyKey: key(), clientId, accountId, cardType: 'DEBIT', cardForm: 'VIRTUAL' };
        const first = expectResponse(await call('OrderCard', request), op('OrderCard'));
        const second = expectResponse(await call('OrderCard', request), op('OrderCard'));
        expectEqual(pick(second, 'orderId'), pick(first, 'orderId'), 'order id of the repeated request');
        found.orderId = pick(first, 'orderId');
        found.virtualCardId = pick(first, 'cardId') ?? fail('a virtual card order returned no card id');
        expectFault(await call('OrderCard', { ...request, cardType: 'PREPAID' }), op('OrderCard'), ['IDEMPOTENCY_CONFLICT']);
      },
    },
    {
      id: id('GetCardOrderStatus.response'),
      title: 'GetCardOrderStatus follows the order',
      run: async () => {
        const orderId = found.orderId ?? fail('no order was placed');
        const value = expectResponse(await call('GetCardOrderStatus', { clientId, orderId }), op('GetCardOrderStatus'));
        expectEqual(pick(value, 'orderId'), orderId, 'order id');
        expectFault(await call('GetCardOrderStatus', { clientId, orderId: UNKNOWN_ID }), op('GetCardOrderStatus'), ['ORDER_NOT_FOUND']);
      },
    },
    {
      id: id('ActivateCard.response'),
      title: 'ActivateCard with the last four digits activates the new card; a wrong code is refused',
      run: async () => {
        const details = await cardOf(virtual());
        const lastFour = String(details.maskedPan).slice(-4);
        const wrong = String((Number(lastFour) + 1) % 10_000).padStart(4, '0');
        if (details.status !== 'ACTIVE') {
          expectFault(await call('ActivateCard', { clientId, cardId: virtual(), panLastFour: wrong }), op('ActivateCard'), ['INVALID_ACTIVATION_CODE']);
        }
        const value = expectResponse(await call('ActivateCard', { clientId, cardId: virtual(), panLastFour: lastFour }), op('ActivateCard'));
        expectEqual(pick(value, 'status'), 'ACTIVE', 'status after activation');
      },
    },
    {
      id: id('BlockCard.lifecycle'),
      title: 'BlockCard blocks (twice is harmless); UnblockCard makes the card ACTIVE again',
      run: async () => {
        const request = { clientId, cardId: virtual(), reason: 'CLIENT_REQUEST' };
        expectEqual(pick(expectResponse(await call('BlockCard', request), op('BlockCard')), 'status'), 'BLOCKED', 'status after BlockCard');
        expectEqual(pick(expectResponse(await call('BlockCard', request), op('BlockCard')), 'status'), 'BLOCKED', 'status after a second BlockCard');
        const value = expectResponse(await call('UnblockCard', { clientId, cardId: virtual() }), op('UnblockCard'));
        expectEqual(pick(value, 'status'), 'ACTIVE', 'status after UnblockCard');
      },
    },
    {
      id: id('SetCardLimits.response'),
      title: 'SetCardLimits sets a daily purchase limit and refuses one above the product maximum',
      run: async () => {
        const details = await cardOf(virtual());
        const current = list(details, 'limit')[0];
        const currency = pick(current, 'amount.currency') ?? fail('the card shows no limit to learn its currency from');
        const value = expectResponse(
          await call('SetCardLimits', { clientId, cardId: virtual(), limit: [{ limitType: 'PURCHASE', period: 'DAILY', amount: { amount: '100', currency } }] }),
          op('SetCardLimits'),
        );
        const daily = list(value, 'cardLimit').find((item) => item.limitType === 'PURCHASE' && item.period === 'DAILY');
        if (!daily) fail('the response does not show the daily purchase limit');
        expectFault(
          await call('SetCardLimits', { clientId, cardId: virtual(), limit: [{ limitType: 'PURCHASE', period: 'DAILY', amount: { amount: '999999999999', currency } }] }),
          op('SetCardLimits'),
          ['LIMIT_EXCEEDED'],
        );
      },
    },
    {
      id: id('ResetPin.idempotent'),
      title: 'ResetPin of the physical card, repeated with the same key, returns the first reset',
      run: async () => {
        const request = { idempotencyKey: key(), clientId, cardId: card(), channel: 'SMS' };
        const first = expectResponse(await call('ResetPin', request), op('ResetPin'));
        const second = expectResponse(await call('ResetPin', request), op('ResetPin'));
        expectEqual(pick(second, 'pinResetId'), pick(first, 'pinResetId'), 'PIN reset id of the repeated request');
      },
    },
    {
      id: id('GetCardTransactions.paging'),
      title: 'GetCardTransactions pages with cursors without repeating an authorisation',
      run: async () => {
        const period = { from: new Date(now().getTime() - 120 * DAY).toISOString().slice(0, 10), to: now().toISOString().slice(0, 10) };
        await pageThrough(
          async (page) => {
            const value = expectResponse(await call('GetCardTransactions', { clientId, cardId: card(), period, page }), op('GetCardTransactions'));
            noClearPan(value, 'GetCardTransactions');
            return value;
          },
          'transaction',
          (item) => `authorisation ${JSON.stringify(item)}`,
        );
      },
    },
    {
      id: id('GetCardTransactions.invalid-cursor'),
      title: 'GetCardTransactions with a cursor the server never issued answers INVALID_CURSOR',
      run: async () => {
        const period = { from: new Date(now().getTime() - 30 * DAY).toISOString().slice(0, 10), to: now().toISOString().slice(0, 10) };
        expectFault(await call('GetCardTransactions', { clientId, cardId: card(), period, page: { cursor: 'not-a-cursor-!!' } }), op('GetCardTransactions'), ['INVALID_CURSOR']);
      },
    },
    {
      id: id('ReportCardLostStolen.final'),
      title: 'ReportCardLostStolen stops the card for good and reissues it; the old card cannot be unblocked',
      run: async () => {
        const request = { idempotencyKey: key(), clientId, cardId: virtual(), lossType: 'LOST', lossDate: now().toISOString().slice(0, 10), reissue: true };
        const first = expectResponse(await call('ReportCardLostStolen', request), op('ReportCardLostStolen'));
        expectEqual(pick(first, 'status'), 'LOST', 'status after the report');
        const second = expectResponse(await call('ReportCardLostStolen', request), op('ReportCardLostStolen'));
        expectEqual(pick(second, 'newCardId'), pick(first, 'newCardId'), 'replacement card of the repeated report');
        expectFault(await call('UnblockCard', { clientId, cardId: virtual() }), op('UnblockCard'), ['INVALID_STATE']);
        const replacement = pick(first, 'newCardId');
        if (replacement) {
          const reissued = expectResponse(await call('ReissueCard', { idempotencyKey: key(), clientId, cardId: replacement, reason: 'DAMAGED' }), op('ReissueCard'));
          if (!pick(reissued, 'newCardId')) fail('ReissueCard returned no new card id');
        }
      },
    },
    ...protocolChecks(caller, 'GetCard', () => ({ clientId, cardId: card() })),
  ];
}
