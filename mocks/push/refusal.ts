/**
 * What a failed PublishEvents answer means for the publisher. A SOAP fault carries the
 * hub's own verdict (cmn:retryable); without one, an HTTP 4xx other than 408 and 429 says
 * the request itself is wrong. Either kind of refusal is permanent: sending the same batch
 * again cannot help, so whoever waits for it is told at once instead of waiting forever.
 */
import { CMN_NS, parseEnvelope } from '../../common/soap/envelope.js';
import { PermanentDeliveryError } from './errors.js';

export function deliveryFailure(status: number, body: string): Error {
  const fault = serviceFault(body);
  if (fault) {
    const message = `CacheControl answered HTTP ${status} with fault ${fault.code}: ${fault.message}`;
    return fault.retryable ? new Error(message) : new PermanentDeliveryError(fault.code, message);
  }
  const message = `CacheControl answered HTTP ${status}: ${body.slice(0, 300)}`;
  const refused = status >= 400 && status < 500 && status !== 408 && status !== 429;
  return refused ? new PermanentDeliveryError(`HTTP_${status}`, message) : new Error(message);
}

/** The cmn:FaultDetail of a SOAP fault answer, when the body is one. */
function serviceFault(body: string): { code: string; message: string; retryable: boolean } | undefined {
  let payload;
  try {
    payload = parseEnvelope(body).payload;
  } catch {
    return undefined;
  }
  if (payload.localName !== 'Fault') return undefined;
  const text = (name: string): string | undefined => payload.getElementsByTagNameNS(CMN_NS, name).item(0)?.textContent?.trim();
  const code = text('code');
  if (code === undefined) return undefined;
  return { code, message: text('message') ?? '', retryable: text('retryable') !== 'false' };
}
