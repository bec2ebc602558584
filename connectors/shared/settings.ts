/**
 * The settings of one back office's connector, declared once: every setting's path, kind,
 * default and description (docs/connectors.md lists them, a test keeps the two in sync).
 * `parseConnectorSettings` takes a plain JSON object, fills the defaults, refuses unknown
 * keys and bad values with a message that names the key, and returns a frozen value.
 * The defaults suit a bank back office answering in tens of milliseconds.
 */

export type SoapVersion = '1.1' | '1.2';

export interface RetrySettings {
  /** Attempts in all, the first one included; 1 turns retries off. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface BreakerSettings {
  /** Share of failed calls (0 < rate < 1) above which the circuit opens. */
  readonly failureRate: number;
  /** Calls the window must hold before the circuit may open. */
  readonly minimumCalls: number;
  readonly windowMs: number;
  readonly halfOpenAfterMs: number;
}

export interface BulkheadSettings {
  readonly maxConcurrent: number;
  readonly maxQueue: number;
}

export interface RateSettings {
  /** Calls per second; null: no cap. */
  readonly perSecond: number | null;
  /** Calls that may start back to back before the cap spaces them out. */
  readonly burst: number;
  /** Longest wait for a call slot; a longer wait fails fast with RATE_LIMITED. */
  readonly maxWaitMs: number;
}

export interface UsernameTokenSettings {
  readonly username: string;
  readonly password: string;
  /** true: PasswordDigest (nonce + created + password, hashed); false: PasswordText, refused over plain http. */
  readonly digest: boolean;
}

export interface X509Settings {
  /** PEM private key that signs the Body and the Timestamp. */
  readonly keyFile: string;
  /** PEM certificate sent as the BinarySecurityToken. */
  readonly certFile: string;
}

export type SecuritySettings = 'none' | { readonly usernameToken: UsernameTokenSettings } | { readonly x509: X509Settings };

export interface TlsSettings {
  /** Client certificate and key (PEM) for mutual TLS; both or neither. */
  readonly certFile: string | null;
  readonly keyFile: string | null;
  /** CA bundle (PEM) that the back office's certificate must chain to; null: the system's CAs. */
  readonly caFile: string | null;
  readonly rejectUnauthorized: boolean;
}

export interface ConnectorSettings {
  readonly endpoint: string;
  readonly soapVersion: SoapVersion;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly retries: RetrySettings;
  readonly breaker: BreakerSettings;
  readonly bulkhead: BulkheadSettings;
  readonly rate: RateSettings;
  readonly security: SecuritySettings;
  readonly tls: TlsSettings;
}

type SettingKind =
  | { readonly kind: 'url' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'number'; readonly min: number; readonly max: number; readonly exclusive?: boolean }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'string' }
  | { readonly kind: 'file' };

export type SettingSpec = SettingKind & {
  /** JSON default; undefined: required; null: absent unless given. */
  readonly default: string | number | boolean | null | undefined;
  readonly description: string;
  /** null is an accepted value (for optional settings). */
  readonly nullable?: boolean;
};

