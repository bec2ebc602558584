/**
 * Serves the contracts over HTTP, as SOAP toolkits expect to fetch them:
 * each WSDL at `<endpoint>?wsdl`, every imported XSD at an absolute URL with no query
 * string, and `soap:address` pointing at the endpoint of the process that serves it.
 * Used by the hub and by the mock back offices alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { XMLSerializer } from '@xmldom/xmldom';
import type { Document, Element } from '@xmldom/xmldom';
import { CONTRACTS_DIR, type Contract } from './catalog.js';
import { WSDL_NS, XSD_NS, readXml } from '../xml/dom.js';

const ADDRESS_NAMESPACES = ['http://schemas.xmlsoap.org/wsdl/soap/', 'http://schemas.xmlsoap.org/wsdl/soap12/'];
/** URL prefix under which every contract file is reachable. */
export const CONTRACT_FILES_PATH = '/wsdl/';
const HOST_PATTERN = /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$/;
const MAX_CACHED_BASES = 16;

export interface ContractHandlerOptions {
  /** The contracts this process serves. */
  readonly contracts: readonly Contract[];
  /**
   * Public base URL ("https://hub.bank.example"). Without it the base is taken from the
   * request's Host header, as most SOAP stacks do.
   */
  readonly publicUrl?: string;
}

/** Returns true when it answered the request, false when the request is not for a contract file. */
export type ContractHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export function createContractHandler(options: ContractHandlerOptions): ContractHandler {
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const byEndpoint = new Map(options.contracts.map((contract) => [contract.endpointPath, contract]));
  const served = new Set(options.contracts.flatMap((contract) => filesOf(contract.wsdl)));
  const rendered = new Map<string, string>();

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = new URL(req.url ?? '/', 'http://placeholder');
    let file: string | undefined;
    let contract: Contract | undefined;
    if (url.search.toLowerCase() === '?wsdl') {
      contract = byEndpoint.get(url.pathname);
      file = contract?.wsdl;
    } else if (url.pathname.startsWith(CONTRACT_FILES_PATH) && url.search === '') {
      const relative = decodeURIComponent(url.pathname.slice(CONTRACT_FILES_PATH.length));
      if (served.has(relative)) file = relative;
    }
    if (file === undefined) return false;

    const base = publicUrl ?? baseFromHost(req.headers.host);
    if (base === undefined) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('missing or invalid Host header\n');
      return true;
    }
    const key = `${base} ${file}`;
    let body = rendered.get(key);
    if (body === undefined) {
      body = renderFile(file, base, contract);
      if (rendered.size >= MAX_CACHED_BASES * served.size) rendered.clear();
      rendered.set(key, body);
    }
    res.writeHead(200, {
      'content-type': 'text/xml; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

/** The absolute URL at which a contract file (path relative to wsdl/) is served. */
export function contractFileUrl(base: string, relative: string): string {
  return `${base.replace(/\/+$/, '')}${CONTRACT_FILES_PATH}${relative}`;
}

function baseFromHost(host: string | undefined): string | undefined {
  return host !== undefined && HOST_PATTERN.test(host) ? `http://${host}` : undefined;
}

/** A WSDL and every schema it imports, transitively, as paths relative to wsdl/. */
export function filesOf(wsdl: string): string[] {
  const seen = new Set<string>();
  const visit = (relative: string): void => {
    if (seen.has(relative)) return;
    seen.add(relative);
    for (const element of importElements(parse(relative))) {
      const location = element.getAttribute('schemaLocation') ?? element.getAttribute('location');
      if (location) visit(resolveRelative(relative, location));
    }
  };
  visit(wsdl);
  return [...seen];
}

function renderFile(relative: string, base: string, contract: Contract | undefined): string {
  const document = parse(relative);
  for (const element of importElements(document)) {
    const attribute = element.hasAttribute('schemaLocation') ? 'schemaLocation' : 'location';
    const location = element.getAttribute(attribute);
    if (location) element.setAttribute(attribute, contractFileUrl(base, resolveRelative(relative, location)));
  }
  if (contract) {
    for (const namespace of ADDRESS_NAMESPACES) {
      for (const address of Array.from(document.getElementsByTagNameNS(namespace, 'address'))) {
        address.setAttribute('location', `${base}${contract.endpointPath}`);
      }
    }
  }
  return new XMLSerializer().serializeToString(document);
}

function importElements(document: Document): Element[] {
  return [
    ...Array.from(document.getElementsByTagNameNS(XSD_NS, 'import')),
    ...Array.from(document.getElementsByTagNameNS(XSD_NS, 'include')),
    ...Array.from(document.getElementsByTagNameNS(WSDL_NS, 'import')),
  ].filter((element) => element.hasAttribute('schemaLocation') || element.hasAttribute('location'));
}

function resolveRelative(from: string, location: string): string {
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(from), location));
  if (resolved.startsWith('..') || path.posix.isAbsolute(resolved)) {
    throw new Error(`contract file ${from} imports ${location}, outside the contracts directory`);
  }
  return resolved;
}

function parse(relative: string): Document {
  return readXml(path.join(CONTRACTS_DIR, relative));
}
