/**
 * Builds complete example instances of contract elements from the schema model: every
 * optional element present once, the first branch of each choice, realistic values.
 * The examples are validated against the schemas in the tests, so a value here that
 * breaks a pattern fails the build instead of misleading an integrator.
 */
import { XSD_NS, localOf, qname } from '../../common/xml/dom.js';
import {
  contentOf,
  type ComplexType,
  type ElementDecl,
  type Particle,
  type SchemaSet,
  type SimpleType,
} from '../../common/contracts/schema-model.js';

const CMN = 'urn:dbp:common:v1';
const CORE_BANKING = 'urn:dbp:corebanking:v1';
const CARDS = 'urn:dbp:cards:v1';
const CRM = 'urn:dbp:crm:v1';
const MAX_DEPTH = 12;

/** Values by element local name: the most specific source of an example. */
const BY_ELEMENT: Readonly<Record<string, string>> = {
  currency: 'EUR',
  aggregateId: 'account-1001',
  baseCurrency: 'EUR',
  quoteCurrency: 'USD',
  sourceCurrency: 'EUR',
  targetCurrency: 'USD',
  iban: 'DE89370400440532013000',
  creditorIban: 'DE02120300000000202051',
  debtorIban: 'DE89370400440532013000',
  name: 'Anna Schmidt',
  givenName: 'Anna',
  middleName: 'Maria',
  familyName: 'Schmidt',
  creditorName: 'Stadtwerke Berlin GmbH',
  merchantName: 'REWE Markt',
  city: 'Berlin',
  line: 'Hauptstrasse 1',
  postalCode: '10115',
  country: 'DE',
  remittanceInformation: 'Invoice 2026-118',
  subject: 'Question about my statement',
  body: 'Hello, could you explain the fee of 24 November? Thank you.',
  message: 'The account does not exist.',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  tracestate: 'dbp=00f067aa0ba902b7',
  schemaVersion: '1.0',
  productCode: 'TD-12M',
};

/** Values by named simple type, for types whose pattern needs a well-formed value. */
const BY_TYPE: Readonly<Record<string, string>> = {
  [qname(CMN, 'CurrencyCode')]: 'EUR',
  [qname(CMN, 'Amount')]: '1250.00',
  [qname(CMN, 'SignedAmount')]: '1250.00',
  [qname(CMN, 'Rate')]: '4.25',
  [qname(CMN, 'IdempotencyKey')]: '3f6c1a9e-5b7d-4e21-9c1a-2b8f0d4e7a61',
  [qname(CMN, 'Iban')]: 'DE89370400440532013000',
  [qname(CMN, 'Bic')]: 'COBADEFFXXX',
  [qname(CMN, 'MaskedPan')]: '427683******1234',
  [qname(CMN, 'CountryCode')]: 'DE',
  [qname(CMN, 'LanguageCode')]: 'en',
  [qname(CMN, 'PhoneNumber')]: '+4915112345678',
  [qname(CMN, 'EmailAddress')]: 'anna.schmidt@example.com',
  [qname(CMN, 'Timestamp')]: '2026-11-24T09:30:00Z',
  [qname(CMN, 'MerchantCategoryCode')]: '5411',
  [qname(CMN, 'Cursor')]: 'eyJhZnRlciI6IjIwMjYtMTEtMjQifQ',
  [qname(CORE_BANKING, 'ExternalReasonCode')]: 'AC04',
  [qname(CARDS, 'CardholderName')]: 'ANNA SCHMIDT',
  [qname(CARDS, 'ExpiryMonth')]: '2029-08',
  [qname(CARDS, 'ActivationCode')]: '482913',
  [qname(CARDS, 'PanLastFour')]: '1234',
  [qname(CRM, 'ClientNumber')]: '10004217',
  [qname(CRM, 'EmbossedName')]: 'ANNA SCHMIDT',
  [qname(CRM, 'FileName')]: 'statement-2026-10.pdf',
  [qname(CRM, 'MediaType')]: 'application/pdf',
  [qname(XSD_NS, 'date')]: '2026-11-24',
  [qname(XSD_NS, 'dateTime')]: '2026-11-24T09:30:00Z',
  [qname(XSD_NS, 'time')]: '09:30:00Z',
  [qname(XSD_NS, 'gYearMonth')]: '2029-08',
  [qname(XSD_NS, 'boolean')]: 'true',
  [qname(XSD_NS, 'decimal')]: '1.5',
  [qname(XSD_NS, 'base64Binary')]: 'JVBERi0xLjQK',
  [qname(XSD_NS, 'anyURI')]: 'https://bank.example/documents/1',
};

const INTEGER_TYPES = new Set(['int', 'long', 'integer', 'short', 'positiveInteger', 'nonNegativeInteger', 'unsignedInt', 'unsignedLong']);

