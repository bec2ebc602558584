/**
 * The body of POST /platform/v1/applications, read into a validated application request,
 * or refused with a HubError that names the field: INVALID_REQUEST for a missing, unknown
 * or malformed field, INVALID_MONEY and UNKNOWN_CURRENCY for an amount. The fields are
 * those CreateApplication of wsdl/crm/v1/Crm.xsd takes, flattened: the product type
 * decides which of them apply, and the rules the schema states between them (a debit
 * card names its account, a physical card its delivery, …) are checked here, so that
 * a request the CRM's schema would refuse never leaves the hub. What only the bank can
 * decide (identification, consents, offers, limits) is the CRM's refusal, told through
 * the flow.
 *
 * The same reader checks the request again when the flow takes it from the message.
 */
import { MoneyError, parseAmount, type Money } from '../../common/money.js';
import {
  CARD_DELIVERY_METHODS,
  CARD_FORM_FACTORS,
  CHANNELS,
  LOAN_PURPOSES,
  PRODUCT_TYPES,
  type ApplicationDetails,
  type CardDeliveryMethod,
  type CardFormFactor,
  type Channel,
  type CreateApplicationRequest,
  type LoanPurpose,
  type ProductType,
} from '../../connectors/crm/index.js';
import { HubError } from '../../hub/errors/catalog.js';

/** An amount as on the wire. */
export interface WireMoney {
  readonly amount: string;
  readonly currency: string;
}

/** The validated request, as JSON (stored, and carried by application.submitted). */
export interface ApplicationInput {
  readonly productType: ProductType;
  readonly offerId?: string;
  readonly channel?: Channel;
  /** LOAN, DEPOSIT. */
  readonly amount?: WireMoney;
  /** LOAN, DEPOSIT: 1 to 600. */
  readonly termMonths?: number;
  /** LOAN. */
  readonly purpose?: LoanPurpose;
  readonly purposeDescription?: string;
  readonly disbursementAccountId?: string;
  /** DEPOSIT. */
  readonly sourceAccountId?: string;
  readonly rolloverAtMaturity?: boolean;
  /** DEBIT_CARD, CREDIT_CARD. */
  readonly formFactor?: CardFormFactor;
  readonly cardProductCode?: string;
  /** DEBIT_CARD: the account the card draws on. */
  readonly accountId?: string;
  /** CREDIT_CARD: the limit asked for. */
  readonly creditLimit?: WireMoney;
  readonly embossedName?: string;
  readonly deliveryMethod?: CardDeliveryMethod;
  readonly branchId?: string;
  /** CURRENT_ACCOUNT, SAVINGS_ACCOUNT, OTHER. */
  readonly description?: string;
}

type Field = keyof ApplicationInput;

const COMMON: readonly Field[] = ['productType', 'offerId', 'channel'];
const CARD: readonly Field[] = ['formFactor', 'cardProductCode', 'accountId', 'creditLimit', 'embossedName', 'deliveryMethod', 'branchId'];
/** The fields each product type takes besides the common ones. */
const FIELDS: Readonly<Record<ProductType, readonly Field[]>> = {
  LOAN: ['amount', 'termMonths', 'purpose', 'purposeDescription', 'disbursementAccountId'],
  DEPOSIT: ['amount', 'termMonths', 'sourceAccountId', 'rolloverAtMaturity'],
  DEBIT_CARD: CARD,
  CREDIT_CARD: CARD,
  CURRENT_ACCOUNT: ['description'],
  SAVINGS_ACCOUNT: ['description'],
  OTHER: ['description'],
};
const ALL_FIELDS: ReadonlySet<string> = new Set([...COMMON, ...Object.values(FIELDS).flat()]);

