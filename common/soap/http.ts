/**
 * The HTTP side of a SOAP endpoint, shared by the hub's ingress and the mock back offices:
 * reading the body under a size limit, which SOAP version a content type announces, and
 * where the action is (the SOAPAction header for 1.1, the action parameter of the content
 * type for 1.2).
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { SoapVersion } from './envelope.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const MEDIA_TYPES: Readonly<Record<SoapVersion, string>> = { '1.1': 'text/xml', '1.2': 'application/soap+xml' };

/** The version a request's content type announces; used to answer faults before the envelope is read. */
export function versionFromContentType(contentType: string | undefined): SoapVersion {
  return (contentType ?? '').toLowerCase().includes('application/soap+xml') ? '1.2' : '1.1';
}

/** Whether the content type is the one of the envelope's SOAP version (parameters such as charset aside). */
export function contentTypeMatches(version: SoapVersion, contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return media === MEDIA_TYPES[version];
}

/** The charset parameter of a content type, lower-cased, or undefined when there is none. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

/** The action the request names: the SOAPAction header (1.1) or the content type's action parameter (1.2). */
export function requestAction(headers: IncomingHttpHeaders, version: SoapVersion): string | undefined {
  if (version === '1.1') {
    const header = headers.soapaction;
    const value = Array.isArray(header) ? header[0] : header;
    return value === undefined ? undefined : value.replace(/^"(.*)"$/, '$1');
  }
  const match = /;\s*action\s*=\s*"?([^";]+)"?/i.exec(headers['content-type'] ?? '');
  return match?.[1];
}

export type BodyResult = { readonly ok: true; readonly body: Buffer } | { readonly ok: false; readonly received: number };

/**
 * Reads the request body up to `limit` bytes. Past the limit nothing more is kept; with
 * `overflow: 'drain'` the rest is read and dropped before the promise settles (the caller
 * answers on a connection that stays usable), with `overflow: 'stop'` the promise settles at
 * once and reading stops: the caller answers and the connection is closed, so a client
 * cannot make the server read an endless body. A declared Content-Length over the limit
 * settles before anything is read.
 */
export function readBody(req: IncomingMessage, limit: number, overflow: 'drain' | 'stop'): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (overflow === 'stop' && Number.isFinite(declared) && declared > limit) {
    req.pause();
    return Promise.resolve({ ok: false, received: 0 });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      if (overflow === 'stop' && !settled) {
        settled = true;
        req.off('data', onData);
        req.pause();
        resolve({ ok: false, received: size });
      }
    };
    req.on('data', onData);
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(size > limit ? { ok: false, received: size } : { ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    });
    req.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
  });
}
