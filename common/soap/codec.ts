/**
 * Schema-driven conversion between contract messages and plain values, for the code that
 * speaks the contracts without a SOAP toolkit (the mock back offices, the conformance
 * kit). The schema decides everything: element order, namespaces, which elements repeat.
 *
 * Plain value conventions:
 * - a simple-typed element is a string (booleans "true"/"false", numbers and dates as
 *   their lexical form); money amounts are decimal strings, never numbers;
 * - a complex-typed element is an object keyed by child local names;
 * - an element that may repeat (maxOccurs > 1) is always an array, even with one item;
 * - an absent optional element is an absent key; of a choice only the chosen key is set.
 * When encoding, booleans, bigints and safe integers are accepted and written as text.
 */
import type { Element } from '@xmldom/xmldom';
import {
  contentOf,
  type ComplexType,
  type ElementDecl,
  type Particle,
  type SchemaSet,
  type SimpleType,
} from '../contracts/schema-model.js';
import { XSD_NS, children, localOf, qname } from '../xml/dom.js';

export type PlainValue = string | PlainObject | PlainValue[];
export interface PlainObject {
  [name: string]: PlainValue | undefined;
}
/** What encoding accepts: plain values plus booleans, bigints and integers as leaves. */
export type EncodableValue = string | boolean | bigint | number | EncodableObject | EncodableValue[];
export interface EncodableObject {
  [name: string]: EncodableValue | undefined;
}

/** A message that does not fit the schema: the path says where. */
export class CodecError extends Error {
  override readonly name = 'CodecError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** What decoding reads of a tree of elements. */
export interface ElementReader<E> {
  /** The element's name as `{namespace}localName`. */
  name(element: E): string;
  /** Its child elements, in document order. */
  children(element: E): readonly E[];
  /** Its text (of an element without element children). */
  text(element: E): string;
}

const domReader: ElementReader<Element> = {
  name: (element) => qname(element.namespaceURI, element.localName ?? ''),
  children: (element) => children(element),
  text: (element) => element.textContent ?? '',
};

export class MessageCodec {
  constructor(
    private readonly schema: SchemaSet,
    /** Namespace → prefix used when writing. */
    private readonly prefixes: ReadonlyMap<string, string>,
  ) {}

  /**
   * Reads a global element (for example a request payload) into a plain value: an xmldom
   * element, or any tree given a reader for it (the hub's ingress reads libxml2's nodes).
   */
  decode(element: Element): PlainObject;
  decode<E>(element: E, reader: ElementReader<E>): PlainObject;
  decode<E>(element: E, reader: ElementReader<E> = domReader as unknown as ElementReader<E>): PlainObject {
    const name = reader.name(element);
    const declaration = this.schema.elements.get(name);
    if (!declaration) throw new CodecError(localOf(name), 'not an element of this contract');
    const value = this.decodeElement(reader, declaration, element, localOf(name));
    if (typeof value === 'string') throw new CodecError(localOf(name), 'expected a structure');
    return value as PlainObject;
  }

  /** Writes a global element as XML, declaring its namespaces on the root. */
  encode(elementName: string, value: EncodableObject, indent = ''): string {
    const declaration = this.schema.elements.get(elementName);
    if (!declaration) throw new CodecError(localOf(elementName), 'not an element of this contract');
    const namespaces = [...this.prefixes].map(([namespace, prefix]) => ` xmlns:${prefix}="${namespace}"`).join('');
    const out: string[] = [];
    this.encodeElement(declaration, value, indent, out, localOf(elementName), namespaces);
    return out.join('\n');
  }

  private decodeElement<E>(reader: ElementReader<E>, declaration: ElementDecl, element: E, path: string): PlainValue {
    const type = this.typeOf(declaration);
    const items = reader.children(element);
    if (type.kind === 'simple') {
      if (items.length > 0) throw new CodecError(`${path}/${localOf(reader.name(items[0]!))}`, 'unexpected element in a simple value');
      return reader.text(element);
    }
    const result: PlainObject = {};
    const next = this.decodeParticles(reader, contentOf(this.schema, type), items, 0, result, path);
    if (next < items.length) throw new CodecError(`${path}/${localOf(reader.name(items[next]!))}`, 'unexpected element');
    return result;
  }