const IDENTIFIER = /^[A-Za-z0-9._:-]{1,64}$/;
const EMBOSSED_NAME = /^[A-Z][A-Z .'-]{1,25}$/;
/** cmn:ShortText and cmn:LongText. */
const SHORT_TEXT = 140;
const LONG_TEXT = 4000;

const invalid = (field: string, message: string): HubError => new HubError('INVALID_REQUEST', message, { field });

/** Reads a request body; throws a HubError naming the first field that is wrong. */
export function readApplicationInput(body: unknown): ApplicationInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('body', 'the body must be a JSON object');
  const source = body as Record<string, unknown>;
  for (const name of Object.keys(source)) if (!ALL_FIELDS.has(name)) throw invalid(name, `unknown field ${name}`);
  const productType = oneOf(source, 'productType', PRODUCT_TYPES, true)!;
  const allowed = new Set<string>([...COMMON, ...FIELDS[productType]]);
  for (const name of Object.keys(source)) {
    if (source[name] !== undefined && !allowed.has(name)) throw invalid(name, `${name} does not apply to a ${productType} application`);
  }
  const common = {
    productType,
    ...opt('offerId', identifier(source, 'offerId', false)),
    ...opt('channel', oneOf(source, 'channel', CHANNELS, false)),
  };
  switch (productType) {
    case 'LOAN': {
      const purpose = oneOf(source, 'purpose', LOAN_PURPOSES, true)!;
      const purposeDescription = text(source, 'purposeDescription', SHORT_TEXT, false);
      if (purpose === 'OTHER' && purposeDescription === undefined) throw invalid('purposeDescription', 'purposeDescription is required when purpose is OTHER');
      return {
        ...common,
        amount: money(source, 'amount', true)!,
        termMonths: termMonths(source),
        purpose,
        ...opt('purposeDescription', purposeDescription),
        ...opt('disbursementAccountId', identifier(source, 'disbursementAccountId', false)),
      };
    }
    case 'DEPOSIT':
      return {
        ...common,
        amount: money(source, 'amount', true)!,
        termMonths: termMonths(source),
        sourceAccountId: identifier(source, 'sourceAccountId', true)!,
        ...opt('rolloverAtMaturity', flag(source, 'rolloverAtMaturity')),
      };
    case 'DEBIT_CARD':
    case 'CREDIT_CARD':
      return { ...common, ...cardOrder(source, productType) };
    default:
      return { ...common, description: text(source, 'description', LONG_TEXT, true)! };
  }
}

function cardOrder(source: Record<string, unknown>, productType: 'DEBIT_CARD' | 'CREDIT_CARD'): Partial<ApplicationInput> {
  const formFactor = oneOf(source, 'formFactor', CARD_FORM_FACTORS, true)!;
  const accountId = identifier(source, 'accountId', false);
  const creditLimit = money(source, 'creditLimit', false);
  const embossedName = source.embossedName;
  const deliveryMethod = oneOf(source, 'deliveryMethod', CARD_DELIVERY_METHODS, false);
  const branchId = identifier(source, 'branchId', false);
  if (productType === 'DEBIT_CARD' && accountId === undefined) throw invalid('accountId', 'a DEBIT_CARD names the account it draws on');
  if (productType === 'CREDIT_CARD' && accountId !== undefined) throw invalid('accountId', 'a CREDIT_CARD has an account of its own; accountId must be absent');
  if (productType !== 'CREDIT_CARD' && creditLimit !== undefined) throw invalid('creditLimit', 'a credit limit is asked for a CREDIT_CARD only');
  if (embossedName !== undefined && (typeof embossedName !== 'string' || !EMBOSSED_NAME.test(embossedName))) {
    throw invalid('embossedName', 'embossedName must be 2 to 26 upper-case Latin letters, spaces, dots, apostrophes or hyphens, starting with a letter');
  }
  if (formFactor === 'PHYSICAL' && deliveryMethod === undefined) throw invalid('deliveryMethod', 'a PHYSICAL card needs a deliveryMethod');
  if (formFactor === 'VIRTUAL' && deliveryMethod !== undefined) throw invalid('deliveryMethod', 'a VIRTUAL card is not delivered');
  if (formFactor === 'VIRTUAL' && embossedName !== undefined) throw invalid('embossedName', 'a VIRTUAL card has no embossed name');
  if ((deliveryMethod === 'BRANCH_PICKUP') !== (branchId !== undefined)) throw invalid('branchId', 'branchId is given exactly when deliveryMethod is BRANCH_PICKUP');
  return {
    formFactor,
    ...opt('cardProductCode', identifier(source, 'cardProductCode', false)),
    ...opt('accountId', accountId),
    ...opt('creditLimit', creditLimit),
    ...opt('embossedName', embossedName as string | undefined),
    ...opt('deliveryMethod', deliveryMethod),
    ...opt('branchId', branchId),
  };
}

