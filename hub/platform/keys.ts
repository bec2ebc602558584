/** The Platform API's token keys from configuration: an HS256 secret and/or a file of public keys. */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config.js';
import type { PlatformKey } from './auth.js';

export function loadPlatformKeys(secret: string | undefined, keysFile: string | undefined): PlatformKey[] {
  const keys: PlatformKey[] = [];
  if (secret !== undefined) {
    if (secret.length < 32) throw new ConfigError('PLATFORM_JWT_SECRET must be at least 32 characters');
    keys.push({ alg: 'HS256', secret });
  }
  if (keysFile !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(keysFile, 'utf8'));
    } catch (error) {
      throw new ConfigError(`PLATFORM_JWT_KEYS_FILE=${keysFile} cannot be read as JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new ConfigError(`PLATFORM_JWT_KEYS_FILE=${keysFile} must hold a JSON array`);
    parsed.forEach((entry: unknown, index) => {
      const { alg, publicKey, kid } = (entry ?? {}) as Record<string, unknown>;
      if ((alg !== 'RS256' && alg !== 'ES256') || typeof publicKey !== 'string' || !publicKey.includes('BEGIN PUBLIC KEY')) {
        throw new ConfigError(`PLATFORM_JWT_KEYS_FILE=${keysFile} entry ${index} needs alg RS256 or ES256 and a PEM publicKey`);
      }
      keys.push({ alg, publicKey, ...(typeof kid === 'string' ? { kid } : {}) });
    });
  }
  return keys;
}
