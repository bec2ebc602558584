/**
 * QA fixtures of the card mock, run in-process or through the admin API
 * (POST /admin/fixtures/{name} with one JSON object). Each takes one object, checks it
 * (the admin API passes whatever JSON it was sent), changes the state through the same
 * paths as the operations (so every change is pushed) and answers JSON-friendly values.
 */
import { ContractFault } from '../server/types.js';
import { timestamp } from '../shared/calendar.js';
import type { EncodableObject } from '../../common/soap/codec.js';
import { deliveryValue, summaryValue, transactionValue } from './handlers.js';
import type { AuthoriseRequest } from './ledger.js';
import { PAYMENT_CHANNELS } from './limits.js';
import type { BlockReason, CardStatus } from './model.js';
import { BLOCK_REASONS, CARD_STATUSES } from './model.js';
import type { CardsState } from './state.js';

/** A card payment at a merchant, as the authorise fixture takes it. */
export type AuthoriseInput = AuthoriseRequest;

export type AuthoriseAnswer =
  | { readonly approved: true; readonly authorisation: EncodableObject }
  | { readonly approved: false; readonly declineReason: string; readonly message: string; readonly limitType?: string; readonly period?: string };

/** A type alias, not an interface: the admin API's FixtureSet needs an implicit index signature. */
export type CardsFixtures = {
  /** A card payment at a merchant: an AUTHORISED hold (pushed PENDING) or a decline with its reason. */
  authorise(input: AuthoriseInput): AuthoriseAnswer;
  /** The acquirer's clearing: SETTLED on `date` (default today) for `amount` (default the held amount); pushed BOOKED. */
  settle(input: { readonly authorisationId: string; readonly date?: string; readonly amount?: string }): EncodableObject;
  /** The merchant cancels a hold: REVERSED. */
  reverse(input: { readonly authorisationId: string }): EncodableObject;
  /** Holds past their holding period at `now` (default the clock) become EXPIRED. */
  expireAuthorisations(input?: { readonly now?: string }): { readonly expired: string[] };
  /** The bank's staff set any status (no lifecycle rules); the change is pushed. */
  setCardStatus(input: { readonly cardId: string; readonly status: CardStatus; readonly reason?: string; readonly blockReason?: BlockReason }): EncodableObject;
  /** Applies the order steps the clock has made due and lists every order. */
  advanceOrders(input?: Record<string, never>): { readonly orders: EncodableObject[] };
  /** Core banking closed, blocked or reopened an account: decides ACCOUNT_CLOSED / ACCOUNT_BLOCKED for new cards. */
  setAccountStatus(input: { readonly accountId: string; readonly status: 'OPEN' | 'CLOSED' | 'BLOCKED' }): { readonly accountId: string; readonly status: string };
  /** Reads the activation letter of a card: its one-time activation code. */
  activationCode(input: { readonly cardId: string }): { readonly cardId: string; readonly activationCode: string };
};

function invalidInput(field: string, message: string): ContractFault {
  return new ContractFault('SCHEMA_VIOLATION', `fixture input ${field}: ${message}`, { field });
}

function record(input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw invalidInput('(body)', 'expected a JSON object');
  return input as Record<string, unknown>;
}

function optionalString(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw invalidInput(field, 'expected a non-empty string');
  return value;
}

function requiredString(input: Record<string, unknown>, field: string): string {
  const value = optionalString(input, field);
  if (value === undefined) throw invalidInput(field, 'is required');
  return value;
}

function choice<T extends string>(allowed: readonly T[], value: string | undefined, field: string): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw invalidInput(field, `expected one of ${allowed.join(', ')}`);
  return found;
}

export function createCardsFixtures(state: CardsState): CardsFixtures {
  return {
    authorise: (input) => {
      const body = record(input);
      const mcc = requiredString(body, 'mcc');
      if (!/^[0-9]{4}$/.test(mcc)) throw invalidInput('mcc', 'expected four digits');
      const city = optionalString(body, 'city');
      const country = optionalString(body, 'country');
      if (country !== undefined && !/^[A-Z]{2}$/.test(country)) throw invalidInput('country', 'expected an ISO 3166 alpha-2 code');
      const channel = choice(PAYMENT_CHANNELS, optionalString(body, 'channel'), 'channel');
      const outcome = state.authorise({
        cardId: requiredString(body, 'cardId'),
        amount: requiredString(body, 'amount'),
        currency: requiredString(body, 'currency'),
        merchantName: requiredString(body, 'merchantName').slice(0, 140),
        ...(city === undefined ? {} : { city: city.slice(0, 140) }),
        ...(country === undefined ? {} : { country }),
        mcc,
        ...(channel ? { channel } : {}),
      });
      if (outcome.approved) return { approved: true, authorisation: transactionValue(outcome.authorisation) };
      return {
        approved: false,
        declineReason: outcome.declineReason,
        message: outcome.message,
        ...(outcome.breach ? { limitType: outcome.breach.limitType, period: outcome.breach.period } : {}),
      };
    },

    settle: (input) => {
      const body = record(input);
      return transactionValue(state.settle(requiredString(body, 'authorisationId'), optionalString(body, 'date'), optionalString(body, 'amount')));
    },

    reverse: (input) => transactionValue(state.reverse(requiredString(record(input), 'authorisationId'))),

    expireAuthorisations: (input) => {
      const text = optionalString(record(input), 'now');
      const now = text === undefined ? undefined : new Date(text);
      if (now && Number.isNaN(now.getTime())) throw invalidInput('now', 'expected an ISO 8601 instant');
      return { expired: state.expireAuthorisations(now).map((item) => item.authorisationId) };
    },

    setCardStatus: (input) => {
      const body = record(input);
      const status = choice(CARD_STATUSES, requiredString(body, 'status'), 'status')!;
      const reason = optionalString(body, 'reason');
      const blockReason = choice(BLOCK_REASONS, optionalString(body, 'blockReason'), 'blockReason');
      return summaryValue(state.setCardStatus(requiredString(body, 'cardId'), status, reason?.slice(0, 140), blockReason));
    },

    advanceOrders: () => ({
      orders: state.advanceOrders().map((order) => ({
        orderId: order.orderId,
        status: order.status,
        statusChangedAt: timestamp(order.statusChangedAt),
        ...(order.cardId ? { cardId: order.cardId } : {}),
        ...(order.maskedPan ? { maskedPan: order.maskedPan } : {}),
        ...(order.delivery ? { delivery: deliveryValue(order.delivery) } : {}),
      })),
    }),

    setAccountStatus: (input) => {
      const body = record(input);
      const accountId = requiredString(body, 'accountId');
      const status = choice(['OPEN', 'CLOSED', 'BLOCKED'] as const, requiredString(body, 'status'), 'status')!;
      state.setAccountStatus(accountId, status === 'OPEN' ? undefined : status);
      return { accountId, status };
    },

    activationCode: (input) => {
      const cardId = requiredString(record(input), 'cardId');
      return { cardId, activationCode: state.activationCodeOf(cardId) };
    },
  };
}
