/**
 * Typed access to a response as node-soap parsed it. node-soap turns xs:boolean, xs:int,
 * xs:date and xs:dateTime into booleans, numbers and Dates where it can resolve the type
 * and leaves text elsewhere; the shared caller keeps every value as the text received. So
 * each accessor takes either form. A repeatable element is an array where node-soap can
 * tell from the schema that it repeats, else a single value: list() takes both. An empty
 * element may come as null. Anything missing or mis-shaped is a CoreBankingResponseError
 * naming its path.
 *
 * hub/events/parse.ts reads the same cmn shapes from pushed events with a private reader
 * of the same kind over the codec's plain values (strings only).
 */
import { MoneyError, parseAmount, type Money } from '../../common/money.js';
import { CoreBankingResponseError } from './errors.js';

const DATE = /^([0-9]{4}-[0-9]{2}-[0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$/;
const RATE = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,10})?$/;
const INTEGER = /^\+?[0-9]{1,15}$/;

type Structure = Record<string, unknown>;

const isStructure = (value: unknown): value is Structure => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

export class SoapReader {
  constructor(
    readonly value: Structure,
    readonly path: string,
  ) {}

  /** The content of a response wrapper; an empty wrapper (null) reads as no children. */
  static response(value: unknown, path: string): SoapReader {
    if (value === null || value === undefined) return new SoapReader({}, path);
    if (!isStructure(value)) throw new CoreBankingResponseError(path, 'the response is not a structure');
    return new SoapReader(value, path);
  }

  fail(name: string, message: string): never {
    throw new CoreBankingResponseError(`${this.path}/${name}`, message);
  }

  has(name: string): boolean {
    const value = this.value[name];
    return value !== undefined && value !== null;
  }

  text(name: string): string {
    const value = this.simple(name);
    if (value === undefined) this.fail(name, 'is missing');
    if (typeof value !== 'string' || value.length === 0) this.fail(name, 'must be text');
    return value;
  }

  optText(name: string): string | undefined {
    return this.has(name) ? this.text(name) : undefined;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T {
    const value = this.text(name);
    if (!(values as readonly string[]).includes(value)) this.fail(name, `${JSON.stringify(value)} is not one of ${values.join(', ')}`);
    return value as T;
  }

  optOneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    return this.has(name) ? this.oneOf(name, values) : undefined;
  }

  bool(name: string): boolean {
    const value = this.simple(name);
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return this.fail(name, value === undefined ? 'is missing' : 'must be true or false');
  }

  /** A whole number within [min, max] (xs:int, xs:positiveInteger, xs:nonNegativeInteger). */
  int(name: string, min: number, max: number): number {
    const value = this.simple(name);
    const number = typeof value === 'number' ? value : typeof value === 'string' && INTEGER.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) {
      this.fail(name, value === undefined ? 'is missing' : `must be a whole number from ${min} to ${max}`);
    }
    return number;
  }

  /** An xs:date as "YYYY-MM-DD" (a time zone, allowed by xs:date, is dropped: dates are the bank's business dates). */
  date(name: string): string {
    const value = this.simple(name);
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
    const match = typeof value === 'string' ? DATE.exec(value) : null;
    if (!match || Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`))) this.fail(name, value === undefined ? 'is missing' : 'must be a date YYYY-MM-DD');
    return match[1]!;
  }

  optDate(name: string): string | undefined {
    return this.has(name) ? this.date(name) : undefined;
  }

  /** A cmn:Timestamp: an instant that carries its UTC offset. */
  instant(name: string): Date {
    const value = this.simple(name);
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
    const instant = typeof value === 'string' && TIMESTAMP.test(value) ? new Date(value) : undefined;
    if (!instant || Number.isNaN(instant.getTime())) this.fail(name, value === undefined ? 'is missing' : 'must be a timestamp with a UTC offset');
    return instant;
  }

  optInstant(name: string): Date | undefined {
    return this.has(name) ? this.instant(name) : undefined;
  }

  /** A cmn:Rate, kept as its decimal string. */
  rate(name: string): string {
    const value = this.text(name);
    if (!RATE.test(value)) this.fail(name, `${JSON.stringify(value)} is not a plain decimal rate`);
    return value;
  }

  optRate(name: string): string | undefined {
    return this.has(name) ? this.rate(name) : undefined;
  }

  /** A cmn:Money (or cmn:SignedMoney when signed) in minor units of its currency. */
  money(name: string, signed = false): Money {
    const money = this.obj(name);
    try {
      return parseAmount(money.text('amount'), money.text('currency'), { signed });
    } catch (error) {
      if (error instanceof MoneyError) throw new CoreBankingResponseError(money.path, error.message);
      throw error;
    }
  }

  optMoney(name: string, signed = false): Money | undefined {
    return this.has(name) ? this.money(name, signed) : undefined;
  }

  obj(name: string): SoapReader {
    const value = this.value[name];
    if (value === undefined || value === null) this.fail(name, 'is missing');
    if (!isStructure(value)) this.fail(name, 'must be a structure');
    return new SoapReader(value, `${this.path}/${name}`);
  }

  optObj(name: string): SoapReader | undefined {
    return this.has(name) ? this.obj(name) : undefined;
  }

  /** Checks that the named amounts (element name below this one → amount; absent ones skipped) are all in `currency`. */
  sameCurrency(currency: string, amounts: Readonly<Record<string, Money | undefined>>): void {
    for (const [name, amount] of Object.entries(amounts)) {
      if (amount && amount.currency !== currency) this.fail(name, `an amount in ${amount.currency} where ${currency} is expected`);
    }
  }

  /** A repeatable element, in document order; none when absent. */
  list(name: string): SoapReader[] {
    const value = this.value[name];
    if (value === undefined || value === null) return [];
    const items = Array.isArray(value) ? value : [value];
    return items.map((item, index) => {
      const path = `${this.path}/${name}[${index + 1}]`;
      if (!isStructure(item)) throw new CoreBankingResponseError(path, 'must be a structure');
      return new SoapReader(item, path);
    });
  }

  /** A simple value; node-soap puts the text of an element with attributes under $value. */
  private simple(name: string): unknown {
    const value = this.value[name];
    if (Array.isArray(value)) this.fail(name, 'must occur once');
    if (isStructure(value) && '$value' in value) return value.$value;
    return value === null ? undefined : value;
  }
}

/** The required fields plus those optional ones that are present: no keys holding undefined. */
export function present<R extends object, O extends object>(required: R, optional: O): R & { [K in keyof O]?: Exclude<O[K], undefined> } {
  const result: Record<string, unknown> = { ...(required as Record<string, unknown>) };
  for (const name in optional) if (optional[name] !== undefined) result[name] = optional[name];
  return result as R & { [K in keyof O]?: Exclude<O[K], undefined> };
}
