/**
 * Bearer authentication of the Platform API: a JWT issued by the platform's identity
 * service, verified with jose against the configured keys. HS256 takes a shared secret;
 * RS256 and ES256 take public keys (PEM SPKI or KeyObject), so the hub never holds a
 * signing key of the asymmetric kind. `sub` is the client id and `exp` is required: a
 * token without an expiry would be valid forever if it leaked.
 */
import type { KeyObject } from 'node:crypto';
import { importSPKI, jwtVerify, type CryptoKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { HubError } from '../errors/catalog.js';

export type PlatformKey =
  | { readonly alg: 'HS256'; readonly secret: string | Uint8Array; readonly kid?: string }
  | { readonly alg: 'RS256' | 'ES256'; readonly publicKey: string | KeyObject; readonly kid?: string };

export interface PlatformAuthOptions {
  readonly keys: readonly PlatformKey[];
  readonly issuer?: string;
  readonly audience?: string;
  /** Allowed clock difference with the issuer, seconds; default 30. */
  readonly clockToleranceSeconds?: number;
}

export interface Principal {
  readonly clientId: string;
}

type VerifyKey = Uint8Array | KeyObject | CryptoKey;

interface ResolvedKey {
  readonly alg: PlatformKey['alg'];
  readonly kid?: string;
  readonly key: Promise<VerifyKey>;
}

/** Verified tokens remembered until they expire. */
const VERIFIED_TOKENS = 10_000;
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

export type Authenticator = (authorization: string | undefined, now: Date) => Promise<Principal>;

export function createAuthenticator(options: PlatformAuthOptions): Authenticator {
  if (options.keys.length === 0) throw new TypeError('the Platform API needs at least one JWT verification key');
  const keys: ResolvedKey[] = options.keys.map((entry) => ({
    alg: entry.alg,
    ...(entry.kid ? { kid: entry.kid } : {}),
    key: resolve(entry),
  }));
  // A key that does not import is a configuration error: surface it at the first request's log, not as a crash.
  for (const each of keys) each.key.catch(() => undefined);
  const algorithms = [...new Set(keys.map((each) => each.alg))];
  const tolerance = options.clockToleranceSeconds ?? 30;
  // A token's signature and claims do not change: once verified, only its expiry is
  // checked again, which saves the signature check on every read of a session.
  const verified = new LRUCache<string, { readonly clientId: string; readonly expiresAt: number }>({ max: VERIFIED_TOKENS });

  return async (authorization, now) => {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (!token) throw new HubError('UNAUTHORIZED', 'a bearer token is required');
    const known = verified.get(token);
    if (known) {
      if (now.getTime() <= known.expiresAt) return { clientId: known.clientId };
      verified.delete(token);
    }
    const header = decodeHeader(token);
    const candidates = keys.filter((each) => each.alg === header.alg && (header.kid === undefined || each.kid === undefined || each.kid === header.kid));
    for (const candidate of candidates) {
      try {
        const { payload } = await jwtVerify(token, await candidate.key, {
          algorithms,
          clockTolerance: tolerance,
          currentDate: now,
          requiredClaims: ['sub', 'exp'],
          ...(options.issuer ? { issuer: options.issuer } : {}),
          ...(options.audience ? { audience: options.audience } : {}),
        });
        if (typeof payload.sub !== 'string' || payload.sub.length === 0 || typeof payload.exp !== 'number') break;
        verified.set(token, { clientId: payload.sub, expiresAt: (payload.exp + tolerance) * 1000 });
        return { clientId: payload.sub };
      } catch {
        // Try the next key of this algorithm (key rotation without kid).
      }
    }
    throw new HubError('UNAUTHORIZED', 'the bearer token is not valid');
  };
}

function resolve(entry: PlatformKey): Promise<VerifyKey> {
  if (entry.alg === 'HS256') return Promise.resolve(typeof entry.secret === 'string' ? new TextEncoder().encode(entry.secret) : entry.secret);
  return typeof entry.publicKey === 'string' ? importSPKI(entry.publicKey, entry.alg) : Promise.resolve(entry.publicKey);
}

function decodeHeader(token: string): { alg?: string; kid?: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8'));
    if (parsed === null || typeof parsed !== 'object') return {};
    const { alg, kid } = parsed as Record<string, unknown>;
    return { ...(typeof alg === 'string' ? { alg } : {}), ...(typeof kid === 'string' ? { kid } : {}) };
  } catch {
    return {};
  }
}
