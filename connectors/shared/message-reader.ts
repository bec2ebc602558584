/**
 * Reads the response objects that node-soap makes of a back office's answer, for the
 * mappings of the typed connectors (cards and CRM; core banking still has its own reader
 * in connectors/core-banking/read.ts).
 *
 * node-soap types a value only where its schema model knows the element's built-in type,
 * and loses that knowledge inside derived types and imported namespaces: the same
 * xs:boolean comes as `true` or `"true"`, an xs:date as a Date or `"2026-11-24"`, an
 * xs:int as `3` or `"3"`; an element that may repeat comes as an array or, when node-soap
 * lost its schema, as one object; an element without content comes as null. The reader
 * accepts each of these forms and nothing else. Money is the exception: an amount must
 * be the contract's decimal string, because a number would already have lost digits.
 * Anything missing or mis-shaped is an UnexpectedResponseError that names its path.
 */
import type { PostalAddress } from '../../common/contracts/common-types.js';
import { MoneyError, parseAmount, type Money } from '../../common/money.js';

/**
 * A response that does not match its contract. Coded like the caller's own BAD_RESPONSE
 * (connectors/shared), with the same meaning: the back office answered something the hub
 * cannot read; retrying may help when the back office's answer was a passing fault.
 */
export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponseError';
  readonly code = 'BAD_RESPONSE';
  readonly retryable = true;
  constructor(
    /** Path of the offending element, starting with the response element ("GetCardResponse/card/limit[2]/amount"). */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** cmn:PageInfo: whether more items follow, and the cursor of the next page. */
export interface PageInfo {
  readonly hasMore: boolean;
  readonly nextCursor?: string;
}

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})$/;
const INTEGER = /^[+-]?[0-9]+$/;

type Node = Readonly<Record<string, unknown>>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** An element that carries attributes (xml:lang, xsi:type) comes as { attributes, $value }: its value is the $value. */
function scalar(value: unknown): unknown {
  return isNode(value) && '$value' in value ? value.$value : value;
}

/** Typed access to one element of a response; every getter names the path of what it reads. */
export class ResponseReader {
  private constructor(
    private readonly node: Node,
    readonly path: string,
  ) {}

  /**
   * The content of a response element as the caller answers it. An empty response element
   * (no child at all, which node-soap gives as null or undefined) reads as an empty one.
   */
  static of(element: string, value: unknown): ResponseReader {
    if (value === null || value === undefined) return new ResponseReader({}, element);
    if (!isNode(value)) throw new UnexpectedResponseError(element, `${element} must be a structure`);
    return new ResponseReader(value, element);
  }

  has(name: string): boolean {
    const value = this.node[name];
    return value !== undefined && value !== null;
  }

  str(name: string): string {
    const value = this.text(name);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optStr(name: string): string | undefined {
    return this.text(name);
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T {
    const value = this.optOneOf(name, values);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optOneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) throw this.invalid(name, `must be one of ${values.join(', ')}, got ${JSON.stringify(value)}`);
    return value as T;
  }

  bool(name: string): boolean {
    const value = this.optBool(name);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optBool(name: string): boolean | undefined {
    const value = scalar(this.node[name]);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw this.invalid(name, 'must be a boolean');
  }

  /** An xs:int or xs:long that fits a JavaScript number exactly (counts, sizes, terms; never money). */
  int(name: string): number {
    const value = this.optInt(name);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optInt(name: string): number | undefined {
    const value = scalar(this.node[name]);
    if (value === undefined || value === null) return undefined;
    const number = typeof value === 'number' ? value : typeof value === 'string' && INTEGER.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number)) throw this.invalid(name, 'must be a whole number');
    return number;
  }

  /** An xs:date as "YYYY-MM-DD" (a time zone suffix, which the contracts never need, is dropped). */
  date(name: string): string {
    const value = this.optDate(name);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optDate(name: string): string | undefined {
    const value = scalar(this.node[name]);
    if (value === undefined || value === null) return undefined;
    // node-soap turns "2026-11-24" into midnight UTC of that day.
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw this.invalid(name, 'must be a date YYYY-MM-DD');
      return value.toISOString().slice(0, 10);
    }
    const match = typeof value === 'string' ? DATE.exec(value) : null;
    if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) throw this.invalid(name, 'must be a date YYYY-MM-DD');
    return `${match[1]}-${match[2]}-${match[3]}`;
  }