/** Serialises an example instance of a global element as XML, with the given namespace prefixes. */
export function exampleXml(schema: SchemaSet, element: string, prefixes: ReadonlyMap<string, string>, indent = ''): string {
  const declaration = schema.elements.get(element);
  if (!declaration) throw new Error(`element ${element} is not defined`);
  return new ExampleWriter(schema, prefixes).element(declaration, indent, 0, true);
}

class ExampleWriter {
  constructor(
    private readonly schema: SchemaSet,
    private readonly prefixes: ReadonlyMap<string, string>,
  ) {}

  element(declaration: ElementDecl, indent: string, depth: number, root: boolean): string {
    const tag = this.tag(declaration.name);
    const declarations = root
      ? [...this.prefixes].map(([namespace, prefix]) => ` xmlns:${prefix}="${namespace}"`).join('')
      : '';
    const type = typeof declaration.type === 'string' ? this.resolve(declaration.type) : declaration.type;
    if (type.kind === 'simple') {
      return `${indent}<${tag}${declarations}>${escapeXml(this.simpleValue(declaration, type))}</${tag}>`;
    }
    if (depth >= MAX_DEPTH) return `${indent}<${tag}${declarations}/>`;
    const inner = this.particles(contentOf(this.schema, type), `${indent}  `, depth + 1);
    return inner.length === 0
      ? `${indent}<${tag}${declarations}/>`
      : `${indent}<${tag}${declarations}>\n${inner.join('\n')}\n${indent}</${tag}>`;
  }

  private particles(particles: readonly Particle[], indent: string, depth: number): string[] {
    const lines: string[] = [];
    for (const particle of particles) {
      if (particle.kind === 'element') lines.push(this.element(particle, indent, depth, false));
      else if (particle.kind === 'sequence') lines.push(...this.particles(particle.particles, indent, depth));
      else if (particle.particles[0]) lines.push(...this.particles([particle.particles[0]], indent, depth));
    }
    return lines;
  }

  private resolve(type: string): SimpleType | ComplexType {
    const found = this.schema.complexTypes.get(type) ?? this.schema.simpleTypes.get(type);
    if (found) return found;
    if (type.startsWith(`{${XSD_NS}}`)) {
      return { kind: 'simple', name: undefined, documentation: undefined, base: type, facets: { enumerations: [], patterns: [] } };
    }
    throw new Error(`type ${type} is not defined`);
  }

  private simpleValue(declaration: ElementDecl, type: SimpleType): string {
    const local = localOf(declaration.name);
    if (declaration.defaultValue !== undefined) return declaration.defaultValue;
    if (type.facets.enumerations[0]) return type.facets.enumerations[0].value;
    const byElement = BY_ELEMENT[local];
    if (byElement !== undefined) return byElement;
    const typeName = typeof declaration.type === 'string' ? declaration.type : undefined;
    return this.valueOfType(type, typeName, local);
  }

  private valueOfType(type: SimpleType, typeName: string | undefined, local: string): string {
    if (typeName && BY_TYPE[typeName] !== undefined) return BY_TYPE[typeName];
    if (typeName === qname(CMN, 'Identifier')) return identifierFor(local);
    if (type.facets.enumerations[0]) return type.facets.enumerations[0].value;
    const baseLocal = localOf(type.base);
    if (type.base.startsWith(`{${XSD_NS}}`)) {
      if (type.facets.patterns.length > 0) {
        throw new Error(`no example value for element ${local} (type ${typeName ?? 'anonymous'}, pattern ${type.facets.patterns.join(' ')}); add one to the example table`);
      }
      if (INTEGER_TYPES.has(baseLocal)) return type.facets.minInclusive ?? '1';
      if (BY_TYPE[type.base] !== undefined) return BY_TYPE[type.base]!;
      return fitLength(humanise(local), type);
    }
    const base = this.resolve(type.base);
    if (base.kind !== 'simple') throw new Error(`simple type of ${local} restricts a complex type`);
    return this.valueOfType(base, type.base, local);
  }

  private tag(name: string): string {
    const namespace = name.slice(1, name.indexOf('}'));
    const prefix = this.prefixes.get(namespace);
    return prefix ? `${prefix}:${localOf(name)}` : localOf(name);
  }
}

/** "accountId" → "account-1001"; "entryReference" → "entry-reference-1001". */
function identifierFor(local: string): string {
  const stem = local.replace(/Id$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `${stem || 'id'}-1001`;
}

/** "remittanceInformation" → "Remittance information". */
function humanise(local: string): string {
  const words = local.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fitLength(text: string, type: SimpleType): string {
  const { maxLength, minLength, length } = type.facets;
  let value = text;
  const min = length ?? minLength ?? 0;
  while (value.length < min) value += ' example';
  const max = length ?? maxLength;
  return max === undefined ? value : value.slice(0, max);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
