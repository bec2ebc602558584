/**
 * A reading of the contracts' XML Schemas: the subset of XSD that the contracts use
 * (global and local elements, named and anonymous complex types with sequence and
 * choice, complexContent extension, attributes, simple types with restrictions).
 * Anything else is refused by name, so that a contract never silently loses a part of
 * its documentation or its examples.
 */
import path from 'node:path';
import type { Element } from '@xmldom/xmldom';
import { contractFile } from './catalog.js';
import { XSD_NS, child, children, documentationText, qname, readXml, resolveQName } from '../xml/dom.js';

export type Occurs = number | 'unbounded';

export interface ElementDecl {
  readonly kind: 'element';
  /** `{namespace}local`. */
  readonly name: string;
  readonly documentation: string | undefined;
  /** Named type `{namespace}local`, or an anonymous type. */
  readonly type: string | ComplexType | SimpleType;
  readonly minOccurs: number;
  readonly maxOccurs: Occurs;
  readonly defaultValue: string | undefined;
}

export interface Group {
  readonly kind: 'sequence' | 'choice';
  readonly documentation: string | undefined;
  readonly minOccurs: number;
  readonly maxOccurs: Occurs;
  readonly particles: readonly Particle[];
}

export type Particle = ElementDecl | Group;

export interface AttributeDecl {
  readonly name: string;
  readonly documentation: string | undefined;
  readonly type: string | SimpleType;
  readonly required: boolean;
}

export interface ComplexType {
  readonly kind: 'complex';
  readonly name: string | undefined;
  readonly documentation: string | undefined;
  /** Base type for complexContent extension; its content comes first. */
  readonly base: string | undefined;
  readonly content: Group | undefined;
  readonly attributes: readonly AttributeDecl[];
}

export interface Facets {
  readonly enumerations: readonly { readonly value: string; readonly documentation: string | undefined }[];
  readonly patterns: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly length?: number;
  readonly minInclusive?: string;
  readonly maxInclusive?: string;
  readonly totalDigits?: number;
  readonly fractionDigits?: number;
}

export interface SimpleType {
  readonly kind: 'simple';
  readonly name: string | undefined;
  readonly documentation: string | undefined;
  /** Base type `{namespace}local` (a named simple type or an XSD built-in). */
  readonly base: string;
  readonly facets: Facets;
}

export interface SchemaSet {
  readonly elements: ReadonlyMap<string, ElementDecl>;
  readonly complexTypes: ReadonlyMap<string, ComplexType>;
  readonly simpleTypes: ReadonlyMap<string, SimpleType>;
  /** Schema-level documentation by target namespace. */
  readonly schemaDocs: ReadonlyMap<string, string | undefined>;
  /** Files read, relative to the contracts directory. */
  readonly files: readonly string[];
}

/** Reads every schema a WSDL imports (transitively) into one set. */
export function loadSchemaSet(wsdl: string): SchemaSet {
  const elements = new Map<string, ElementDecl>();
  const complexTypes = new Map<string, ComplexType>();
  const simpleTypes = new Map<string, SimpleType>();
  const schemaDocs = new Map<string, string | undefined>();
  const files: string[] = [];

  const visit = (relative: string): void => {
    if (files.includes(relative)) return;
    files.push(relative);
    const root = readXml(contractFile(relative)).documentElement;
    if (!root) throw new Error(`${relative} is empty`);
    const schemas = root.namespaceURI === XSD_NS ? [root] : Array.from(root.getElementsByTagNameNS(XSD_NS, 'schema'));
    for (const schema of schemas) {
      for (const include of [...children(schema, XSD_NS, 'import'), ...children(schema, XSD_NS, 'include')]) {
        const location = include.getAttribute('schemaLocation');
        if (location) visit(path.posix.normalize(path.posix.join(path.posix.dirname(relative), location)));
      }
      if (root.namespaceURI !== XSD_NS) continue; // a WSDL's wrapper schema only imports
      const reader = new SchemaReader(schema, relative);
      const target = schema.getAttribute('targetNamespace') ?? '';
      schemaDocs.set(target, annotation(schema));
      for (const node of children(schema, XSD_NS)) {
        const name = node.getAttribute('name');
        switch (node.localName) {
          case 'element':
            elements.set(qname(target, name ?? ''), reader.element(node, true));
            break;
          case 'complexType':
            complexTypes.set(qname(target, name ?? ''), reader.complexType(node));
            break;
          case 'simpleType':
            simpleTypes.set(qname(target, name ?? ''), reader.simpleType(node));
            break;
          case 'import':
          case 'include':
          case 'annotation':
            break;
          default:
            throw new Error(`${relative}: top-level xs:${node.localName} is not supported`);
        }
      }
    }
  };
  visit(wsdl);
  return { elements, complexTypes, simpleTypes, schemaDocs, files };
}

function annotation(node: Element): string | undefined {
  const annotationElement = child(node, XSD_NS, 'annotation');
  return annotationElement ? documentationText(child(annotationElement, XSD_NS, 'documentation')) : undefined;
}

function occurs(node: Element, attribute: 'minOccurs' | 'maxOccurs'): Occurs {
  const value = node.getAttribute(attribute);
  if (value === null || value === '') return 1;
  return value === 'unbounded' ? 'unbounded' : Number.parseInt(value, 10);
}

