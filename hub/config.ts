/**
 * The hub's configuration, declared once: each option's environment variable, type,
 * default and description. Values come from the environment and, when DBP_CONFIG_FILE
 * names one, a JSON file (the environment wins); they are validated at boot and frozen.
 * The README's configuration table is generated from this declaration.
 */
import { readFileSync } from 'node:fs';

type Kind = 'port' | 'integer' | 'string' | 'url' | 'database-url' | 'amqp-url' | 'smtp-url' | 'time-zone' | 'enum';

interface OptionSpec {
  readonly env: string;
  readonly kind: Kind;
  readonly description: string;
  readonly default?: string;
  readonly values?: readonly string[];
  readonly min?: number;
}

export const OPTIONS = {
  httpHost: { env: 'HTTP_HOST', kind: 'string', default: '127.0.0.1', description: 'Address the HTTP server binds to (0.0.0.0 in containers).' },
  httpPort: { env: 'HTTP_PORT', kind: 'port', default: '8080', description: 'TCP port of the HTTP server (SOAP endpoints, docs, health); 0 picks a free port.' },
  publicUrl: { env: 'PUBLIC_URL', kind: 'url', description: 'Public base URL written into served WSDLs (soap:address, schema locations). Without it the request Host header is used.' },
  logLevel: { env: 'LOG_LEVEL', kind: 'enum', default: 'info', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], description: 'Minimum level of the JSON log lines written to stdout.' },
  dataDir: { env: 'DATA_DIR', kind: 'string', default: 'data', description: 'Directory of the embedded SQLite store (created when missing); unused when DATABASE_URL is set.' },
  databaseUrl: { env: 'DATABASE_URL', kind: 'database-url', description: 'PostgreSQL (postgres://…) or MS SQL Server (mssql://…) store; without it the embedded SQLite store in DATA_DIR is used.' },
  credentialsFile: { env: 'CREDENTIALS_FILE', kind: 'string', description: 'JSON file of the back offices allowed to call CacheControl: [{"username", "password", "sourceSystem", "certificate"?}]. Without it the mocks\' development credentials are accepted, except when NODE_ENV=production.' },
  soapMaxBodyBytes: { env: 'SOAP_MAX_BODY_BYTES', kind: 'integer', default: '1048576', min: 1024, description: 'Largest SOAP request body accepted; larger requests get MESSAGE_TOO_LARGE.' },
  soapMaxDepth: { env: 'SOAP_MAX_DEPTH', kind: 'integer', default: '32', min: 4, description: 'Deepest element nesting of a SOAP request (the Envelope is depth 1); deeper requests get MESSAGE_TOO_COMPLEX.' },
  soapMaxElements: { env: 'SOAP_MAX_ELEMENTS', kind: 'integer', default: '50000', min: 16, description: 'Most elements in one SOAP request; more get MESSAGE_TOO_COMPLEX.' },
  soapMaxAttributes: { env: 'SOAP_MAX_ATTRIBUTES', kind: 'integer', default: '32', min: 4, description: 'Most attributes (namespace declarations included) on one element of a SOAP request.' },
  soapMaxNameLength: { env: 'SOAP_MAX_NAME_LENGTH', kind: 'integer', default: '128', min: 16, description: 'Longest element or attribute name (with prefix) in a SOAP request.' },
  wssePasswordText: { env: 'WSSE_PASSWORD_TEXT', kind: 'enum', default: 'tls', values: ['never', 'tls', 'always'], description: 'Where a UsernameToken with PasswordText is accepted: never, only over TLS, or always (TLS ends at a proxy). PasswordDigest is always accepted.' },
  tokenWindowSeconds: { env: 'TOKEN_WINDOW_SECONDS', kind: 'integer', default: '300', min: 1, description: 'How far a UsernameToken Created time may lie from the hub clock; older or later tokens get TOKEN_EXPIRED.' },
  platformJwtSecret: { env: 'PLATFORM_JWT_SECRET', kind: 'string', description: 'HS256 secret (at least 32 characters) that verifies the bearer tokens of the Platform API.' },
  platformJwtKeysFile: { env: 'PLATFORM_JWT_KEYS_FILE', kind: 'string', description: 'JSON file of public keys that verify Platform API tokens: [{"alg": "RS256"|"ES256", "publicKey": PEM, "kid"?}]. Without it and without PLATFORM_JWT_SECRET the Platform API is off (its paths answer 404).' },
  platformCacheSize: { env: 'PLATFORM_CACHE_SIZE', kind: 'integer', default: '10000', min: 1, description: 'Entries of the Platform API read cache (L1); each applied change invalidates its entries.' },
  coreBankingUrl: { env: 'CORE_BANKING_URL', kind: 'url', description: 'SOAP endpoint of the bank\'s CoreBanking service. Without it (and EMBEDDED_MOCKS=auto) the mock core banking system runs inside the hub.' },
  cardsUrl: { env: 'CARDS_URL', kind: 'url', description: 'SOAP endpoint of the bank\'s Cards service; without it the mock runs inside the hub (EMBEDDED_MOCKS=auto).' },
  crmUrl: { env: 'CRM_URL', kind: 'url', description: 'SOAP endpoint of the bank\'s CRM service; without it the mock runs inside the hub (EMBEDDED_MOCKS=auto).' },
  connectorsFile: { env: 'CONNECTORS_FILE', kind: 'string', description: 'JSON file of per back office connector settings ({"core-banking": {...}, "cards": {...}, "crm": {...}}): timeouts, retries, breaker, bulkhead, rate cap, WS-Security, TLS; see docs/connectors.md. Endpoints given here override *_URL.' },
  embeddedMocks: { env: 'EMBEDDED_MOCKS', kind: 'enum', default: 'auto', values: ['auto', 'off'], description: 'auto: a back office without an endpoint is served by its mock inside the hub, pushing its changes to this hub (development and demos; refused when NODE_ENV=production). off: such a back office is not called at all.' },
  embeddedMockClients: { env: 'EMBEDDED_MOCK_CLIENTS', kind: 'integer', default: '100', min: 1, description: 'Clients seeded into the embedded mocks.' },
  platformReadMode: { env: 'PLATFORM_READ_MODE', kind: 'enum', default: 'cache', values: ['cache', 'pass-through'], description: 'cache: the Platform API reads L1, then the store, then the back office on a miss. pass-through: every read goes to the back office and nothing is kept (for measurements and diagnosis only; a weak back office falls over under it).' },
  resyncIntervalMs: { env: 'RESYNC_INTERVAL_MS', kind: 'integer', default: '5000', min: 100, description: 'How often aggregates marked for resynchronisation are looked for when nothing signals one.' },
  amqpUrl: { env: 'AMQP_URL', kind: 'amqp-url', description: 'RabbitMQ (amqp://user:password@host:5672/vhost) that carries the message flows. Without it the embedded bus (in the store, one process) is used.' },
  flowWork: { env: 'FLOW_WORK', kind: 'enum', default: 'on', values: ['on', 'off'], description: 'on: this process consumes the flows\' queues and runs their workers (notification sender, standing-order scheduler). off: it only serves, applies, relays and keeps its cache fresh (an API instance), and hub processes with on, on the same database and RabbitMQ, do the flow work. off needs AMQP_URL.' },
  adminToken: { env: 'ADMIN_TOKEN', kind: 'string', description: 'Bearer token of the operators\' admin API (/admin/dlq, /admin/events); without it the admin API answers loopback clients only.' },
  busPrefix: { env: 'BUS_PREFIX', kind: 'string', description: 'Prefix of the RabbitMQ exchange and queue names (default dbp), so that several hub deployments share one broker apart.' },
  moduleKeys: { env: 'MODULE_KEYS', kind: 'string', description: 'Public key files (PEM, comma-separated) that verify the signed connector and flow modules; without it only the development key is trusted, which NODE_ENV=production refuses.' },
  smtpUrl: { env: 'SMTP_URL', kind: 'smtp-url', description: 'SMTP server of the e-mail notifications (smtp://user:password@host:587 or smtps://…); without it no e-mail is sent.' },
  notifyFrom: { env: 'NOTIFY_FROM', kind: 'string', default: 'notifications@localhost', description: 'Sender address of e-mail notifications, e.g. "Bank" <notifications@bank.example>.' },
  smsProviderUrl: { env: 'SMS_PROVIDER_URL', kind: 'url', description: 'HTTP endpoint of the SMS provider; without it no SMS is sent.' },
  smsProviderToken: { env: 'SMS_PROVIDER_TOKEN', kind: 'string', description: 'Bearer token for the SMS provider.' },
  pushProviderUrl: { env: 'PUSH_PROVIDER_URL', kind: 'url', description: 'HTTP endpoint of the push provider; without it no push message is sent.' },
  pushProviderToken: { env: 'PUSH_PROVIDER_TOKEN', kind: 'string', description: 'Bearer token for the push provider.' },
  notifyTimeZone: { env: 'NOTIFY_TIME_ZONE', kind: 'time-zone', default: 'UTC', description: 'IANA time zone in which notifications show dates and times.' },
  shutdownTimeoutMs: { env: 'SHUTDOWN_TIMEOUT_MS', kind: 'integer', default: '10000', min: 100, description: 'How long a graceful stop waits for in-flight requests before it forces the stop.' },
} as const satisfies Record<string, OptionSpec>;

