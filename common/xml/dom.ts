/** Small, typed helpers over @xmldom/xmldom for reading our own contract files. */
import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import type { Document, Element } from '@xmldom/xmldom';

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
export const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
export const WSDL_SOAP11_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
export const WSDL_SOAP12_NS = 'http://schemas.xmlsoap.org/wsdl/soap12/';

export function readXml(file: string): Document {
  return parseXml(readFileSync(file, 'utf8'), file);
}

export function parseXml(text: string, name = 'document'): Document {
  const problems: string[] = [];
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') problems.push(message);
    },
  }).parseFromString(text, 'text/xml');
  if (problems.length > 0) throw new Error(`${name} is not well-formed XML: ${problems.join('; ')}`);
  return document;
}

/** Child elements, optionally only those with the given namespace and local name. */
export function children(parent: Element, namespace?: string, localName?: string): Element[] {
  const result: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== node.ELEMENT_NODE) continue;
    const element = node as Element;
    if (namespace !== undefined && element.namespaceURI !== namespace) continue;
    if (localName !== undefined && element.localName !== localName) continue;
    result.push(element);
  }
  return result;
}

export function child(parent: Element, namespace: string, localName: string): Element | undefined {
  return children(parent, namespace, localName)[0];
}

/** Whitespace-normalised text of a documentation element, or undefined when empty. */
export function documentationText(element: Element | undefined): string | undefined {
  const text = element?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}

/** A qualified name written as `{namespace}local`. */
export function qname(namespace: string | null | undefined, local: string): string {
  return `{${namespace ?? ''}}${local}`;
}

/** Resolves a prefixed QName attribute value ("cmn:Money") against the element's in-scope namespaces. */
export function resolveQName(element: Element, value: string): string {
  const colon = value.indexOf(':');
  const prefix = colon === -1 ? null : value.slice(0, colon);
  const local = colon === -1 ? value : value.slice(colon + 1);
  const namespace = element.lookupNamespaceURI(prefix);
  if (prefix !== null && namespace === null) {
    throw new Error(`prefix ${prefix} of ${value} is not declared`);
  }
  return qname(namespace, local);
}

export function localOf(name: string): string {
  return name.slice(name.indexOf('}') + 1);
}
