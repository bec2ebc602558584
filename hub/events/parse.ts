/**
 * Reads one decoded ChangeEvent (the plain value of a PublishEvents `event` item, see
 * common/soap/codec.ts) into a typed event, or a rejection with its fault code. The
 * checks run in this order: the sender (NOT_ENTITLED), the schema version
 * (SCHEMA_VIOLATION: a payload of another major version cannot be read), the sender's
 * entitlement to the event type (NOT_ENTITLED), the aggregate the payload names
 * (SCHEMA_VIOLATION), the content and its money (INVALID_MONEY, UNKNOWN_CURRENCY). Ingress has validated the
 * XML against the schema already; these checks also hold what the schema cannot say
 * (amounts per currency, the id in the payload equal to aggregateId).
 */
import { MoneyError, parseAmount, type Money } from '../../common/money.js';
import type { PlainObject, PlainValue } from '../../common/soap/codec.js';
import type { ContractErrorCode } from '../errors/catalog.js';
import {
  AGGREGATE_TYPES,
  SOURCE_SYSTEMS,
  type AggregateRef,
  type AggregateType,
  type ApplicationRecord,
  type BalanceValue,
  type CardRecord,
  type ContactDetails,
  type DepositRecord,
  type InstallmentRecord,
  type LoanRecord,
  type PersonName,
  type SourceSystem,
  type TransactionRecord,
} from '../store/types.js';
import { EVENT_KINDS, entitlementProblem, type EventKind } from './entitlements.js';

export type RejectionCode = Extract<ContractErrorCode, 'NOT_ENTITLED' | 'SCHEMA_VIOLATION' | 'INVALID_MONEY' | 'UNKNOWN_CURRENCY' | 'CURRENCY_MISMATCH'>;

export class Rejection extends Error {
  override readonly name = 'Rejection';
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
  }
}

type Unversioned<R> = Omit<R, 'version' | 'asOf'>;

export interface Balances {
  readonly currency: string;
  readonly booked?: BalanceValue;
  readonly available?: BalanceValue;
  readonly blocked?: BalanceValue;
}

export type EventBody =
  | { readonly type: 'BalanceChanged'; readonly accountId: string; readonly clientId: string; readonly balances: Balances }
  | { readonly type: 'TransactionPosted'; readonly transaction: Unversioned<TransactionRecord>; readonly balances?: Balances }
  | { readonly type: 'CardStatusChanged'; readonly card: Unversioned<CardRecord> }
  | {
      readonly type: 'ClientDataChanged';
      readonly clientId: string;
      readonly name?: PersonName;
      readonly contacts?: ContactDetails;
      readonly language?: string;
      readonly kycStatus?: string;
    }
  | { readonly type: 'ApplicationStatusChanged'; readonly application: Unversioned<ApplicationRecord> }
  | { readonly type: 'LoanScheduleChanged'; readonly loan: Unversioned<LoanRecord> }
  | { readonly type: 'DepositChanged'; readonly deposit: Unversioned<DepositRecord> };

export interface ParsedEvent {
  readonly eventId: string;
  readonly sourceSystem: SourceSystem;
  readonly aggregate: AggregateRef;
  readonly sequence: bigint;
  readonly occurredAt: Date;
  readonly schemaVersion: string;
  readonly kind: EventKind;
  /** The payload as received, for the outbox message. */
  readonly payload: PlainObject;
  readonly body: EventBody;
}

export type ParseOutcome =
  | { readonly ok: true; readonly event: ParsedEvent }
  | { readonly ok: false; readonly eventId: string; readonly aggregate?: AggregateRef; readonly rejection: Rejection };

const MAX_LONG = 9_223_372_036_854_775_807n;
const SEQUENCE = /^\+?0*[1-9][0-9]{0,18}$/;
const SCHEMA_VERSION = /^([1-9][0-9]{0,2})\.[0-9]{1,3}$/;
const DATE = /^([0-9]{4}-[0-9]{2}-[0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$/;
const RATE = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,10})?$/;
const schemaError = (message: string): Rejection => new Rejection('SCHEMA_VIOLATION', message);

/** Typed access to a plain object; anything missing or mis-shaped is a SCHEMA_VIOLATION naming its path. */
class Fields {
  constructor(
    readonly value: PlainObject,
    readonly path: string,
  ) {}

  static of(value: PlainValue | undefined, path: string): Fields {
    if (value === undefined || typeof value === 'string' || Array.isArray(value)) throw schemaError(`${path} must be a structure`);
    return new Fields(value, path);
  }

