/**
 * Checking fixture inputs. Fixtures are called by the admin API with whatever JSON QA
 * sends, so every value is checked against the contract type it will later be answered
 * as; a bad one is refused with SCHEMA_VIOLATION naming the member, before anything changes.
 */
import { ContractFault } from '../server/types.js';

/** Patterns of the contract types fixture values end up in (common.xsd, Crm.xsd). */
export const PATTERNS = {
  identifier: /^[A-Za-z0-9._:-]{1,64}$/,
  clientNumber: /^[0-9A-Z]{4,20}$/,
  phone: /^\+[1-9][0-9]{6,14}$/,
  email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
  language: /^[a-z]{2}(-[A-Z]{2})?$/,
  country: /^[A-Z]{2}$/,
  date: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/,
  fileName: /^[^/\\\p{Cc}]{1,255}$/u,
  mediaType: /^[a-z0-9][a-z0-9.+_-]{0,62}\/[a-z0-9][a-z0-9.+_-]{0,126}$/,
  shortText: /^[\s\S]{1,140}$/u,
  longText: /^[\s\S]{1,4000}$/u,
} as const;

export class FixtureInput {
  private readonly object: Readonly<Record<string, unknown>>;

  constructor(
    input: unknown,
    private readonly path: string,
    known: readonly string[],
  ) {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw refuse(path || 'input', 'must be a JSON object');
    this.object = input as Record<string, unknown>;
    const unknown = Object.keys(this.object).filter((key) => !known.includes(key));
    if (unknown.length > 0) throw refuse(this.field(unknown[0]!), `is not an input of this fixture; known: ${known.join(', ')}`);
  }

  text(name: string, pattern: RegExp): string {
    const value = this.optionalText(name, pattern);
    if (value === undefined) throw refuse(this.field(name), 'is required');
    return value;
  }

  optionalText(name: string, pattern: RegExp): string | undefined {
    const value = this.object[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !pattern.test(value)) throw refuse(this.field(name), `must be a string matching ${pattern.source}`);
    if (pattern === PATTERNS.email && value.length > 254) throw refuse(this.field(name), 'must be at most 254 characters');
    if (pattern === PATTERNS.date && Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw refuse(this.field(name), 'is not a calendar date');
    return value;
  }

  choice<T extends string>(name: string, allowed: readonly T[]): T {
    const value = this.optionalChoice(name, allowed);
    if (value === undefined) throw refuse(this.field(name), `is required (${allowed.join(', ')})`);
    return value;
  }

  optionalChoice<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.object[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw refuse(this.field(name), `must be one of ${allowed.join(', ')}`);
    return value as T;
  }

  /** A positive whole number, as a JSON number or a decimal string. */
  positiveInteger(name: string): number {
    const value = this.object[name];
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < 1) throw refuse(this.field(name), 'must be a whole number of at least 1');
    return number;
  }

  optionalNested(name: string, known: readonly string[]): FixtureInput | undefined {
    const value = this.object[name];
    return value === undefined || value === null ? undefined : new FixtureInput(value, this.field(name), known);
  }

  nestedList(name: string, known: readonly string[], max: number): FixtureInput[] {
    const value = this.object[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.length > max) throw refuse(this.field(name), `must be an array of at most ${max} objects`);
    return value.map((item, index) => new FixtureInput(item, this.field(`${name}[${index}]`), known));
  }

  textList(name: string, pattern: RegExp, min: number, max: number): string[] {
    const value = this.object[name];
    if (!Array.isArray(value) || value.length < min || value.length > max || !value.every((item) => typeof item === 'string' && pattern.test(item))) {
      throw refuse(this.field(name), `must be an array of ${min} to ${max} strings matching ${pattern.source}`);
    }
    return value as string[];
  }

  private field(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }
}

function refuse(field: string, problem: string): ContractFault {
  return new ContractFault('SCHEMA_VIOLATION', `${field} ${problem}`, { field });
}