/** The CreateApplication request of a validated input (amounts parsed to minor units). */
export function createApplicationRequest(clientId: string, input: ApplicationInput): CreateApplicationRequest {
  const parsed = (value: WireMoney | undefined): Money | undefined => (value === undefined ? undefined : parseAmount(value.amount, value.currency));
  let details: ApplicationDetails;
  switch (input.productType) {
    case 'LOAN':
      details = {
        loan: defined({
          amount: parsed(input.amount)!,
          termMonths: input.termMonths!,
          purpose: input.purpose!,
          purposeDescription: input.purposeDescription,
          disbursementAccountId: input.disbursementAccountId,
        }),
      };
      break;
    case 'DEPOSIT':
      details = { deposit: defined({ amount: parsed(input.amount)!, termMonths: input.termMonths!, sourceAccountId: input.sourceAccountId!, rolloverAtMaturity: input.rolloverAtMaturity }) };
      break;
    case 'DEBIT_CARD':
    case 'CREDIT_CARD':
      details = {
        cardOrder: defined({
          formFactor: input.formFactor!,
          cardProductCode: input.cardProductCode,
          accountId: input.accountId,
          requestedCreditLimit: parsed(input.creditLimit),
          embossedName: input.embossedName,
          deliveryMethod: input.deliveryMethod,
          branchId: input.branchId,
        }),
      };
      break;
    default:
      details = { other: { description: input.description! } };
  }
  return defined({ clientId, productType: input.productType, offerId: input.offerId, details, channel: input.channel }) as CreateApplicationRequest;
}

function opt<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, each]) => each !== undefined)) as T;
}

function oneOf<T extends string>(source: Record<string, unknown>, name: string, values: readonly T[], required: boolean): T | undefined {
  const value = source[name];
  if (value === undefined) {
    if (required) throw invalid(name, `${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) throw invalid(name, `${name} must be one of ${values.join(', ')}`);
  return value as T;
}

function identifier(source: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const value = source[name];
  if (value === undefined) {
    if (required) throw invalid(name, `${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) throw invalid(name, `${name} must be an identifier of 1 to 64 letters, digits, dots, underscores, colons or hyphens`);
  return value;
}

function text(source: Record<string, unknown>, name: string, max: number, required: boolean): string | undefined {
  const value = source[name];
  if (value === undefined) {
    if (required) throw invalid(name, `${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) throw invalid(name, `${name} must be text of 1 to ${max} characters`);
  return value;
}

function flag(source: Record<string, unknown>, name: string): boolean | undefined {
  const value = source[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalid(name, `${name} must be true or false`);
  return value;
}

function termMonths(source: Record<string, unknown>): number {
  const value = source.termMonths;
  if (value === undefined) throw invalid('termMonths', 'termMonths is required');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 600) throw invalid('termMonths', 'termMonths must be a whole number of months from 1 to 600');
  return value;
}

function money(source: Record<string, unknown>, name: string, required: boolean): WireMoney | undefined {
  const value = source[name];
  if (value === undefined) {
    if (required) throw invalid(name, `${name} is required`);
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(name, `${name} must be an object { amount, currency }`);
  const { amount, currency, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw invalid(`${name}.${extra}`, `unknown field ${name}.${extra}`);
  try {
    const parsed = parseAmount(amount as string, currency as string);
    if (parsed.minor === 0n) throw new HubError('INVALID_MONEY', `${name} must be more than zero`, { field: `${name}.amount` });
  } catch (error) {
    if (error instanceof MoneyError) throw new HubError(error.code, `${name}: ${error.message}`, { field: error.code === 'UNKNOWN_CURRENCY' ? `${name}.currency` : `${name}.amount` });
    throw error;
  }
  return { amount: amount as string, currency: currency as string };
}