  /** A cmn:Timestamp (always with a UTC offset) as a Date. */
  instant(name: string): Date {
    const value = this.optInstant(name);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optInstant(name: string): Date | undefined {
    const value = scalar(this.node[name]);
    if (value === undefined || value === null) return undefined;
    const instant = value instanceof Date ? value : typeof value === 'string' && TIMESTAMP.test(value) ? new Date(value) : undefined;
    if (!instant || Number.isNaN(instant.getTime())) throw this.invalid(name, 'must be a timestamp with a UTC offset');
    return instant;
  }

  /** A cmn:Money (or cmn:SignedMoney with `signed`) in bigint minor units. */
  money(name: string, signed = false): Money {
    const money = this.obj(name);
    const amount = scalar(money.node.amount);
    if (typeof amount !== 'string') throw new UnexpectedResponseError(`${money.path}/amount`, `${money.path}/amount must be a decimal string`);
    try {
      return parseAmount(amount, money.str('currency'), { signed });
    } catch (error) {
      if (error instanceof MoneyError) throw new UnexpectedResponseError(money.path, `${money.path}: ${error.message} (${error.code})`);
      throw error;
    }
  }

  optMoney(name: string, signed = false): Money | undefined {
    return this.has(name) ? this.money(name, signed) : undefined;
  }

  obj(name: string): ResponseReader {
    const value = this.node[name];
    if (value === undefined || value === null) throw this.missing(name);
    if (Array.isArray(value)) throw this.invalid(name, 'must occur once');
    if (!isNode(value)) throw this.invalid(name, 'must be a structure');
    return new ResponseReader(value, `${this.path}/${name}`);
  }

  optObj(name: string): ResponseReader | undefined {
    return this.has(name) ? this.obj(name) : undefined;
  }

  /** A repeatable structure: none, one, or an array of them. */
  list(name: string): ResponseReader[] {
    return this.items(name).map((item, index) => {
      const path = `${this.path}/${name}[${index + 1}]`;
      if (!isNode(item)) throw new UnexpectedResponseError(path, `${path} must be a structure`);
      return new ResponseReader(item, path);
    });
  }

  /** A repeatable text element: none, one, or an array of them. */
  strings(name: string): string[] {
    return this.items(name).map((item, index) => {
      const path = `${this.path}/${name}[${index + 1}]`;
      const text = scalar(item);
      if (typeof text !== 'string' || text.length === 0) throw new UnexpectedResponseError(path, `${path} must be text`);
      return text;
    });
  }

  /** A text element that must match a pattern; the message never repeats the value (it may be a secret, such as a card number). */
  matching(name: string, pattern: RegExp, what: string): string {
    const value = this.str(name);
    if (!pattern.test(value)) throw this.invalid(name, `must be ${what}`);
    return value;
  }

  optMatching(name: string, pattern: RegExp, what: string): string | undefined {
    return this.has(name) ? this.matching(name, pattern, what) : undefined;
  }

  /** A cmn:Address. */
  address(name: string): PostalAddress {
    const r = this.obj(name);
    const line = r.strings('line');
    if (line.length < 1 || line.length > 3) throw new UnexpectedResponseError(`${r.path}/line`, `${r.path} must have one to three lines`);
    return withOptional({ line, city: r.str('city'), country: r.str('country') }, { postalCode: r.optStr('postalCode') });
  }

  optAddress(name: string): PostalAddress | undefined {
    return this.has(name) ? this.address(name) : undefined;
  }

  /** A cmn:PageInfo; nextCursor must be present exactly when hasMore is true. */
  page(name: string): PageInfo {
    const page = this.obj(name);
    const hasMore = page.bool('hasMore');
    const nextCursor = page.optStr('nextCursor');
    if (hasMore !== (nextCursor !== undefined)) {
      throw new UnexpectedResponseError(`${page.path}/nextCursor`, `${page.path}/nextCursor must be present exactly when hasMore is true`);
    }
    return nextCursor === undefined ? { hasMore } : { hasMore, nextCursor };
  }

  private items(name: string): unknown[] {
    const value = this.node[name];
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
  }

  private text(name: string): string | undefined {
    const value = scalar(this.node[name]);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.invalid(name, 'must be text');
    if (value.length === 0) throw this.missing(name);
    return value;
  }

  private missing(name: string): UnexpectedResponseError {
    return new UnexpectedResponseError(`${this.path}/${name}`, `${this.path}/${name} is missing`);
  }

  private invalid(name: string, problem: string): UnexpectedResponseError {
    return new UnexpectedResponseError(`${this.path}/${name}`, `${this.path}/${name} ${problem}`);
  }
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The optional values that are present, added to the required ones: the mapped objects
 * carry no key whose value is undefined.
 */
export function withOptional<R extends object, O extends object>(required: R, optional: O): R & { [K in keyof O]?: Exclude<O[K], undefined> } {
  const result: Record<string, unknown> = { ...(required as Record<string, unknown>) };
  for (const key of Object.keys(optional) as (keyof O & string)[]) if (optional[key] !== undefined) result[key] = optional[key];
  return result as R & { [K in keyof O]?: Exclude<O[K], undefined> };
}