/** Every setting by its dotted path. `security` is one of three shapes and is described by its leaves. */
export const SETTINGS = {
  endpoint: { kind: 'url', default: undefined, description: 'SOAP endpoint URL of the back office (http or https); required.' },
  soapVersion: { kind: 'enum', values: ['1.1', '1.2'], default: '1.1', description: 'SOAP version of the binding used: "1.1" (text/xml, SOAPAction) or "1.2" (application/soap+xml; action=).' },
  timeoutMs: { kind: 'integer', min: 1, max: 600_000, default: 5000, description: 'Time allowed for one attempt (one HTTP exchange); beyond it the exchange is aborted and the attempt fails with TIMEOUT.' },
  maxResponseBytes: { kind: 'integer', min: 1024, max: 256 * 1024 * 1024, default: 10 * 1024 * 1024, description: 'Largest response body accepted; a larger one is cut off and fails with BAD_RESPONSE.' },
  'retries.maxAttempts': { kind: 'integer', min: 1, max: 10, default: 3, description: 'Attempts of a retry-safe call in all (reads, and writes that carry an idempotencyKey); 1 turns retries off.' },
  'retries.baseDelayMs': { kind: 'integer', min: 0, max: 60_000, default: 100, description: 'Scale of the first backoff delay (exponential, with decorrelated jitter).' },
  'retries.maxDelayMs': { kind: 'integer', min: 0, max: 300_000, default: 2000, description: 'Longest backoff delay between two attempts.' },
  'breaker.failureRate': { kind: 'number', min: 0, max: 1, exclusive: true, default: 0.5, description: 'The circuit opens when more than this share of the calls in the window failed in a way that says the back office is unwell.' },
  'breaker.minimumCalls': { kind: 'integer', min: 1, max: 100_000, default: 20, description: 'Calls the window must hold before the circuit may open.' },
  'breaker.windowMs': { kind: 'integer', min: 100, max: 3_600_000, default: 10_000, description: 'Length of the sliding window over which the failure rate is measured.' },
  'breaker.halfOpenAfterMs': { kind: 'integer', min: 1, max: 3_600_000, default: 5000, description: 'Time an open circuit fails fast before it lets one probe call through; the probe\'s success closes it, its failure opens it again.' },
  'bulkhead.maxConcurrent': { kind: 'integer', min: 1, max: 10_000, default: 20, description: 'Calls under way at once (also the size of the HTTP connection pool).' },
  'bulkhead.maxQueue': { kind: 'integer', min: 0, max: 100_000, default: 100, description: 'Calls that wait for a free place; beyond it a call fails fast with BULKHEAD_FULL.' },
  'rate.perSecond': { kind: 'number', min: 0, max: 1_000_000, exclusive: true, default: null, nullable: true, description: 'Most calls started per second (token bucket); null: no cap.' },
  'rate.burst': { kind: 'integer', min: 1, max: 100_000, default: 1, description: 'Calls that may start back to back before the cap spaces them out (the bucket size).' },
  'rate.maxWaitMs': { kind: 'integer', min: 0, max: 600_000, default: 1000, description: 'Longest wait for a call slot under the cap, in the bulkhead\'s place; a longer wait fails fast with RATE_LIMITED.' },
  'security.usernameToken.username': { kind: 'string', default: null, description: 'WS-Security UsernameToken user name (with security = {"usernameToken": {…}}; security "none" sends no WS-Security header).' },
  'security.usernameToken.password': { kind: 'string', default: null, description: 'UsernameToken password.' },
  'security.usernameToken.digest': { kind: 'boolean', default: true, description: 'true: PasswordDigest with Nonce and Created; false: PasswordText (refused over plain http).' },
  'security.x509.keyFile': { kind: 'file', default: null, description: 'PEM private key that signs the Body and Timestamp (with security = {"x509": {…}}).' },
  'security.x509.certFile': { kind: 'file', default: null, description: 'PEM certificate sent as the BinarySecurityToken of the X.509 signature.' },
  'tls.certFile': { kind: 'file', default: null, nullable: true, description: 'PEM client certificate for mutual TLS (https endpoints only; with tls.keyFile).' },
  'tls.keyFile': { kind: 'file', default: null, nullable: true, description: 'PEM private key of the client certificate.' },
  'tls.caFile': { kind: 'file', default: null, nullable: true, description: 'PEM CA bundle the back office\'s certificate must chain to; null: the system\'s CAs.' },
  'tls.rejectUnauthorized': { kind: 'boolean', default: true, description: 'Refuse a back office certificate that does not verify; false only for tests.' },
} as const satisfies Record<string, SettingSpec>;

export type SettingPath = keyof typeof SETTINGS;

/** A settings object that cannot be used; `key` is the dotted path of the offending setting. */
export class ConnectorSettingsError extends Error {
  override readonly name = 'ConnectorSettingsError';
  readonly code = 'CONNECTOR_SETTINGS_INVALID';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`connector setting ${key}: ${message}`);
  }
}

const SECTIONS = ['retries', 'breaker', 'bulkhead', 'rate', 'tls'] as const;
type Section = (typeof SECTIONS)[number];
const TOP_LEVEL = ['endpoint', 'soapVersion', 'timeoutMs', 'maxResponseBytes', 'security', ...SECTIONS] as const;

/**
 * Validates settings given as plain JSON (from a configuration file) or as a typed
 * partial object, fills in the defaults, and returns them frozen.
 */
export function parseConnectorSettings(input: unknown, where = 'settings'): ConnectorSettings {
  if (!isObject(input)) throw new ConnectorSettingsError(where, 'must be a JSON object');
  refuseUnknown(input, TOP_LEVEL, '');
  const sections = {} as Record<Section, Record<string, unknown>>;
  for (const section of SECTIONS) {
    const value = input[section];
    if (value !== undefined && !isObject(value)) throw new ConnectorSettingsError(section, 'must be an object');
    const given = (value ?? {}) as Record<string, unknown>;
    const known = Object.keys(SETTINGS)
      .filter((path) => path.startsWith(`${section}.`))
      .map((path) => path.slice(section.length + 1));
    refuseUnknown(given, known, `${section}.`);
    sections[section] = Object.fromEntries(known.map((key) => [key, leaf(`${section}.${key}` as SettingPath, given[key])]));
  }

  const settings: ConnectorSettings = {
    endpoint: leaf('endpoint', input.endpoint) as string,
    soapVersion: leaf('soapVersion', input.soapVersion) as SoapVersion,
    timeoutMs: leaf('timeoutMs', input.timeoutMs) as number,
    maxResponseBytes: leaf('maxResponseBytes', input.maxResponseBytes) as number,
    retries: sections.retries as unknown as RetrySettings,
    breaker: sections.breaker as unknown as BreakerSettings,
    bulkhead: sections.bulkhead as unknown as BulkheadSettings,
    rate: sections.rate as unknown as RateSettings,
    security: parseSecurity(input.security),
    tls: sections.tls as unknown as TlsSettings,
  };
  checkTogether(settings);
  return deepFreeze(settings);
}

