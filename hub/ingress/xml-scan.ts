/**
 * A single streaming pass over an untrusted request, before any tree is built: it refuses
 * every DTD (so no entity, internal or external, can ever be expanded) and the structures
 * that make a parser or validator work hard (deep nesting, many elements, many attributes,
 * long names). It is not a parser: well-formedness is libxml2's job afterwards. It only has
 * to see the markup the way libxml2 will, so that the counts it checks are the ones a tree
 * would have: comments, CDATA sections, processing instructions and quoted attribute values
 * are skipped as wholes, the only places where '<' or '>' do not start or end a tag.
 * Written by hand rather than with `sax` because it is a few times faster and has no
 * dependency; it runs on every request.
 */
import { HubError } from '../errors/catalog.js';

export interface StructuralLimits {
  /** Deepest element nesting, the Envelope being depth 1. */
  readonly maxDepth: number;
  /** Elements in the whole document. */
  readonly maxElements: number;
  /** Attributes of one element, namespace declarations included. */
  readonly maxAttributesPerElement: number;
  /** Longest element or attribute name, prefix included. */
  readonly maxNameLength: number;
}

export const DEFAULT_STRUCTURAL_LIMITS: StructuralLimits = Object.freeze({
  maxDepth: 32,
  maxElements: 50_000,
  maxAttributesPerElement: 32,
  maxNameLength: 128,
});

const DTD_MARKUP = /^<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Throws a HubError (DTD_FORBIDDEN, MESSAGE_TOO_COMPLEX or MALFORMED_REQUEST) when the text breaks a rule. */
export function scanXml(text: string, limits: StructuralLimits): void {
  const malformed = (what: string): never => {
    throw new HubError('MALFORMED_REQUEST', `the request is not well-formed XML: ${what}`);
  };
  const tooComplex = (what: string): never => {
    throw new HubError('MESSAGE_TOO_COMPLEX', `the request exceeds a structural limit: ${what}`);
  };
  const length = text.length;
  let depth = 0;
  let elements = 0;
  let i = text.indexOf('<');
  while (i !== -1) {
    const next = text.charCodeAt(i + 1);
    if (next === BANG) {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end === -1) malformed('unterminated comment');
        i = text.indexOf('<', end + 3);
      } else if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        if (end === -1) malformed('unterminated CDATA section');
        i = text.indexOf('<', end + 3);
      } else if (DTD_MARKUP.test(text.slice(i, i + 10))) {
        throw new HubError('DTD_FORBIDDEN', 'a DOCTYPE or DTD declaration is not allowed');
      } else {
        malformed('unexpected markup declaration');
      }
      continue;
    }
    if (next === QUESTION) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) malformed('unterminated processing instruction');
      i = text.indexOf('<', end + 2);
      continue;
    }
    if (next === SLASH) {
      const end = text.indexOf('>', i + 2);
      if (end === -1) malformed('unterminated end tag');
      if (end - i - 2 > limits.maxNameLength) tooComplex(`a name is longer than ${limits.maxNameLength} characters`);
      depth -= 1;
      i = text.indexOf('<', end + 1);
      continue;
    }
    // A start tag: its name, then attributes up to '>' or '/>'.
    elements += 1;
    if (elements > limits.maxElements) tooComplex(`more than ${limits.maxElements} elements`);
    if (depth + 1 > limits.maxDepth) tooComplex(`elements nested deeper than ${limits.maxDepth}`);
    let p = i + 1;
    while (p < length) {
      const code = text.charCodeAt(p);
      if (isSpace(code) || code === GT || code === SLASH) break;
      p += 1;
    }
    if (p - i - 1 > limits.maxNameLength) tooComplex(`a name is longer than ${limits.maxNameLength} characters`);
    let attributes = 0;
    let selfClosing = false;
    for (;;) {
      while (p < length && isSpace(text.charCodeAt(p))) p += 1;
      if (p >= length) malformed('unterminated start tag');
      const code = text.charCodeAt(p);
      if (code === GT) break;
      if (code === SLASH) {
        selfClosing = true;
        break;
      }
      const nameStart = p;
      while (p < length) {
        const c = text.charCodeAt(p);
        if (c === EQUALS || isSpace(c) || c === GT || c === SLASH || c === LT) break;
        p += 1;
      }
      if (p === nameStart) malformed('unexpected character in a start tag');
      if (p - nameStart > limits.maxNameLength) tooComplex(`a name is longer than ${limits.maxNameLength} characters`);
      attributes += 1;
      if (attributes > limits.maxAttributesPerElement) tooComplex(`an element has more than ${limits.maxAttributesPerElement} attributes`);
      while (p < length && isSpace(text.charCodeAt(p))) p += 1;
      if (text.charCodeAt(p) !== EQUALS) malformed('an attribute without a value');
      p += 1;
      while (p < length && isSpace(text.charCodeAt(p))) p += 1;
      const quote = text.charCodeAt(p);
      if (quote !== QUOTE && quote !== APOSTROPHE) malformed('an unquoted attribute value');
      const close = text.indexOf(quote === QUOTE ? '"' : "'", p + 1);
      if (close === -1) malformed('unterminated attribute value');
      p = close + 1;
    }
    if (!selfClosing) depth += 1;
    i = text.indexOf('<', p + 1);
  }
  if (elements === 0) malformed('no element');
}
