import { expect } from 'chai';
import { XmlElement, type XmlDocument } from 'libxml2-wasm';
import { HubError } from '../../hub/errors/catalog.js';
import { checkRawAccess, childRefs, contentOf, localNameOf, namespaceOf, parseUntrusted, refOf, type NodeRef } from '../../hub/ingress/libxml.js';
import { DEFAULT_STRUCTURAL_LIMITS, scanXml, type StructuralLimits } from '../../hub/ingress/xml-scan.js';

function codeOf(text: string, limits: Partial<StructuralLimits> = {}): string | undefined {
  try {
    scanXml(text, { ...DEFAULT_STRUCTURAL_LIMITS, ...limits });
    return undefined;
  } catch (error) {
    if (error instanceof HubError) return error.code;
    throw error;
  }
}

/** Elements, deepest nesting and most attributes (namespace declarations included) as libxml2 sees them. */
function measured(document: XmlDocument): { elements: number; depth: number; attributes: number } {
  let elements = 0;
  let depth = 0;
  let attributes = 0;
  const visit = (element: XmlElement, level: number): void => {
    elements += 1;
    depth = Math.max(depth, level);
    attributes = Math.max(attributes, element.attrs.length + Object.keys(element.nsDeclarations).length);
    for (let node = element.firstChild; node; node = node.next) if (node instanceof XmlElement) visit(node, level + 1);
  };
  visit(document.root, 1);
  return { elements, depth, attributes };
}

const TRICKY = [
  '<a x=">" y="/>" z=\'"\'><b/></a>',
  '<?xml version="1.0" encoding="UTF-8"?>\n<!-- <hidden/><hidden/> --><a><![CDATA[<not><elements/>]]]]><![CDATA[>]]><b  c = "1"\n/><?pi <x/> ?></a>',
  '\uFEFF<p:a xmlns:p="urn:p" xmlns="urn:d" p:k="v"><b><c>text &amp; &#60;more&#x3e;</c></b><d/></p:a>',
  '<a>\r\n<b>1</b>\t<b>2</b><b\t/></a>',
];

describe('ingress structural scan', () => {
  it('counts exactly what libxml2 builds, even where markup hides in comments, CDATA, PIs and attribute values', () => {
    for (const text of TRICKY) {
      const document = parseUntrusted(text);
      try {
        const { elements, depth, attributes } = measured(document);
        expect(codeOf(text, { maxElements: elements, maxDepth: depth, maxAttributesPerElement: attributes }), text).to.equal(undefined);
        expect(codeOf(text, { maxElements: elements - 1 }), text).to.equal('MESSAGE_TOO_COMPLEX');
        expect(codeOf(text, { maxDepth: depth - 1 }), text).to.equal('MESSAGE_TOO_COMPLEX');
        if (attributes > 0) expect(codeOf(text, { maxAttributesPerElement: attributes - 1 }), text).to.equal('MESSAGE_TOO_COMPLEX');
      } finally {
        document.dispose();
      }
    }
  });

  it('refuses every DTD declaration, wherever it stands', () => {
    for (const text of ['<!DOCTYPE a><a/>', '<!doctype a><a/>', '<a><!ENTITY x "y"></a>', '<?xml version="1.0"?>\n<!DOCTYPE a [<!ELEMENT a ANY>]><a/>', '<a/><!ATTLIST a b CDATA "c">']) {
      expect(codeOf(text), text).to.equal('DTD_FORBIDDEN');
    }
  });

  it('measures names with their prefix, in start tags, end tags and attributes', () => {
    const name = 'p:' + 'n'.repeat(10);
    expect(codeOf(`<${name} xmlns:p="urn:p"/>`, { maxNameLength: 12 })).to.equal(undefined);
    expect(codeOf(`<${name} xmlns:p="urn:p"/>`, { maxNameLength: 11 })).to.equal('MESSAGE_TOO_COMPLEX');
    expect(codeOf(`<a ${name}="1" xmlns:p="urn:p"/>`, { maxNameLength: 11 })).to.equal('MESSAGE_TOO_COMPLEX');
  });

  it('calls broken markup malformed rather than guessing', () => {
    for (const text of ['', 'text only', '<a', '<a b></a>', '<a b=c/>', '<a b="c/>', '<!-- open', '<![CDATA[ open', '<? open', '<!SOMETHING>']) {
      expect(codeOf(text), JSON.stringify(text)).to.equal('MALFORMED_REQUEST');
    }
  });
});

describe('ingress libxml2 direct reads', () => {
  it('agree with the public API of libxml2-wasm', () => {
    checkRawAccess();
    const document = parseUntrusted(TRICKY[2]!.slice(1));
    try {
      const compare = (element: XmlElement, ref: NodeRef): void => {
        expect(localNameOf(ref)).to.equal(element.name);
        expect(namespaceOf(ref)).to.equal(element.namespaceUri);
        expect(contentOf(ref)).to.equal(element.content);
        const publicChildren: XmlElement[] = [];
        for (let node = element.firstChild; node; node = node.next) if (node instanceof XmlElement) publicChildren.push(node);
        const refs = childRefs(ref);
        expect(refs.length).to.equal(publicChildren.length);
        publicChildren.forEach((child, index) => compare(child, refs[index]!));
      };
      compare(document.root, refOf(document.root));
      expect(contentOf(childRefs(childRefs(refOf(document.root))[0]!)[0]!)).to.equal('text & <more>');
    } finally {
      document.dispose();
    }
  });
});