type Options = typeof OPTIONS;
type ValueOf<S extends OptionSpec> = S['kind'] extends 'port' | 'integer' ? number : string;
export type HubConfig = Readonly<{
  [K in keyof Options]: Options[K] extends { default: string } ? ValueOf<Options[K]> : ValueOf<Options[K]> | undefined;
}>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
}

export const CONFIG_FILE_ENV = 'DBP_CONFIG_FILE';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof Options, string>> = {}): HubConfig {
  const file = env[CONFIG_FILE_ENV] ? readConfigFile(env[CONFIG_FILE_ENV]) : {};
  const result: Record<string, string | number | undefined> = {};
  for (const [key, spec] of Object.entries(OPTIONS) as [keyof Options, OptionSpec][]) {
    const raw = overrides[key] ?? env[spec.env] ?? file[spec.env] ?? spec.default;
    result[key] = raw === undefined || raw === '' ? undefined : parseValue(spec, raw);
  }
  if (result.flowWork === 'off' && result.amqpUrl === undefined) {
    throw new ConfigError('FLOW_WORK=off needs AMQP_URL: with the embedded bus the flows run only in the process that holds the store');
  }
  return Object.freeze(result) as HubConfig;
}

function parseValue(spec: OptionSpec, raw: string): string | number {
  const fail = (expected: string): never => {
    throw new ConfigError(`${spec.env}=${JSON.stringify(raw)} is invalid: expected ${expected}`);
  };
  switch (spec.kind) {
    case 'port':
    case 'integer': {
      if (!/^[0-9]+$/.test(raw)) fail('a whole number');
      const value = Number.parseInt(raw, 10);
      if (spec.kind === 'port' && value > 65535) fail('a TCP port 0–65535');
      if (spec.min !== undefined && value < spec.min) fail(`at least ${spec.min}`);
      return value;
    }
    case 'url': {
      let url: URL | undefined;
      try {
        url = new URL(raw);
      } catch {
        fail('an absolute http(s) URL');
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) fail('an http(s) URL without query or fragment');
      return raw.replace(/\/+$/, '');
    }
    case 'time-zone': {
      try {
        new Intl.DateTimeFormat('en', { timeZone: raw });
      } catch {
        fail('an IANA time zone such as Europe/Moscow');
      }
      return raw;
    }
    case 'amqp-url': {
      if (!/^amqps?:\/\/\S+$/.test(raw)) fail('an amqp://… or amqps://… URL');
      return raw;
    }
    case 'smtp-url': {
      if (!/^smtps?:\/\/\S+$/.test(raw)) fail('an smtp://… or smtps://… URL');
      return raw;
    }
    case 'database-url': {
      if (!/^(postgres|postgresql|mssql|sqlserver):\/\/\S+$/.test(raw)) fail('a postgres://… or mssql://… URL');
      return raw;
    }
    case 'enum':
      if (!spec.values?.includes(raw)) fail(`one of ${spec.values?.join(', ')}`);
      return raw;
    default:
      return raw;
  }
}

function readConfigFile(path: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${CONFIG_FILE_ENV}=${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${CONFIG_FILE_ENV}=${path} must hold a JSON object of VARIABLE: value`);
  }
  const known = new Set<string>(Object.values(OPTIONS).map((spec) => spec.env));
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!known.has(key)) throw new ConfigError(`${CONFIG_FILE_ENV}=${path}: unknown option ${key}`);
    result[key] = String(value);
  }
  return result;
}

/** The README's configuration table, generated from OPTIONS. */
export function configTable(): string {
  const rows = Object.values(OPTIONS as Record<string, OptionSpec>).map((spec) => {
    const values = spec.values ? ` One of ${spec.values.map((v) => `\`${v}\``).join(', ')}.` : '';
    return `| \`${spec.env}\` | ${spec.kind} | ${spec.default === undefined ? '—' : `\`${spec.default}\``} | ${spec.description}${values} |`;
  });
  return ['| variable | type | default | description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