  has(name: string): boolean {
    return this.value[name] !== undefined;
  }

  str(name: string): string {
    const value = this.value[name];
    if (typeof value !== 'string' || value.length === 0) throw schemaError(`${this.path}/${name} is missing`);
    return value;
  }

  opt(name: string): string | undefined {
    const value = this.value[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw schemaError(`${this.path}/${name} must be text`);
    return value;
  }

  obj(name: string): Fields {
    return Fields.of(this.value[name], `${this.path}/${name}`);
  }

  optObj(name: string): Fields | undefined {
    return this.has(name) ? this.obj(name) : undefined;
  }

  /** A repeatable element: the codec always gives an array; a single structure is accepted too. */
  list(name: string): Fields[] {
    const value = this.value[name];
    if (value === undefined) return [];
    const items = Array.isArray(value) ? value : [value];
    return items.map((item, index) => Fields.of(item, `${this.path}/${name}[${index + 1}]`));
  }

  strings(name: string): string[] {
    const value = this.value[name];
    if (value === undefined) return [];
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => {
      if (typeof item !== 'string') throw schemaError(`${this.path}/${name} must be text`);
      return item;
    });
  }

  money(name: string, signed = false): Money {
    const money = this.obj(name);
    try {
      return parseAmount(money.str('amount'), money.str('currency'), { signed });
    } catch (error) {
      if (error instanceof MoneyError) throw new Rejection(error.code, `${money.path}: ${error.message}`);
      throw error;
    }
  }

  optMoney(name: string, signed = false): Money | undefined {
    return this.has(name) ? this.money(name, signed) : undefined;
  }

  date(name: string): string {
    const match = DATE.exec(this.str(name));
    if (!match || Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`))) throw schemaError(`${this.path}/${name} must be a date YYYY-MM-DD`);
    return match[1]!;
  }

  optDate(name: string): string | undefined {
    return this.has(name) ? this.date(name) : undefined;
  }

  instant(name: string): Date {
    const text = this.str(name);
    const instant = TIMESTAMP.test(text) ? new Date(text) : undefined;
    if (!instant || Number.isNaN(instant.getTime())) throw schemaError(`${this.path}/${name} must be a timestamp with a UTC offset`);
    return instant;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T {
    const value = this.str(name);
    if (!(values as readonly string[]).includes(value)) throw schemaError(`${this.path}/${name} must be one of ${values.join(', ')}`);
    return value as T;
  }
}

const ELEMENTS = new Map(EVENT_KINDS.map((kind) => [kind.element, kind]));
const BALANCE_TYPES = ['BOOKED', 'AVAILABLE', 'BLOCKED'] as const;

export function parseEvent(source: SourceSystem, value: PlainObject): ParseOutcome {
  const eventId = typeof value.eventId === 'string' && value.eventId.length > 0 ? value.eventId : '';
  let aggregate: AggregateRef | undefined;
  try {
    const event = new Fields(value, 'event');
    if (!eventId) throw schemaError('event/eventId is missing');
    const sourceSystem = event.oneOf('sourceSystem', SOURCE_SYSTEMS);
    aggregate = aggregateOf(event);
    if (sourceSystem !== source) throw new Rejection('NOT_ENTITLED', `the event names ${sourceSystem} as its source, but the caller is ${source}`);

    // A payload of an unknown major version cannot be read, so it is refused before its content is looked at.
    const schemaVersion = event.str('schemaVersion');
    const version = SCHEMA_VERSION.exec(schemaVersion);
    if (!version) throw schemaError(`schemaVersion ${schemaVersion} is not MAJOR.MINOR`);
    if (version[1] !== '1') throw schemaError(`schemaVersion ${schemaVersion}: this hub accepts major version 1 only`);

    const elements = Object.keys(value).filter((key) => ELEMENTS.has(key) && value[key] !== undefined);
    if (elements.length !== 1) throw schemaError(`event must carry exactly one payload (${[...ELEMENTS.keys()].join(', ')}), found ${elements.length}`);
    const kind = ELEMENTS.get(elements[0]!)!;
    const payload = event.obj(kind.element);

    const transactionKind = kind.type === 'TransactionPosted' ? payload.optObj('transaction')?.opt('kind') : undefined;
    const notEntitled = entitlementProblem(source, kind.type, transactionKind);
    if (notEntitled) throw new Rejection('NOT_ENTITLED', notEntitled);

    if (!aggregate) throw schemaError('event/aggregate must name an aggregate type and id');
    if (aggregate.aggregateType !== kind.aggregateType) {
      throw schemaError(`${kind.type} changes an aggregate of type ${kind.aggregateType}, not ${aggregate.aggregateType}`);
    }
    const idPath = kind.idField.split('.');
    const payloadId = idPath.reduce<Fields>((fields, step, index) => (index < idPath.length - 1 ? fields.obj(step) : fields), payload).str(idPath[idPath.length - 1]!);
    if (payloadId !== aggregate.aggregateId) {
      throw schemaError(`${payload.path}/${idPath.join('/')} ${payloadId} differs from the event's aggregateId ${aggregate.aggregateId}`);
    }

    const body = parseBody(kind, payload);

    const sequenceText = event.str('sequence');
    const sequence = SEQUENCE.test(sequenceText) ? BigInt(sequenceText.replace(/^\+/, '')) : 0n;
    if (sequence < 1n || sequence > MAX_LONG) throw schemaError(`sequence ${sequenceText} must be a whole number from 1 to ${MAX_LONG}`);

    return {
      ok: true,
      event: { eventId, sourceSystem, aggregate, sequence, occurredAt: event.instant('occurredAt'), schemaVersion, kind, payload: payload.value, body },
    };
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    return { ok: false, eventId, ...(aggregate ? { aggregate } : {}), rejection: error };
  }
}