/** The defaults with the given endpoint: what a caller gets when it configures nothing else. */
export function defaultConnectorSettings(endpoint: string): ConnectorSettings {
  return parseConnectorSettings({ endpoint });
}

function leaf(path: SettingPath, value: unknown): unknown {
  const spec: SettingSpec = SETTINGS[path];
  if (value === undefined) {
    if (spec.default === undefined) throw new ConnectorSettingsError(path, 'is required');
    return spec.default;
  }
  if (value === null && (spec.nullable || spec.default === null)) return null;
  const fail = (expected: string): never => {
    throw new ConnectorSettingsError(path, `${JSON.stringify(value) ?? String(value)} is invalid: expected ${expected}`);
  };
  switch (spec.kind) {
    case 'url': {
      if (typeof value !== 'string') return fail('an http(s) URL');
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        return fail('an absolute http(s) URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('an http or https URL');
      if (url.username || url.password) fail('a URL without user name or password (use security)');
      if (url.hash) fail('a URL without a fragment');
      return value;
    }
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) fail(`one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}`);
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) fail(`a whole number from ${spec.min} to ${spec.max}`);
      return value;
    case 'number': {
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (spec.exclusive ? value > spec.min && value < spec.max : value >= spec.min && value <= spec.max);
      if (!ok) fail(`a number ${spec.exclusive ? 'between' : 'from'} ${spec.min} ${spec.exclusive ? 'and' : 'to'} ${spec.max}${spec.exclusive ? ', both excluded' : ''}`);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      return value;
    case 'string':
      if (typeof value !== 'string' || value.length === 0) fail('a non-empty string');
      return value;
    case 'file':
      if (typeof value !== 'string' || value.trim().length === 0) fail('a file path');
      return value;
  }
}

function parseSecurity(value: unknown): SecuritySettings {
  if (value === undefined || value === 'none') return 'none';
  if (!isObject(value)) throw new ConnectorSettingsError('security', `${JSON.stringify(value)} is invalid: expected "none", {"usernameToken": {…}} or {"x509": {…}}`);
  const kinds = Object.keys(value);
  if (kinds.length !== 1 || (kinds[0] !== 'usernameToken' && kinds[0] !== 'x509')) {
    throw new ConnectorSettingsError('security', 'must hold exactly one of usernameToken or x509');
  }
  if (kinds[0] === 'usernameToken') {
    const token = value.usernameToken;
    if (!isObject(token)) throw new ConnectorSettingsError('security.usernameToken', 'must be an object');
    refuseUnknown(token, ['username', 'password', 'digest'], 'security.usernameToken.');
    const required = (key: 'username' | 'password'): string => {
      if (token[key] === undefined || token[key] === null) throw new ConnectorSettingsError(`security.usernameToken.${key}`, 'is required');
      return leaf(`security.usernameToken.${key}`, token[key]) as string;
    };
    return { usernameToken: { username: required('username'), password: required('password'), digest: leaf('security.usernameToken.digest', token.digest) as boolean } };
  }
  const x509 = value.x509;
  if (!isObject(x509)) throw new ConnectorSettingsError('security.x509', 'must be an object');
  refuseUnknown(x509, ['keyFile', 'certFile'], 'security.x509.');
  const file = (key: 'keyFile' | 'certFile'): string => {
    if (x509[key] === undefined || x509[key] === null) throw new ConnectorSettingsError(`security.x509.${key}`, 'is required');
    return leaf(`security.x509.${key}`, x509[key]) as string;
  };
  return { x509: { keyFile: file('keyFile'), certFile: file('certFile') } };
}

function checkTogether(settings: ConnectorSettings): void {
  const https = settings.endpoint.startsWith('https:');
  if (settings.retries.baseDelayMs > settings.retries.maxDelayMs) {
    throw new ConnectorSettingsError('retries.baseDelayMs', `${settings.retries.baseDelayMs} is larger than retries.maxDelayMs (${settings.retries.maxDelayMs})`);
  }
  if ((settings.tls.certFile === null) !== (settings.tls.keyFile === null)) {
    throw new ConnectorSettingsError(settings.tls.certFile === null ? 'tls.certFile' : 'tls.keyFile', 'tls.certFile and tls.keyFile go together: give both or neither');
  }
  if (!https) {
    const tlsKey = (['certFile', 'keyFile', 'caFile'] as const).find((key) => settings.tls[key] !== null);
    if (tlsKey) throw new ConnectorSettingsError(`tls.${tlsKey}`, `is set but the endpoint ${settings.endpoint} is not https`);
    if (typeof settings.security === 'object' && 'usernameToken' in settings.security && !settings.security.usernameToken.digest) {
      throw new ConnectorSettingsError('security.usernameToken.digest', 'false (PasswordText) would send the password in clear text over http; use an https endpoint or PasswordDigest');
    }
  }
}

function refuseUnknown(value: Record<string, unknown>, known: readonly string[], prefix: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new ConnectorSettingsError(`${prefix}${key}`, `unknown setting (known: ${known.join(', ')})`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
