/**
 * SOAP 1.1 and 1.2 envelopes and faults, shared by everything that speaks the contracts
 * over plain HTTP (mock back offices, conformance kit, reference examples).
 */
import type { Element } from '@xmldom/xmldom';
import { children, parseXml } from '../xml/dom.js';
import { escapeText } from './codec.js';

export const SOAP11_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_ENV = 'http://www.w3.org/2003/05/soap-envelope';
export const CMN_NS = 'urn:dbp:common:v1';

export type SoapVersion = '1.1' | '1.2';

export const CONTENT_TYPES: Readonly<Record<SoapVersion, string>> = {
  '1.1': 'text/xml; charset=utf-8',
  '1.2': 'application/soap+xml; charset=utf-8',
};

export interface ParsedEnvelope {
  readonly version: SoapVersion;
  readonly headers: readonly Element[];
  /** The first element child of the Body. */
  readonly payload: Element;
}

/** A request that is not a usable SOAP envelope; code is a catalog code. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
  constructor(
    readonly code: 'MALFORMED_REQUEST' | 'DTD_FORBIDDEN' | 'VERSION_MISMATCH',
    message: string,
  ) {
    super(message);
  }
}

export function parseEnvelope(xml: string): ParsedEnvelope {
  if (/<!DOCTYPE/i.test(xml)) throw new EnvelopeError('DTD_FORBIDDEN', 'a DOCTYPE is not allowed');
  let root: Element | null;
  try {
    root = parseXml(xml, 'request').documentElement;
  } catch (error) {
    throw new EnvelopeError('MALFORMED_REQUEST', (error as Error).message);
  }
  if (!root || root.localName !== 'Envelope') throw new EnvelopeError('MALFORMED_REQUEST', 'the document is not a SOAP Envelope');
  const version: SoapVersion | undefined = root.namespaceURI === SOAP11_ENV ? '1.1' : root.namespaceURI === SOAP12_ENV ? '1.2' : undefined;
  if (!version) throw new EnvelopeError('VERSION_MISMATCH', `unknown envelope namespace ${root.namespaceURI ?? '(none)'}`);
  const namespace = root.namespaceURI!;
  const header = children(root, namespace, 'Header')[0];
  const body = children(root, namespace, 'Body')[0];
  const payload = body ? children(body)[0] : undefined;
  if (!payload) throw new EnvelopeError('MALFORMED_REQUEST', 'the Body holds no element');
  return { version, headers: header ? children(header) : [], payload };
}

/** Wraps payload XML (and optional header XML) into an envelope of the given version. */
export function buildEnvelope(version: SoapVersion, payload: string, headers = ''): string {
  const [prefix, namespace] = version === '1.1' ? ['soap', SOAP11_ENV] : ['env', SOAP12_ENV];
  const header = headers ? `  <${prefix}:Header>\n${headers}\n  </${prefix}:Header>\n` : '';
  return `<${prefix}:Envelope xmlns:${prefix}="${namespace}">\n${header}  <${prefix}:Body>\n${payload}\n  </${prefix}:Body>\n</${prefix}:Envelope>`;
}

export interface FaultInput {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly field?: string;
  readonly correlationId?: string;
  /** Whether the receiver is at fault (Server / Receiver) rather than the request (Client / Sender). */
  readonly receiverFault?: boolean;
}

/** A SOAP fault whose detail is the contract's ServiceFault element (cmn:FaultDetail). */
export function buildFault(version: SoapVersion, contract: { readonly namespace: string; readonly prefix: string }, fault: FaultInput): string {
  const p = contract.prefix;
  const optional = [
    fault.field === undefined ? '' : `\n      <cmn:field>${escapeText(fault.field)}</cmn:field>`,
    fault.correlationId === undefined ? '' : `\n      <cmn:correlationId>${escapeText(fault.correlationId)}</cmn:correlationId>`,
  ].join('');
  const detail = `    <${p}:ServiceFault xmlns:${p}="${contract.namespace}" xmlns:cmn="${CMN_NS}">
      <cmn:code>${escapeText(fault.code)}</cmn:code>
      <cmn:message>${escapeText(fault.message)}</cmn:message>
      <cmn:retryable>${fault.retryable}</cmn:retryable>${optional}
    </${p}:ServiceFault>`.replace(/^/gm, '    ');
  if (version === '1.1') {
    return `<soap:Envelope xmlns:soap="${SOAP11_ENV}">
  <soap:Body>
    <soap:Fault>
      <faultcode>soap:${fault.receiverFault ? 'Server' : 'Client'}</faultcode>
      <faultstring xml:lang="en">${escapeText(fault.message)}</faultstring>
      <detail>
${detail}
      </detail>
    </soap:Fault>
  </soap:Body>
</soap:Envelope>`;
  }
  return `<env:Envelope xmlns:env="${SOAP12_ENV}">
  <env:Body>
    <env:Fault>
      <env:Code><env:Value>env:${fault.receiverFault ? 'Receiver' : 'Sender'}</env:Value></env:Code>
      <env:Reason><env:Text xml:lang="en">${escapeText(fault.message)}</env:Text></env:Reason>
      <env:Detail>
${detail}
      </env:Detail>
    </env:Fault>
  </env:Body>
</env:Envelope>`;
}