function aggregateOf(event: Fields): AggregateRef | undefined {
  const ref = event.value.aggregate;
  if (ref === undefined || typeof ref === 'string' || Array.isArray(ref)) return undefined;
  const { aggregateType, aggregateId } = ref;
  if (typeof aggregateType !== 'string' || !(AGGREGATE_TYPES as readonly string[]).includes(aggregateType)) return undefined;
  if (typeof aggregateId !== 'string' || aggregateId.length === 0 || aggregateId.length > 64) return undefined;
  return { aggregateType: aggregateType as AggregateType, aggregateId };
}

function parseBody(kind: EventKind, p: Fields): EventBody {
  switch (kind.type) {
    case 'BalanceChanged': {
      const balances = parseBalances(p);
      if (!balances) throw schemaError(`${p.path}/balance is missing`);
      return { type: kind.type, accountId: p.str('accountId'), clientId: p.str('clientId'), balances };
    }
    case 'TransactionPosted':
      return parseTransactionPosted(p);
    case 'CardStatusChanged':
      return {
        type: kind.type,
        card: withOptional({ cardId: p.str('cardId'), clientId: p.str('clientId'), maskedPan: p.str('maskedPan'), status: p.str('status') }, { reason: p.opt('reason') }),
      };
    case 'ClientDataChanged': {
      const name = p.optObj('name');
      const contacts = p.optObj('contacts');
      return withOptional(
        { type: kind.type, clientId: p.str('clientId') },
        {
          name: name ? withOptional({ givenName: name.str('givenName'), familyName: name.str('familyName') }, { middleName: name.opt('middleName') }) : undefined,
          contacts: contacts ? parseContacts(contacts) : undefined,
          language: p.opt('language'),
          kycStatus: p.opt('kycStatus'),
        },
      );
    }
    case 'ApplicationStatusChanged':
      return {
        type: kind.type,
        application: withOptional(
          { applicationId: p.str('applicationId'), clientId: p.str('clientId'), productType: p.str('productType'), status: p.str('status') },
          { reason: p.opt('reason'), productId: p.opt('productId') },
        ),
      };
    case 'LoanScheduleChanged':
      return {
        type: kind.type,
        loan: {
          loanId: p.str('loanId'),
          clientId: p.str('clientId'),
          status: p.str('status'),
          outstandingPrincipal: p.money('outstandingPrincipal'),
          schedule: p.list('installment').map(parseInstallment),
        },
      };
    case 'DepositChanged': {
      const principal = p.money('principal');
      const accruedInterest = p.money('accruedInterest');
      if (accruedInterest.currency !== principal.currency) {
        throw new Rejection('CURRENCY_MISMATCH', `${p.path}: accrued interest in ${accruedInterest.currency}, principal in ${principal.currency}`);
      }
      const interestRate = p.str('interestRate');
      if (!RATE.test(interestRate)) throw schemaError(`${p.path}/interestRate ${interestRate} is not a plain decimal rate`);
      return {
        type: kind.type,
        deposit: { depositId: p.str('depositId'), clientId: p.str('clientId'), status: p.str('status'), principal, accruedInterest, interestRate, maturityDate: p.date('maturityDate') },
      };
    }
  }
}