  /** Consumes matching child elements in schema order; returns the index of the first unconsumed child. */
  private decodeParticles<E>(reader: ElementReader<E>, particles: readonly Particle[], items: readonly E[], start: number, into: PlainObject, path: string): number {
    let index = start;
    for (const particle of particles) {
      if (particle.kind === 'element') {
        const values: PlainValue[] = [];
        while (index < items.length && particle.name === reader.name(items[index]!)) {
          values.push(this.decodeElement(reader, particle, items[index]!, `${path}/${localOf(particle.name)}`));
          index += 1;
        }
        const max = particle.maxOccurs === 'unbounded' ? Infinity : particle.maxOccurs;
        if (values.length < particle.minOccurs) throw new CodecError(`${path}/${localOf(particle.name)}`, 'required element is missing');
        if (values.length > max) throw new CodecError(`${path}/${localOf(particle.name)}`, `at most ${max} allowed`);
        if (values.length > 0) into[localOf(particle.name)] = max > 1 ? values : values[0];
      } else if (particle.kind === 'sequence') {
        index = this.decodeParticles(reader, particle.particles, items, index, into, path);
      } else {
        const chosen = index < items.length ? particle.particles.find((option) => startsWith(option, reader.name(items[index]!))) : undefined;
        if (chosen) index = this.decodeParticles(reader, [chosen], items, index, into, path);
        else if (particle.minOccurs > 0) throw new CodecError(path, 'none of the choices is present');
      }
    }
    return index;
  }

  private encodeElement(declaration: ElementDecl, value: EncodableValue, indent: string, out: string[], path: string, namespaces = ''): void {
    const tag = this.tag(declaration.name);
    const type = this.typeOf(declaration);
    if (type.kind === 'simple') {
      out.push(`${indent}<${tag}${namespaces}>${escapeText(leafText(value, path))}</${tag}>`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CodecError(path, 'expected an object');
    const object = value as EncodableObject;
    const inner: string[] = [];
    const used = new Set<string>();
    this.encodeParticles(contentOf(this.schema, type), object, `${indent}  `, inner, path, used);
    for (const key of Object.keys(object)) {
      if (object[key] !== undefined && !used.has(key)) throw new CodecError(`${path}/${key}`, 'not an element of this type');
    }
    out.push(inner.length === 0 ? `${indent}<${tag}${namespaces}/>` : `${indent}<${tag}${namespaces}>\n${inner.join('\n')}\n${indent}</${tag}>`);
  }

  private encodeParticles(particles: readonly Particle[], object: EncodableObject, indent: string, out: string[], path: string, used: Set<string>): void {
    for (const particle of particles) {
      if (particle.kind === 'element') {
        const key = localOf(particle.name);
        const value = object[key];
        used.add(key);
        const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
        const max = particle.maxOccurs === 'unbounded' ? Infinity : particle.maxOccurs;
        if (values.length < particle.minOccurs) throw new CodecError(`${path}/${key}`, 'required element is missing');
        if (values.length > max) throw new CodecError(`${path}/${key}`, `at most ${max} allowed, got ${values.length}`);
        for (const item of values) this.encodeElement(particle, item, indent, out, `${path}/${key}`);
      } else if (particle.kind === 'sequence') {
        this.encodeParticles(particle.particles, object, indent, out, path, used);
      } else {
        const present = particle.particles.filter((option) => this.keysOf(option).some((key) => object[key] !== undefined));
        if (present.length > 1) throw new CodecError(path, `only one of ${particle.particles.flatMap((o) => this.keysOf(o)).join(', ')} may be set`);
        if (present.length === 0 && particle.minOccurs > 0) {
          throw new CodecError(path, `one of ${particle.particles.flatMap((o) => this.keysOf(o)).join(', ')} is required`);
        }
        for (const option of particle.particles) this.keysOf(option).forEach((key) => used.add(key));
        if (present[0]) this.encodeParticles([present[0]], object, indent, out, path, used);
      }
    }
  }

  private keysOf(particle: Particle): string[] {
    return particle.kind === 'element' ? [localOf(particle.name)] : particle.particles.flatMap((p) => this.keysOf(p));
  }

  private typeOf(declaration: ElementDecl): ComplexType | SimpleType {
    if (typeof declaration.type !== 'string') return declaration.type;
    const found = this.schema.complexTypes.get(declaration.type) ?? this.schema.simpleTypes.get(declaration.type);
    if (found) return found;
    if (declaration.type.startsWith(`{${XSD_NS}}`)) {
      return { kind: 'simple', name: undefined, documentation: undefined, base: declaration.type, facets: { enumerations: [], patterns: [] } };
    }
    throw new CodecError(localOf(declaration.name), `type ${declaration.type} is not defined`);
  }

  private tag(name: string): string {
    const namespace = name.slice(1, name.indexOf('}'));
    const prefix = this.prefixes.get(namespace);
    if (namespace && !prefix) throw new CodecError(localOf(name), `no prefix for namespace ${namespace}`);
    return prefix ? `${prefix}:${localOf(name)}` : localOf(name);
  }
}

/** Whether an element named `name` (`{namespace}local`) can begin the particle. */
function startsWith(particle: Particle, name: string): boolean {
  if (particle.kind === 'element') return particle.name === name;
  return particle.particles.length > 0 && startsWith(particle.particles[0]!, name);
}

function leafText(value: EncodableValue, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new CodecError(path, `expected text, got ${Array.isArray(value) ? 'an array' : typeof value}${typeof value === 'number' ? ' (only whole numbers; write amounts as decimal strings)' : ''}`);
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
