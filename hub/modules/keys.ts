/**
 * Ed25519 keys of signed modules, with node:crypto only: PKCS#8 PEM private keys, SPKI
 * PEM public keys, and the key id — the SHA-256 of the public key's DER SPKI, in hex.
 * trustedModuleKeys is what the composition root calls: the configured public key files,
 * or the development key when none are configured, which a production process refuses.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEVELOPMENT_KEY_ID, DEVELOPMENT_PUBLIC_KEY_PEM } from './development-key.js';
import { ModuleKeyError } from './errors.js';

export interface TrustedModuleKey {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  /** Where the key came from (a file, or "development key"), for messages. */
  readonly source: string;
}

export interface GeneratedKeys {
  /** PKCS#8 PEM: keep it secret (mode 0600, a secret store, a CI secret). */
  readonly privateKeyPem: string;
  /** SPKI PEM: pinned by the hubs that load the modules. */
  readonly publicKeyPem: string;
  readonly keyId: string;
}

export function generateKeys(): GeneratedKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey, keyId: keyIdOf(createPublicKey(publicKey)) };
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function parsePublicKey(pem: string, source: string): TrustedModuleKey {
  // createPublicKey would derive the public half of a private key: a private key in the
  // hub's configuration is a mistake worth stopping for, not something to work around.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new ModuleKeyError('MODULE_KEY_INVALID', `${source} holds a private key; configure the public key (module-signing.public.pem) instead`);
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new ModuleKeyError('MODULE_KEY_INVALID', `${source} is not a PEM public key`, { cause: error });
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new ModuleKeyError('MODULE_KEY_INVALID', `${source} is a ${publicKey.asymmetricKeyType ?? 'unknown'} key; module keys are Ed25519`);
  }
  return { keyId: keyIdOf(publicKey), publicKey, source };
}

export function parsePrivateKey(pem: string, source: string): KeyObject {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new ModuleKeyError('MODULE_KEY_INVALID', `${source} is not a PEM private key (an encrypted key must be decrypted first)`, { cause: error });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new ModuleKeyError('MODULE_KEY_INVALID', `${source} is a ${privateKey.asymmetricKeyType ?? 'unknown'} key; module keys are Ed25519`);
  }
  return privateKey;
}

export function readPublicKeyFile(file: string): TrustedModuleKey {
  return parsePublicKey(readKeyFile(file), file);
}

export function readPrivateKeyFile(file: string): KeyObject {
  return parsePrivateKey(readKeyFile(file), file);
}

export const DEVELOPMENT_KEY: TrustedModuleKey = Object.freeze(parsePublicKey(DEVELOPMENT_PUBLIC_KEY_PEM, 'development key'));

export interface TrustedKeyOptions {
  /** Public key files (PEM) to trust; empty or absent: the development key only. */
  readonly keyFiles?: readonly string[];
  /** A production process refuses the development key, by its id, under any file name. */
  readonly production: boolean;
}

/** The keys a hub trusts for its modules. Throws a ModuleKeyError (a ConfigError). */
export function trustedModuleKeys(options: TrustedKeyOptions): readonly TrustedModuleKey[] {
  const files = (options.keyFiles ?? []).filter((file) => file !== '');
  if (files.length === 0) {
    if (options.production) {
      throw new ModuleKeyError('MODULE_KEYS_REQUIRED', 'module signing keys are required when NODE_ENV=production (the development key is refused)');
    }
    return [DEVELOPMENT_KEY];
  }
  const keys = new Map<string, TrustedModuleKey>();
  for (const file of files) {
    const key = readPublicKeyFile(file);
    if (options.production && key.keyId === DEVELOPMENT_KEY_ID) {
      throw new ModuleKeyError('MODULE_DEVELOPMENT_KEY_REFUSED', `${file} is the development module key, which a production process refuses: its private half is public`);
    }
    if (!keys.has(key.keyId)) keys.set(key.keyId, key);
  }
  return Object.freeze([...keys.values()]);
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ModuleKeyError('MODULE_KEY_INVALID', `${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}
