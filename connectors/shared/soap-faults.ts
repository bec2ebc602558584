/**
 * Reads a SOAP fault out of a response body, SOAP 1.1 or 1.2, namespace-aware: the fault
 * code and reason, and the contract's ServiceFault detail (cmn:FaultDetail) with every
 * field as received. The body is read by us rather than from node-soap's parse because
 * node-soap flattens the fault into an error message and types nothing in the detail.
 */
import type { Element } from '@xmldom/xmldom';
import { CMN_NS, SOAP11_ENV, SOAP12_ENV } from '../../common/soap/envelope.js';
import { child, children, parseXml } from '../../common/xml/dom.js';
import type { ReceivedFault } from './errors.js';

/** The fault in `body`, or undefined when the body is not a SOAP envelope holding a Fault. */
export function readFault(body: string): ReceivedFault | undefined {
  if (!body.includes('Fault') || /<!DOCTYPE/i.test(body)) return undefined;
  let root: Element | null;
  try {
    root = parseXml(body, 'response').documentElement;
  } catch {
    return undefined;
  }
  if (!root || root.localName !== 'Envelope') return undefined;
  const namespace = root.namespaceURI;
  if (namespace !== SOAP11_ENV && namespace !== SOAP12_ENV) return undefined;
  const bodyElement = child(root, namespace, 'Body');
  const fault = bodyElement ? child(bodyElement, namespace, 'Fault') : undefined;
  if (!fault) return undefined;

  let faultCode: string;
  let reason: string;
  let detail: Element | undefined;
  if (namespace === SOAP11_ENV) {
    // SOAP 1.1 fault children are unqualified.
    faultCode = textOf(child(fault, '', 'faultcode') ?? childNamed(fault, 'faultcode'));
    reason = textOf(child(fault, '', 'faultstring') ?? childNamed(fault, 'faultstring'));
    detail = child(fault, '', 'detail') ?? childNamed(fault, 'detail');
  } else {
    const code = child(fault, namespace, 'Code');
    faultCode = textOf(code ? child(code, namespace, 'Value') : undefined);
    const reasonElement = child(fault, namespace, 'Reason');
    reason = textOf(reasonElement ? child(reasonElement, namespace, 'Text') : undefined);
    detail = child(fault, namespace, 'Detail');
  }

  // The contract's detail is one element (crd:ServiceFault, cb:ServiceFault, …) of type cmn:FaultDetail.
  const serviceFault = detail ? children(detail)[0] : undefined;
  const fields: Record<string, string> = {};
  for (const element of serviceFault ? children(serviceFault) : []) {
    if (element.localName && !(element.localName in fields)) fields[element.localName] = textOf(element);
  }
  const cmn = (name: string): string | undefined => {
    const element = serviceFault ? child(serviceFault, CMN_NS, name) : undefined;
    return element ? textOf(element) : undefined;
  };
  const retryable = cmn('retryable');
  return {
    code: cmn('code'),
    message: cmn('message'),
    reason,
    faultCode,
    retryable: retryable === undefined ? undefined : retryable === 'true' || retryable === '1',
    field: cmn('field'),
    correlationId: cmn('correlationId'),
    detail: Object.freeze(fields),
  };
}

function childNamed(parent: Element, localName: string): Element | undefined {
  return children(parent).find((element) => element.localName === localName);
}

function textOf(element: Element | undefined): string {
  return element?.textContent?.trim() ?? '';
}
