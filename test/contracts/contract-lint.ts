/**
 * The rules every published contract file must follow, as plain functions so that the
 * tests can run them on the real contracts and on small broken samples alike.
 */
import type { Document, Element } from '@xmldom/xmldom';
import { WSDL_NS, XSD_NS, child, children, documentationText } from '../../common/xml/dom.js';

const DOCUMENTED_XSD = new Set(['element', 'attribute', 'complexType', 'simpleType', 'enumeration']);
const DOCUMENTED_WSDL = new Set(['definitions', 'message', 'portType', 'operation', 'binding', 'service', 'port']);
const FORBIDDEN_TYPES = /^(xs|xsd):(decimal|double|float)$/;

/** Every XSD declaration that lacks xs:annotation/xs:documentation, as readable paths. */
export function undocumentedXsd(document: Document): string[] {
  const problems: string[] = [];
  const walk = (element: Element, trail: string): void => {
    for (const node of children(element, XSD_NS)) {
      const name = node.getAttribute('name') ?? node.getAttribute('value') ?? '';
      const here = `${trail}/${node.localName}${name ? `[${name}]` : ''}`;
      const anonymousType = (node.localName === 'complexType' || node.localName === 'simpleType') && !node.hasAttribute('name');
      if (DOCUMENTED_XSD.has(node.localName ?? '') && !anonymousType) {
        const annotation = child(node, XSD_NS, 'annotation');
        if (!documentationText(annotation && child(annotation, XSD_NS, 'documentation'))) problems.push(here);
      }
      if (node.localName !== 'annotation') walk(node, here);
    }
  };
  if (document.documentElement) walk(document.documentElement, '');
  return problems;
}

/** Every WSDL definition that lacks wsdl:documentation (binding operations excepted: the portType documents them). */
export function undocumentedWsdl(document: Document): string[] {
  const problems: string[] = [];
  const walk = (element: Element, trail: string): void => {
    const name = element.getAttribute('name') ?? '';
    const here = `${trail}/${element.localName}${name ? `[${name}]` : ''}`;
    const inBinding = element.localName === 'operation' && element.parentNode && (element.parentNode as Element).localName === 'binding';
    if (DOCUMENTED_WSDL.has(element.localName ?? '') && !inBinding && !documentationText(child(element, WSDL_NS, 'documentation'))) {
      problems.push(here);
    }
    for (const node of children(element, WSDL_NS)) walk(node, here);
  };
  if (document.documentElement) walk(document.documentElement, '');
  return problems;
}

/** Type references that would carry money or quantities as binary numbers. */
export function numericTypeUses(document: Document): string[] {
  const uses: string[] = [];
  for (const tag of ['element', 'attribute', 'restriction']) {
    for (const node of Array.from(document.getElementsByTagNameNS(XSD_NS, tag))) {
      const type = node.getAttribute('type') ?? node.getAttribute('base') ?? '';
      if (FORBIDDEN_TYPES.test(type)) uses.push(`${tag} ${node.getAttribute('name') ?? ''} uses ${type}`);
    }
  }
  return uses;
}