class SchemaReader {
  private readonly target: string;
  private readonly qualified: boolean;

  constructor(
    schema: Element,
    private readonly file: string,
  ) {
    this.target = schema.getAttribute('targetNamespace') ?? '';
    this.qualified = schema.getAttribute('elementFormDefault') === 'qualified';
  }

  element(node: Element, global: boolean): ElementDecl {
    const name = node.getAttribute('name');
    if (!name) throw new Error(`${this.file}: element without a name (xs:element ref is not supported)`);
    const typeAttribute = node.getAttribute('type');
    const complex = child(node, XSD_NS, 'complexType');
    const simple = child(node, XSD_NS, 'simpleType');
    let type: ElementDecl['type'];
    if (typeAttribute) type = resolveQName(node, typeAttribute);
    else if (complex) type = this.complexType(complex);
    else if (simple) type = this.simpleType(simple);
    else throw new Error(`${this.file}: element ${name} has no type`);
    return {
      kind: 'element',
      name: qname(global || this.qualified ? this.target : '', name),
      documentation: annotation(node),
      type,
      minOccurs: occurs(node, 'minOccurs') as number,
      maxOccurs: occurs(node, 'maxOccurs'),
      defaultValue: node.getAttribute('default') ?? undefined,
    };
  }

  complexType(node: Element): ComplexType {
    let body = node;
    let base: string | undefined;
    const complexContent = child(node, XSD_NS, 'complexContent');
    if (complexContent) {
      const extension = child(complexContent, XSD_NS, 'extension');
      if (!extension) throw new Error(`${this.file}: only complexContent/extension is supported`);
      base = resolveQName(extension, extension.getAttribute('base') ?? '');
      body = extension;
    }
    if (child(node, XSD_NS, 'simpleContent') || child(body, XSD_NS, 'all') || child(body, XSD_NS, 'group')) {
      throw new Error(`${this.file}: complexType ${node.getAttribute('name') ?? '(anonymous)'} uses unsupported content`);
    }
    const groupNode = child(body, XSD_NS, 'sequence') ?? child(body, XSD_NS, 'choice');
    return {
      kind: 'complex',
      name: node.getAttribute('name') ?? undefined,
      documentation: annotation(node),
      base,
      content: groupNode ? this.group(groupNode) : undefined,
      attributes: children(body, XSD_NS, 'attribute').map((attribute) => this.attribute(attribute)),
    };
  }

  group(node: Element): Group {
    const particles: Particle[] = [];
    for (const item of children(node, XSD_NS)) {
      if (item.localName === 'element') particles.push(this.element(item, false));
      else if (item.localName === 'sequence' || item.localName === 'choice') particles.push(this.group(item));
      else if (item.localName !== 'annotation') throw new Error(`${this.file}: xs:${item.localName} inside a group is not supported`);
    }
    return {
      kind: node.localName as 'sequence' | 'choice',
      documentation: annotation(node),
      minOccurs: occurs(node, 'minOccurs') as number,
      maxOccurs: occurs(node, 'maxOccurs'),
      particles,
    };
  }

  attribute(node: Element): AttributeDecl {
    const simple = child(node, XSD_NS, 'simpleType');
    const typeAttribute = node.getAttribute('type');
    return {
      name: node.getAttribute('name') ?? '',
      documentation: annotation(node),
      type: typeAttribute ? resolveQName(node, typeAttribute) : simple ? this.simpleType(simple) : qname(XSD_NS, 'string'),
      required: node.getAttribute('use') === 'required',
    };
  }

  simpleType(node: Element): SimpleType {
    const restriction = child(node, XSD_NS, 'restriction');
    if (!restriction) throw new Error(`${this.file}: simpleType ${node.getAttribute('name') ?? '(anonymous)'} is not a restriction`);
    const facet = (name: string): string | undefined => child(restriction, XSD_NS, name)?.getAttribute('value') ?? undefined;
    const number = (name: string): number | undefined => {
      const value = facet(name);
      return value === undefined ? undefined : Number.parseInt(value, 10);
    };
    return {
      kind: 'simple',
      name: node.getAttribute('name') ?? undefined,
      documentation: annotation(node),
      base: resolveQName(restriction, restriction.getAttribute('base') ?? 'xs:string'),
      facets: {
        enumerations: children(restriction, XSD_NS, 'enumeration').map((value) => ({
          value: value.getAttribute('value') ?? '',
          documentation: annotation(value),
        })),
        patterns: children(restriction, XSD_NS, 'pattern').map((pattern) => pattern.getAttribute('value') ?? ''),
        minLength: number('minLength'),
        maxLength: number('maxLength'),
        length: number('length'),
        minInclusive: facet('minInclusive'),
        maxInclusive: facet('maxInclusive'),
        totalDigits: number('totalDigits'),
        fractionDigits: number('fractionDigits'),
      },
    };
  }
}

/** The particles of a complex type including those inherited through extension. */
export function contentOf(schema: SchemaSet, type: ComplexType): Particle[] {
  const inherited: Particle[] = [];
  if (type.base) {
    const base = schema.complexTypes.get(type.base);
    if (!base) throw new Error(`base type ${type.base} is not defined`);
    inherited.push(...contentOf(schema, base));
  }
  if (type.content) inherited.push(...(type.content.kind === 'sequence' ? type.content.particles : [type.content]));
  return inherited;
}
