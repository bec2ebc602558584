/**
 * Which request field a schema error is about ("event[2]/sequence"), for the fault's
 * `field`. libxml2 names the element and its line; on a one-line message several elements
 * share both, and the offending value, when the message quotes it, tells them apart.
 */
import { XmlElement } from 'libxml2-wasm';
import type { ValidationIssue } from '../../common/contracts/validator.js';

const ELEMENT = /^Element '\{([^}]*)\}([^']+)'/;
/** How libxml2 quotes the offending value: "Element 'x': 'abc' is not a valid value…" or "[facet …] The value 'abc' is …". */
const VALUE = [/^Element '[^']*': '(.*?)' is not /, /\] The value '(.*?)' (?:is|has) /];

export function schemaField(issue: ValidationIssue, payload: XmlElement): string | undefined {
  // A validator that reports libxml2's node path ("/soap:Envelope/soap:Body/cc:X/cc:event[2]/cc:sequence") is exact.
  const xpath = (issue as { readonly xpath?: unknown }).xpath;
  if (typeof xpath === 'string') return fromXpath(xpath, payload.name);
  const element = ELEMENT.exec(issue.message);
  if (!element) return undefined;
  const [, namespace, localName] = element;
  const value = VALUE.map((pattern) => pattern.exec(issue.message)?.[1]).find((found) => found !== undefined);
  let fallback: string | undefined;
  let found: string | undefined;
  const visit = (node: XmlElement, path: string): void => {
    for (let child = node.firstChild; child && found === undefined; child = child.next) {
      if (!(child instanceof XmlElement)) continue;
      const childPath = `${path}${path ? '/' : ''}${child.name}${indexAmongSiblings(child)}`;
      if (child.name === localName && child.namespaceUri === namespace && (issue.line === undefined || child.line === issue.line)) {
        fallback ??= childPath;
        if (value === undefined || child.content === value) found = childPath;
      }
      if (found === undefined) visit(child, childPath);
    }
  };
  if (payload.name === localName && payload.namespaceUri === namespace) return payload.name;
  visit(payload, '');
  return found ?? fallback;
}

function indexAmongSiblings(element: XmlElement): string {
  let index = 0;
  let count = 0;
  const parent = element.parent;
  if (!parent) return '';
  for (let node = parent.firstChild; node; node = node.next) {
    if (node instanceof XmlElement && node.name === element.name && node.namespaceUri === element.namespaceUri) {
      count += 1;
      if (node.isSameNode(element)) index = count;
    }
  }
  return count > 1 ? `[${index}]` : '';
}

function fromXpath(xpath: string, payloadName: string): string {
  const steps = xpath.split('/').filter(Boolean).map((step) => step.replace(/^[^:[]*:/, ''));
  const start = steps.findIndex((step) => step.replace(/\[\d+\]$/, '') === payloadName);
  const rest = start === -1 ? steps : steps.slice(start + 1);
  return rest.length === 0 ? payloadName : rest.join('/');
}
