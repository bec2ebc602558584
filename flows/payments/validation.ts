/**
 * Reads the body of POST /platform/v1/payments into a PaymentRequest, or refuses it with
 * a HubError that names the field (INVALID_REQUEST, INVALID_MONEY, UNKNOWN_CURRENCY). Pure:
 * the same body always gives the same answer, so a repeated request is compared by its
 * normalised form (requestHash), not by its bytes.
 */
import { createHash } from 'node:crypto';
import { MoneyError, formatAmount, parseAmount, type Money } from '../../common/money.js';
import { hasValidCheckDigits } from '../../common/iban.js';
import { HubError } from '../../hub/errors/catalog.js';
import { CLIENT_CHANNELS, type Payee, type PaymentChannel, type PaymentRequest } from './types.js';

const IDENTIFIER = /^[A-Za-z0-9._:-]{1,64}$/;
const IBAN_SHAPE = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;
const BIC = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
/** Visible ASCII: what an HTTP header carries safely. */
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,128}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;
const MAX_TEXT = 140;
/** How far ahead an execution date may be requested, as the bank allows. */
export const MAX_EXECUTION_DAYS_AHEAD = 365;

const FIELDS = new Set(['fromAccountId', 'amount', 'payee', 'remittanceInformation', 'channel', 'requestedExecutionDate']);
const PAYEE_FIELDS = new Set(['name', 'iban', 'bic']);
const AMOUNT_FIELDS = new Set(['amount', 'currency']);

const invalid = (field: string, message: string): HubError => new HubError('INVALID_REQUEST', `${field}: ${message}`, { field });

/** The Idempotency-Key header: 1 to 128 visible ASCII characters. */
export function checkIdempotencyKey(key: unknown): string {
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) throw invalid('Idempotency-Key', 'must be 1 to 128 visible ASCII characters');
  return key;
}

/** `channels`: the channels this origin may name (clients: CLIENT_CHANNELS). */
export function parsePaymentRequest(body: unknown, today: string, channels: readonly PaymentChannel[] = CLIENT_CHANNELS): PaymentRequest {
  const root = object(body, 'body');
  only(root, FIELDS, '');
  const fromAccountId = root.fromAccountId;
  if (typeof fromAccountId !== 'string' || !IDENTIFIER.test(fromAccountId)) throw invalid('fromAccountId', 'must be an account id (1–64 of A–Z a–z 0–9 . _ : -)');
  const amount = money(root.amount);
  const payee = payeeOf(root.payee);
  const remittanceInformation = root.remittanceInformation === undefined ? undefined : text(root.remittanceInformation, 'remittanceInformation');
  const channel = root.channel;
  if (typeof channel !== 'string' || !(channels as readonly string[]).includes(channel)) throw invalid('channel', `must be one of ${channels.join(', ')}`);
  const requestedExecutionDate = root.requestedExecutionDate === undefined ? undefined : executionDate(root.requestedExecutionDate, today);
  return {
    fromAccountId,
    amount,
    payee,
    ...(remittanceInformation !== undefined ? { remittanceInformation } : {}),
    channel: channel as PaymentChannel,
    ...(requestedExecutionDate !== undefined ? { requestedExecutionDate } : {}),
  };
}

/** SHA-256 of the normalised request: equal for requests that mean the same payment. */
export function requestHash(request: PaymentRequest): string {
  const canonical = JSON.stringify([
    request.fromAccountId,
    formatAmount(request.amount),
    request.amount.currency,
    request.payee.name,
    request.payee.iban,
    request.payee.bic ?? null,
    request.remittanceInformation ?? null,
    request.channel,
    request.requestedExecutionDate ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** ISO 13616: two letters, two check digits, a BBAN; mod 97 of the rearranged digits is 1. */
export function isValidIban(iban: string): boolean {
  if (!IBAN_SHAPE.test(iban) || iban.length > 34) return false;
  return hasValidCheckDigits(iban);
}

function money(value: unknown): Money {
  const amount = object(value, 'amount');
  only(amount, AMOUNT_FIELDS, 'amount.');
  if (typeof amount.currency !== 'string') throw new HubError('UNKNOWN_CURRENCY', 'amount.currency: must be an ISO 4217 currency code', { field: 'amount.currency' });
  if (typeof amount.amount !== 'string') throw new HubError('INVALID_MONEY', 'amount.amount: must be a decimal string such as "12.34", not a number', { field: 'amount.amount' });
  let parsed: Money;
  try {
    parsed = parseAmount(amount.amount, amount.currency);
  } catch (error) {
    if (error instanceof MoneyError) {
      const field = error.code === 'UNKNOWN_CURRENCY' ? 'amount.currency' : 'amount.amount';
      throw new HubError(error.code, `${field}: ${error.message}`, { field });
    }
    throw error;
  }
  if (parsed.minor <= 0n) throw new HubError('INVALID_MONEY', 'amount.amount: must be more than zero', { field: 'amount.amount' });
  return parsed;
}

function payeeOf(value: unknown): Payee {
  const payee = object(value, 'payee');
  only(payee, PAYEE_FIELDS, 'payee.');
  const name = text(payee.name, 'payee.name');
  if (typeof payee.iban !== 'string') throw invalid('payee.iban', 'must be an IBAN');
  // Channels may show an IBAN in groups of four; the electronic form has no spaces.
  const iban = payee.iban.replace(/ /g, '').toUpperCase();
  if (!isValidIban(iban)) throw invalid('payee.iban', 'is not a valid IBAN (country, check digits, length)');
  if (payee.bic !== undefined && (typeof payee.bic !== 'string' || !BIC.test(payee.bic))) throw invalid('payee.bic', 'must be a BIC of 8 or 11 characters');
  return { name, iban, ...(payee.bic !== undefined ? { bic: payee.bic as string } : {}) };
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0 || [...value].length > MAX_TEXT || CONTROL.test(value)) {
    throw invalid(field, `must be text of 1 to ${MAX_TEXT} characters without control characters`);
  }
  return value;
}

function executionDate(value: unknown, today: string): string {
  const parsed = typeof value === 'string' && DATE.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) throw invalid('requestedExecutionDate', 'must be a date YYYY-MM-DD');
  const latest = new Date(Date.parse(`${today}T00:00:00Z`) + MAX_EXECUTION_DAYS_AHEAD * 86_400_000).toISOString().slice(0, 10);
  if (value < today || value > latest) throw invalid('requestedExecutionDate', `must be from today (${today}) to ${MAX_EXECUTION_DAYS_AHEAD} days ahead`);
  return value;
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(field, 'must be a JSON object');
  return value as Record<string, unknown>;
}

function only(value: Record<string, unknown>, known: ReadonlySet<string>, prefix: string): void {
  for (const name of Object.keys(value)) if (!known.has(name)) throw invalid(`${prefix}${name}`, 'is not a field of a payment request');
}