function parseTransactionPosted(p: Fields): EventBody {
  const t = p.obj('transaction');
  const status = t.oneOf('status', ['BOOKED', 'PENDING'] as const);
  const kind = t.str('kind');
  const bookingDate = t.optDate('bookingDate');
  if ((status === 'BOOKED') !== (bookingDate !== undefined)) throw schemaError(`${t.path}/bookingDate must be present exactly when status is BOOKED`);
  const reversalOf = t.opt('reversalOf');
  if ((kind === 'REVERSAL') !== (reversalOf !== undefined)) throw schemaError(`${t.path}/reversalOf must be present exactly when kind is REVERSAL`);
  const amount = t.money('amount');
  const balanceAfter = t.optMoney('balanceAfter', true);
  const balances = parseBalances(p);
  for (const other of [balanceAfter, balances]) {
    if (other && other.currency !== amount.currency) {
      throw new Rejection('CURRENCY_MISMATCH', `${p.path}: the entry is in ${amount.currency}, its balances in ${other.currency}`);
    }
  }
  const counterparty = t.optObj('counterparty');
  const transaction: Unversioned<TransactionRecord> = withOptional(
    {
      accountId: t.str('accountId'),
      entryReference: t.str('entryReference'),
      clientId: p.str('clientId'),
      status,
      kind,
      amount,
      creditDebitIndicator: t.oneOf('creditDebitIndicator', ['CRDT', 'DBIT'] as const),
      valueDate: t.date('valueDate'),
    },
    {
      originalAmount: t.optMoney('originalAmount'),
      bookingDate,
      counterparty: counterparty ? withOptional({ name: counterparty.str('name') }, { iban: counterparty.opt('iban'), bic: counterparty.opt('bic') }) : undefined,
      remittanceInformation: t.opt('remittanceInformation'),
      merchantCategoryCode: t.opt('merchantCategoryCode'),
      cardId: t.opt('cardId'),
      transferId: t.opt('transferId'),
      reversalOf,
      balanceAfter,
    },
  );
  return balances ? { type: 'TransactionPosted', transaction, balances } : { type: 'TransactionPosted', transaction };
}

/** The balance list of a payload, one per type, all in one currency; undefined when there is none. */
function parseBalances(p: Fields): Balances | undefined {
  const items = p.list('balance');
  if (items.length === 0) return undefined;
  const result: { currency?: string; booked?: BalanceValue; available?: BalanceValue; blocked?: BalanceValue } = {};
  for (const item of items) {
    const type = item.oneOf('type', BALANCE_TYPES);
    const key = type === 'BOOKED' ? 'booked' : type === 'AVAILABLE' ? 'available' : 'blocked';
    if (result[key]) throw schemaError(`${p.path}/balance has two ${type} balances`);
    const amount = item.money('amount', true);
    if (result.currency !== undefined && result.currency !== amount.currency) {
      throw new Rejection('CURRENCY_MISMATCH', `${p.path}/balance mixes ${result.currency} and ${amount.currency}`);
    }
    result.currency = amount.currency;
    result[key] = { minor: amount.minor, asOf: item.instant('asOf') };
  }
  return result as Balances;
}

function parseContacts(c: Fields): ContactDetails {
  const address = c.optObj('address');
  return withOptional(
    {},
    {
      phone: c.opt('phone'),
      email: c.opt('email'),
      address: address
        ? withOptional({ line: address.strings('line'), city: address.str('city'), country: address.str('country') }, { postalCode: address.opt('postalCode') })
        : undefined,
    },
  );
}

function parseInstallment(i: Fields): InstallmentRecord {
  const number = i.str('number');
  if (!/^[1-9][0-9]{0,5}$/.test(number)) throw schemaError(`${i.path}/number must be a positive whole number`);
  return withOptional(
    { number: Number(number), dueDate: i.date('dueDate'), principal: i.money('principal'), interest: i.money('interest'), total: i.money('total'), status: i.str('status') },
    { fees: i.optMoney('fees') },
  );
}

/** The required fields plus those optional ones that are present (no keys with undefined). */
function withOptional<R extends object, O extends object>(required: R, optional: O): R & { [K in keyof O]?: Exclude<O[K], undefined> } {
  const result: Record<string, unknown> = { ...(required as Record<string, unknown>) };
  for (const key in optional) if (optional[key] !== undefined) result[key] = optional[key];
  return result as R & { [K in keyof O]?: Exclude<O[K], undefined> };
}
