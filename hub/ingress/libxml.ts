/**
 * Reading the libxml2 tree that the ingress parses once per request.
 *
 * The reads on every request (envelope, headers, the WS-Security token, the payload the
 * codec decodes) go to libxml2's node structs directly, through the package's own struct
 * accessors: its public API allocates a JS wrapper per node and per step, which made
 * copying one PublishEvents payload cost ~100 µs against ~7 µs this way. That reaches past
 * the package's typings (the node address `_nodePtr`, the XmlElement constructor,
 * lib/libxml2.mjs), so `checkRawAccess()` compares both views on a sample document when an
 * ingress is built: an upgrade that changes them fails at start, never by misreading a
 * request.
 */
import { ParseOption, XmlDocument, XmlElement } from 'libxml2-wasm';
import { XmlNamedNodeStruct, XmlNodeStruct, XmlNsStruct, xmlNodeGetContent } from 'libxml2-wasm/lib/libxml2.mjs';
import type { ElementReader } from '../../common/soap/codec.js';

/**
 * Untrusted input: no network, no external entities, no entity substitution (the default),
 * and the bytes are read as UTF-8 whatever the XML declaration says, so that libxml2 sees
 * the very text the structural scan has checked (bytes that are not UTF-8 fail the parse).
 */
const UNTRUSTED = { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE, encoding: 'utf-8' };

/** Parses untrusted XML; the caller must dispose the document. Throws XmlParseError when not well-formed. */
export function parseUntrusted(xml: string | Uint8Array): XmlDocument {
  // From bytes when we have them: it saves encoding the text to UTF-8 again.
  return typeof xml === 'string' ? XmlDocument.fromString(xml, UNTRUSTED) : XmlDocument.fromBuffer(xml, UNTRUSTED);
}

export function elementChildren(parent: XmlElement): XmlElement[] {
  const result: XmlElement[] = [];
  for (let node = parent.firstChild; node; node = node.next) if (node instanceof XmlElement) result.push(node);
  return result;
}

// --- Direct reads of element nodes, valid only while their document is not disposed. ---

/** The address of a libxml2 element node of a live document. */
export type NodeRef = number & { readonly __libxml2Node: unique symbol };

const ELEMENT_NODE = 1;

export function refOf(element: XmlElement): NodeRef {
  const pointer = (element as unknown as { readonly _nodePtr?: unknown })._nodePtr;
  if (typeof pointer !== 'number' || pointer === 0) throw new Error('libxml2-wasm no longer exposes XmlElement._nodePtr');
  return pointer as NodeRef;
}

/** The public node object of an element (for the XSD validator), made without walking to it. */
export function elementOf(ref: NodeRef): XmlElement {
  return new (XmlElement as unknown as new (pointer: number) => XmlElement)(ref);
}

export function localNameOf(ref: NodeRef): string {
  return XmlNodeStruct.name_(ref);
}

export function namespaceOf(ref: number): string {
  return hrefOf(XmlNamedNodeStruct.namespace(ref));
}

/** The URI of a namespace struct; '' for none (address 0). */
function hrefOf(ns: number): string {
  return ns === 0 ? '' : XmlNsStruct.href(ns);
}

/** Text content of an element (its text, CDATA and character references, concatenated). */
export function contentOf(ref: NodeRef): string {
  return xmlNodeGetContent(ref);
}

export function childRefs(parent: NodeRef): NodeRef[] {
  const result: NodeRef[] = [];
  for (let child = XmlNodeStruct.children(parent); child !== 0; child = XmlNodeStruct.next(child)) {
    if (XmlNodeStruct.type(child) === ELEMENT_NODE) result.push(child as NodeRef);
  }
  return result;
}

export function childRef(parent: NodeRef, namespace: string, localName: string): NodeRef | undefined {
  for (let child = XmlNodeStruct.children(parent); child !== 0; child = XmlNodeStruct.next(child)) {
    if (XmlNodeStruct.type(child) === ELEMENT_NODE && XmlNodeStruct.name_(child) === localName && namespaceOf(child) === namespace) return child as NodeRef;
  }
  return undefined;
}

/** The value of the attribute `{namespace}localName` (namespace '' for an unqualified attribute). */
export function attributeOf(element: NodeRef, namespace: string, localName: string): string | undefined {
  for (let attr = XmlNodeStruct.properties(element); attr !== 0; attr = XmlNodeStruct.next(attr)) {
    if (XmlNodeStruct.name_(attr) === localName && namespaceOf(attr) === namespace) return xmlNodeGetContent(attr);
  }
  return undefined;
}

/**
 * The schema-driven codec's view of a live document's elements, read in place (no copy of
 * the tree): names as `{namespace}local`, each read once per node, and the text of
 * elements without element children (the schema has no mixed content).
 */
export function nodeReader(): ElementReader<NodeRef> {
  const names = new Map<NodeRef, string>();
  const namespaces = new Map<number, string>();
  return {
    name(ref) {
      let name = names.get(ref);
      if (name === undefined) {
        const ns = XmlNamedNodeStruct.namespace(ref);
        let href = namespaces.get(ns);
        if (href === undefined) namespaces.set(ns, (href = hrefOf(ns)));
        names.set(ref, (name = `{${href}}${localNameOf(ref)}`));
      }
      return name;
    },
    children: childRefs,
    text: contentOf,
  };
}

/** Fails when the direct reads and the public API disagree on a sample document. */
export function checkRawAccess(): void {
  const sample = parseUntrusted('<p:r xmlns:p="urn:check" xmlns:q="urn:q" q:a="1 &amp; 2"><p:c>x<![CDATA[<y>]]>&#65;</p:c><d/></p:r>');
  try {
    const root = sample.root;
    const ref = refOf(root);
    const children = childRefs(ref);
    const publicChildren = elementChildren(root);
    const agree =
      localNameOf(ref) === root.name &&
      namespaceOf(ref) === root.namespaceUri &&
      attributeOf(ref, 'urn:q', 'a') === '1 & 2' &&
      children.length === 2 &&
      publicChildren.length === 2 &&
      children.every((child, index) => child === refOf(publicChildren[index]!)) &&
      contentOf(children[0]!) === 'x<y>A' &&
      namespaceOf(children[1]!) === '' &&
      childRef(ref, 'urn:check', 'c') === children[0] &&
      refOf(elementOf(children[0]!)) === children[0] &&
      elementOf(children[0]!).name === 'c' &&
      nodeReader().name(children[1]!) === '{}d';
    if (!agree) throw new Error('libxml2-wasm changed its node layout: the ingress cannot read requests safely');
  } finally {
    sample.dispose();
  }
}
