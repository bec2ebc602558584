/**
 * WS-Security UsernameToken (OASIS UsernameToken Profile 1.0): PasswordDigest =
 * Base64(SHA-1(nonce + created + password)), or PasswordText where the policy allows it.
 * The secret is compared in constant time, an unknown user costs the same work as a known
 * one and gets the same answer as a wrong password. Order: authenticate, then freshness
 * (TOKEN_EXPIRED), then replay (TOKEN_REPLAYED), so that nobody can fill the nonce cache
 * or probe it without the password.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { HubError } from '../errors/catalog.js';
import { attributeOf, childRef, contentOf, type NodeRef } from './libxml.js';
import type { ReplayCache } from './replay-cache.js';
import { BASE64_BINARY, PASSWORD_DIGEST, PASSWORD_TEXT, WSSE_NS, WSU_NS, checkFreshness, parseWsTime, replayTtl } from './wss.js';

export interface UsernameCredential {
  readonly username: string;
  readonly password: string;
  /** The principal a request with these credentials acts as ("CORE_BANKING"). */
  readonly sourceSystem: string;
}

/** Where PasswordText (the password itself on the wire) is accepted: never, only over TLS, or always (TLS ends at a proxy). */
export type PasswordTextPolicy = 'never' | 'tls' | 'always';

export interface UsernameTokenOptions {
  readonly credentials: readonly UsernameCredential[];
  readonly passwordText: PasswordTextPolicy;
  readonly windowMs: number;
  readonly replay: ReplayCache;
  readonly now: () => number;
}

const FAILED = 'authentication failed: unknown user name or wrong password';
const MAX_NONCE_BYTES = 128;

export type UsernameTokenVerifier = (token: NodeRef, overTls: boolean) => string;

/** Returns a verifier that answers the token's source system, or throws a HubError. */
export function createUsernameTokenVerifier(options: UsernameTokenOptions): UsernameTokenVerifier {
  const byName = new Map<string, UsernameCredential>();
  for (const credential of options.credentials) {
    if (byName.has(credential.username)) throw new Error(`the user name ${credential.username} is configured twice`);
    byName.set(credential.username, credential);
  }
  // Stands in for the password of an unknown user, so that both paths do the same work.
  const decoy = randomBytes(24).toString('base64');

  return (token, overTls) => {
    const username = textOf(childRef(token, WSSE_NS, 'Username'));
    const passwordElement = childRef(token, WSSE_NS, 'Password');
    if (!username || passwordElement === undefined) throw new HubError('AUTHENTICATION_FAILED', 'the UsernameToken needs a Username and a Password');
    const type = attributeOf(passwordElement, '', 'Type')?.trim() || PASSWORD_TEXT;
    const supplied = contentOf(passwordElement).trim();
    const nonceElement = childRef(token, WSSE_NS, 'Nonce');
    const nonce = textOf(nonceElement);
    const created = textOf(childRef(token, WSU_NS, 'Created'));
    if (nonceElement !== undefined && (attributeOf(nonceElement, '', 'EncodingType')?.trim() || BASE64_BINARY) !== BASE64_BINARY) {
      throw new HubError('AUTHENTICATION_FAILED', 'the Nonce must be Base64Binary');
    }
    const nonceBytes = nonce ? Buffer.from(nonce, 'base64') : undefined;
    if (nonceBytes && (nonceBytes.length === 0 || nonceBytes.length > MAX_NONCE_BYTES)) throw new HubError('AUTHENTICATION_FAILED', 'the Nonce is not valid');

    const credential = byName.get(username);
    const secret = credential?.password ?? decoy;
    let matches: boolean;
    if (type === PASSWORD_DIGEST) {
      if (!nonceBytes || !created) throw new HubError('AUTHENTICATION_FAILED', 'a PasswordDigest needs a Nonce and a Created time');
      const expected = createHash('sha1').update(nonceBytes).update(created).update(secret).digest();
      const given = Buffer.from(supplied, 'base64');
      matches = given.length === expected.length && timingSafeEqual(given, expected);
    } else if (type === PASSWORD_TEXT) {
      if (options.passwordText === 'never') throw new HubError('AUTHENTICATION_FAILED', 'PasswordText is not accepted; send a PasswordDigest');
      if (options.passwordText === 'tls' && !overTls) throw new HubError('AUTHENTICATION_FAILED', 'PasswordText is accepted only over TLS; send a PasswordDigest');
      // Hashing both sides gives equal lengths, so the comparison itself leaks nothing.
      matches = timingSafeEqual(createHash('sha256').update(supplied).digest(), createHash('sha256').update(secret).digest());
    } else {
      throw new HubError('AUTHENTICATION_FAILED', 'the password type must be PasswordDigest or PasswordText');
    }
    if (!credential || !matches) throw new HubError('AUTHENTICATION_FAILED', FAILED);

    const now = options.now();
    if (created) checkFreshness(parseWsTime(created, 'the UsernameToken Created time'), now, options.windowMs, 'the UsernameToken Created time');
    if (nonceBytes) {
      const createdAt = created ? Date.parse(created) : now;
      // Keyed by the decoded bytes: two spellings of the same Base64 are the same nonce.
      if (!options.replay.remember(`ut\u0000${username}\u0000${nonceBytes.toString('base64')}`, replayTtl(createdAt, now, options.windowMs))) {
        throw new HubError('TOKEN_REPLAYED', 'this UsernameToken nonce was already used; send a new token');
      }
    }
    return credential.sourceSystem;
  };
}

/** Trimmed text of an optional element: WS-Security values are tokens. */
function textOf(element: NodeRef | undefined): string | undefined {
  return element === undefined ? undefined : contentOf(element).trim();
}
