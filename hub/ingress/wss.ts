/** WS-Security names and the shared timestamp rules of the ingress. */
import { HubError } from '../errors/catalog.js';

export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
const TOKEN_PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
export const PASSWORD_DIGEST = `${TOKEN_PROFILE}#PasswordDigest`;
export const PASSWORD_TEXT = `${TOKEN_PROFILE}#PasswordText`;
export const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
export const X509_TOKEN = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';

export const DEFAULT_FRESHNESS_WINDOW_MS = 5 * 60_000;

/** xs:dateTime with a time zone; WS-Security asks for UTC, an explicit offset is accepted too. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of a WS-Security timestamp; AUTHENTICATION_FAILED when it is not one. */
export function parseWsTime(value: string, what: string): number {
  const time = DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new HubError('AUTHENTICATION_FAILED', `${what} is not a valid UTC timestamp`);
  return time;
}

/** TOKEN_EXPIRED when `created` lies outside now ± window. */
export function checkFreshness(created: number, now: number, windowMs: number, what: string): void {
  if (created < now - windowMs) throw new HubError('TOKEN_EXPIRED', `${what} is older than the accepted window of ${windowMs / 1000} s`);
  if (created > now + windowMs) throw new HubError('TOKEN_EXPIRED', `${what} lies in the future beyond the accepted clock skew of ${windowMs / 1000} s`);
}

/** How long a token created at `created` must be remembered: until it falls out of the window. */
export function replayTtl(created: number, now: number, windowMs: number): number {
  return created + windowMs - now + 1000;
}
