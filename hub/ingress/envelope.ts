/**
 * The SOAP envelope as the ingress sees it, read from the libxml2 tree: its version (from
 * the Envelope's namespace), the header blocks addressed to this receiver, and the single
 * payload element of the Body. SOAP 1.1 headers with an actor other than "next", and SOAP
 * 1.2 headers with a role other than "next" or "ultimateReceiver", are meant for someone
 * else and ignored, mustUnderstand or not.
 */
import type { XmlDocument, XmlElement } from 'libxml2-wasm';
import { SOAP11_ENV, SOAP12_ENV, type SoapVersion } from '../../common/soap/envelope.js';
import { HubError } from '../errors/catalog.js';
import { attributeOf, childRefs, elementOf, localNameOf, namespaceOf, refOf, type NodeRef } from './libxml.js';

const OUR_ROLES: Readonly<Record<SoapVersion, ReadonlySet<string>>> = {
  '1.1': new Set(['http://schemas.xmlsoap.org/soap/actor/next']),
  '1.2': new Set(['http://www.w3.org/2003/05/soap-envelope/role/next', 'http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver']),
};

export interface HeaderBlock {
  readonly element: NodeRef;
  readonly namespace: string;
  readonly localName: string;
  readonly mustUnderstand: boolean;
}

export interface IngressEnvelope {
  readonly version: SoapVersion;
  /** Header blocks addressed to this receiver, in document order. */
  readonly headers: readonly HeaderBlock[];
  /** The only element child of the Body. */
  readonly payload: XmlElement;
}

/** Throws VERSION_MISMATCH for a root that is not a SOAP 1.1 or 1.2 Envelope, MALFORMED_REQUEST for a bad structure. */
export function readEnvelope(document: XmlDocument): IngressEnvelope {
  const envelope = refOf(document.root);
  const namespace = namespaceOf(envelope);
  const version: SoapVersion | undefined = namespace === SOAP11_ENV ? '1.1' : namespace === SOAP12_ENV ? '1.2' : undefined;
  if (localNameOf(envelope) !== 'Envelope' || version === undefined) {
    throw new HubError('VERSION_MISMATCH', `the root element is not a SOAP 1.1 or 1.2 Envelope (found {${namespace}}${localNameOf(envelope)})`);
  }
  let header: NodeRef | undefined;
  let body: NodeRef | undefined;
  for (const element of childRefs(envelope)) {
    const name = namespaceOf(element) === namespace ? localNameOf(element) : undefined;
    if (name === 'Header' && header === undefined && body === undefined) header = element;
    else if (name === 'Body' && body === undefined) body = element;
    else if (body === undefined || version === '1.2') throw new HubError('MALFORMED_REQUEST', `unexpected element ${localNameOf(element)} in the Envelope`);
  }
  if (body === undefined) throw new HubError('MALFORMED_REQUEST', 'the Envelope has no Body');
  const payloads = childRefs(body);
  if (payloads.length !== 1) throw new HubError('MALFORMED_REQUEST', `the Body must hold exactly one element, it holds ${payloads.length}`);
  return { version, headers: header === undefined ? [] : headerBlocks(header, version), payload: elementOf(payloads[0]!) };
}

function headerBlocks(header: NodeRef, version: SoapVersion): HeaderBlock[] {
  const envNs = version === '1.1' ? SOAP11_ENV : SOAP12_ENV;
  const blocks: HeaderBlock[] = [];
  for (const element of childRefs(header)) {
    const target = attributeOf(element, envNs, version === '1.1' ? 'actor' : 'role')?.trim();
    if (target !== undefined && target !== '' && !OUR_ROLES[version].has(target)) continue;
    const mustUnderstand = attributeOf(element, envNs, 'mustUnderstand');
    blocks.push({ element, namespace: namespaceOf(element), localName: localNameOf(element), mustUnderstand: mustUnderstand !== undefined && isTrue(mustUnderstand) });
  }
  return blocks;
}

/** SOAP 1.1 writes "1", SOAP 1.2 "true" or "1"; "true" in a 1.1 message is taken at its word too. */
function isTrue(value: string): boolean {
  const trimmed = value.trim();
  return trimmed === '1' || trimmed === 'true';
}

/** MUST_UNDERSTAND when a block addressed to us demands understanding and is not one of `understood` ("{ns}local"). */
export function checkMustUnderstand(headers: readonly HeaderBlock[], understood: ReadonlySet<string>): void {
  for (const block of headers) {
    if (block.mustUnderstand && !understood.has(`{${block.namespace}}${block.localName}`)) {
      throw new HubError('MUST_UNDERSTAND', `the header {${block.namespace}}${block.localName} is marked mustUnderstand and is not understood`);
    }
  }
}
