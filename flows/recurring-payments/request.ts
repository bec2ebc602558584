/**
 * The body of POST /platform/v1/standing-orders, read into a validated standing order,
 * or refused with a HubError naming the field: INVALID_REQUEST for a missing, unknown or
 * malformed field, INVALID_MONEY and UNKNOWN_CURRENCY for the amount, INVALID_IBAN for a
 * payee account whose checksum fails. Whether the account is the client's is the
 * command's check (it needs the store).
 */
import { MoneyError, parseAmount, type Money } from '../../common/money.js';
import { hasValidCheckDigits } from '../../common/iban.js';
import { HubError } from '../../hub/errors/catalog.js';
import { dateOf, firstOnOrAfter, FREQUENCIES, isDate, weekdayOf, type Frequency } from './schedule.js';

export interface Payee {
  readonly name: string;
  readonly iban: string;
  readonly bic?: string;
}

export interface StandingOrderInput {
  readonly fromAccountId: string;
  readonly amount: Money;
  readonly payee: Payee;
  readonly remittanceInformation?: string;
  readonly frequency: Frequency;
  /** WEEKLY: ISO weekday 1–7; MONTHLY: 1–31; by default the start date's. */
  readonly day?: number;
  readonly startDate: string;
  readonly endDate?: string;
  /** The first date that pays. */
  readonly firstDueDate: string;
}

const FIELDS = new Set(['fromAccountId', 'amount', 'payee', 'remittanceInformation', 'frequency', 'day', 'startDate', 'endDate']);
const IDENTIFIER = /^[A-Za-z0-9._:-]{1,64}$/;
const IBAN = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;
const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
/** cmn:ShortText. */
const SHORT_TEXT = 140;

const invalid = (field: string, message: string): HubError => new HubError('INVALID_REQUEST', message, { field });

/** Reads a request body on the date `today`; throws a HubError naming the first field that is wrong. */
export function readStandingOrderInput(body: unknown, today: string): StandingOrderInput {
  const source = object(body, 'body');
  for (const name of Object.keys(source)) if (!FIELDS.has(name)) throw invalid(name, `unknown field ${name}`);
  const fromAccountId = source.fromAccountId;
  if (typeof fromAccountId !== 'string' || !IDENTIFIER.test(fromAccountId)) throw invalid('fromAccountId', 'fromAccountId must be an account identifier');
  const amount = money(source.amount);
  const payee = readPayee(source.payee);
  const remittanceInformation = source.remittanceInformation;
  if (remittanceInformation !== undefined && !shortText(remittanceInformation)) throw invalid('remittanceInformation', `remittanceInformation must be text of 1 to ${SHORT_TEXT} characters`);
  const frequency = source.frequency;
  if (typeof frequency !== 'string' || !(FREQUENCIES as readonly string[]).includes(frequency)) throw invalid('frequency', `frequency must be one of ${FREQUENCIES.join(', ')}`);
  const startDate = source.startDate ?? today;
  if (!isDate(startDate)) throw invalid('startDate', 'startDate must be a date YYYY-MM-DD');
  if (startDate < today) throw invalid('startDate', `startDate must not be before today (${today})`);
  const day = readDay(source.day, frequency as Frequency, startDate);
  const endDate = source.endDate;
  if (endDate !== undefined && !isDate(endDate)) throw invalid('endDate', 'endDate must be a date YYYY-MM-DD');
  const schedule = { frequency: frequency as Frequency, ...(day !== undefined ? { day } : {}) };
  const firstDueDate = firstOnOrAfter(schedule, startDate);
  if (endDate !== undefined && endDate < firstDueDate) throw invalid('endDate', `endDate is before the first payment on ${firstDueDate}`);
  return {
    fromAccountId,
    amount,
    payee,
    ...(remittanceInformation !== undefined ? { remittanceInformation: remittanceInformation as string } : {}),
    ...schedule,
    startDate,
    ...(endDate !== undefined ? { endDate } : {}),
    firstDueDate,
  };
}

function readDay(value: unknown, frequency: Frequency, startDate: string): number | undefined {
  if (frequency === 'DAILY') {
    if (value !== undefined) throw invalid('day', 'a DAILY order takes no day');
    return undefined;
  }
  const [max, what] = frequency === 'WEEKLY' ? [7, 'an ISO weekday from 1 (Monday) to 7 (Sunday)'] : [31, 'a day of the month from 1 to 31'];
  if (value === undefined) return frequency === 'WEEKLY' ? weekdayOf(startDate) : Number(startDate.slice(8, 10));
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) throw invalid('day', `day must be ${what}`);
  return value;
}

function readPayee(value: unknown): Payee {
  const payee = object(value, 'payee');
  for (const name of Object.keys(payee)) if (!['name', 'iban', 'bic'].includes(name)) throw invalid(`payee.${name}`, `unknown field payee.${name}`);
  if (!shortText(payee.name)) throw invalid('payee.name', `payee.name must be text of 1 to ${SHORT_TEXT} characters`);
  const iban = typeof payee.iban === 'string' ? payee.iban.replace(/ /g, '').toUpperCase() : undefined;
  if (iban === undefined || !IBAN.test(iban)) throw invalid('payee.iban', 'payee.iban must be an IBAN');
  if (!hasValidCheckDigits(iban)) throw new HubError('INVALID_IBAN', `payee.iban ${iban} fails its checksum`, { field: 'payee.iban' });
  const bic = payee.bic;
  if (bic !== undefined && (typeof bic !== 'string' || !BIC.test(bic))) throw invalid('payee.bic', 'payee.bic must be a BIC of 8 or 11 characters');
  return { name: payee.name as string, iban, ...(bic !== undefined ? { bic: bic as string } : {}) };
}

function money(value: unknown): Money {
  const amount = object(value, 'amount');
  for (const name of Object.keys(amount)) if (name !== 'amount' && name !== 'currency') throw invalid(`amount.${name}`, `unknown field amount.${name}`);
  try {
    const parsed = parseAmount(amount.amount as string, amount.currency as string);
    if (parsed.minor === 0n) throw new HubError('INVALID_MONEY', 'amount must be more than zero', { field: 'amount.amount' });
    return parsed;
  } catch (error) {
    if (error instanceof MoneyError) throw new HubError(error.code, `amount: ${error.message}`, { field: error.code === 'UNKNOWN_CURRENCY' ? 'amount.currency' : 'amount.amount' });
    throw error;
  }
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(field, `${field} must be a JSON object`);
  return value as Record<string, unknown>;
}

const shortText = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0 && value.length <= SHORT_TEXT;

export { dateOf };
