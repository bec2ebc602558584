/**
 * The WS-Security stage: finds the wsse:Security header addressed to the hub and
 * authenticates the request with either its X.509 signature or its UsernameToken. Every
 * request must authenticate; the principal is the source system the credentials or the
 * pinned certificate belong to.
 */
import type { SoapVersion } from '../../common/soap/envelope.js';
import { HubError } from '../errors/catalog.js';
import type { HeaderBlock } from './envelope.js';
import { childRef } from './libxml.js';
import { DEFAULT_REPLAY_CACHE_SIZE, ReplayCache } from './replay-cache.js';
import { createUsernameTokenVerifier, type PasswordTextPolicy, type UsernameCredential } from './username-token.js';
import { DEFAULT_FRESHNESS_WINDOW_MS, DS_NS, WSSE_NS } from './wss.js';
import { createSignatureVerifier, type PinnedCertificate, type SignedBody } from './x509.js';

export interface SecurityOptions {
  /** UsernameToken accounts, one or more per source system. */
  readonly credentials?: readonly UsernameCredential[];
  /** Where PasswordText is accepted; default 'tls' (PasswordDigest is accepted everywhere). */
  readonly passwordText?: PasswordTextPolicy;
  /** Certificates pinned per source system for X.509-signed requests. */
  readonly certificates?: readonly PinnedCertificate[];
  /** Whether a signed request must also sign a wsu:Timestamp (replay protection); default true. */
  readonly requireSignedTimestamp?: boolean;
  /** Whether RSA-SHA1 signatures and SHA-1 digests are accepted; default false. */
  readonly allowSha1Signatures?: boolean;
  /** Accepted distance of a Created time from the hub's clock, both ways; default 5 minutes. */
  readonly freshnessWindowMs?: number;
  /** Most tokens remembered against replay; default 1,000,000. */
  readonly replayCacheSize?: number;
  /** The clock, in epoch milliseconds (tests). */
  readonly now?: () => number;
}

export type Authentication =
  | { readonly method: 'UsernameToken'; readonly sourceSystem: string }
  | ({ readonly method: 'X509' } & SignedBody);

export interface SecurityStage {
  /**
   * Authenticates a request. For a signed request the result carries the signed Body, which
   * the caller must use instead of the one in the envelope and dispose.
   */
  authenticate(headers: readonly HeaderBlock[], xml: string, version: SoapVersion, overTls: boolean): Authentication;
  readonly replay: ReplayCache;
}

export function createSecurityStage(options: SecurityOptions): SecurityStage {
  const replay = new ReplayCache(options.replayCacheSize ?? DEFAULT_REPLAY_CACHE_SIZE);
  const now = options.now ?? Date.now;
  const windowMs = options.freshnessWindowMs ?? DEFAULT_FRESHNESS_WINDOW_MS;
  const usernameToken = createUsernameTokenVerifier({
    credentials: options.credentials ?? [],
    passwordText: options.passwordText ?? 'tls',
    windowMs,
    replay,
    now,
  });
  const signature = createSignatureVerifier({
    certificates: options.certificates ?? [],
    requireSignedTimestamp: options.requireSignedTimestamp ?? true,
    allowSha1: options.allowSha1Signatures ?? false,
    windowMs,
    replay,
    now,
  });

  return {
    replay,
    authenticate(headers, xml, version, overTls) {
      const blocks = headers.filter((block) => block.namespace === WSSE_NS && block.localName === 'Security');
      if (blocks.length === 0) throw new HubError('AUTHENTICATION_FAILED', 'the request carries no WS-Security header');
      if (blocks.length > 1) throw new HubError('AUTHENTICATION_FAILED', 'the request carries more than one WS-Security header for the hub');
      const security = blocks[0]!.element;
      if (childRef(security, DS_NS, 'Signature') !== undefined) return { method: 'X509', ...signature(xml, version) };
      const token = childRef(security, WSSE_NS, 'UsernameToken');
      if (token === undefined) throw new HubError('AUTHENTICATION_FAILED', 'the WS-Security header holds neither a UsernameToken nor a Signature');
      return { method: 'UsernameToken', sourceSystem: usernameToken(token, overTls) };
    },
  };
}
