/**
 * Who may call CacheControl: UsernameToken accounts and pinned certificates per source
 * system, read from CREDENTIALS_FILE. Without a file the mock back offices' development
 * credentials are accepted, so that `dbp-hub start` and `dbp-hub mocks` work together on
 * a fresh machine; a production process refuses to start that way.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config.js';
import type { PinnedCertificate, UsernameCredential } from '../ingress/index.js';

const SOURCE_SYSTEMS = ['CORE_BANKING', 'CARDS', 'CRM'] as const;

export interface Credentials {
  readonly usernames: readonly UsernameCredential[];
  readonly certificates: readonly PinnedCertificate[];
}

/** The mocks' defaults: user name = mock id, password `<id>-dev-password`. */
export const DEVELOPMENT_CREDENTIALS: Credentials = {
  usernames: [
    { username: 'core-banking', password: 'core-banking-dev-password', sourceSystem: 'CORE_BANKING' },
    { username: 'cards', password: 'cards-dev-password', sourceSystem: 'CARDS' },
    { username: 'crm', password: 'crm-dev-password', sourceSystem: 'CRM' },
  ],
  certificates: [],
};

export function loadCredentials(file: string | undefined, production: boolean): Credentials {
  if (file === undefined) {
    if (production) throw new ConfigError('CREDENTIALS_FILE is required when NODE_ENV=production (the development credentials are refused)');
    return DEVELOPMENT_CREDENTIALS;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`CREDENTIALS_FILE=${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new ConfigError(`CREDENTIALS_FILE=${file} must hold a non-empty JSON array`);
  const usernames: UsernameCredential[] = [];
  const certificates: PinnedCertificate[] = [];
  parsed.forEach((entry: unknown, index) => {
    const where = `CREDENTIALS_FILE=${file} entry ${index}`;
    if (typeof entry !== 'object' || entry === null) throw new ConfigError(`${where} is not an object`);
    const { username, password, sourceSystem, certificate } = entry as Record<string, unknown>;
    if (typeof sourceSystem !== 'string' || !(SOURCE_SYSTEMS as readonly string[]).includes(sourceSystem)) {
      throw new ConfigError(`${where}: sourceSystem must be one of ${SOURCE_SYSTEMS.join(', ')}`);
    }
    if (username !== undefined || password !== undefined) {
      if (typeof username !== 'string' || username === '' || typeof password !== 'string' || password.length < 12) {
        throw new ConfigError(`${where}: username and a password of at least 12 characters are required together`);
      }
      usernames.push({ username, password, sourceSystem });
    }
    if (certificate !== undefined) {
      if (typeof certificate !== 'string' || !certificate.includes('BEGIN CERTIFICATE')) throw new ConfigError(`${where}: certificate must be a PEM certificate`);
      certificates.push({ sourceSystem, certificate });
    }
    if (username === undefined && certificate === undefined) throw new ConfigError(`${where} has neither a username nor a certificate`);
  });
  return { usernames, certificates };
}
