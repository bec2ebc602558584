/**
 * The composition root of `dbp-hub start`: verifies the signed connector and flow modules
 * against the pinned keys, imports them only then, and builds the hub from them. Nothing
 * else in hub/ imports connectors/ or flows/ at run time (type imports only), so no code of
 * a module runs before its signature was checked.
 *
 * Back offices: each one with an endpoint (CONNECTORS_FILE or its *_URL) is called through
 * its connector. One without an endpoint is, with EMBEDDED_MOCKS=auto, served by its mock
 * inside this process, pushing its changes to this hub — the embedded default that lets
 * the whole platform run on a fresh machine. A production process refuses that.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Logger } from 'pino';
import type * as BackOfficesModule from '../connectors/back-offices/index.js';
import type { BackOfficeId, ConnectorSettingsInput } from '../connectors/shared/index.js';
import type * as SharedConnectorsModule from '../connectors/shared/index.js';
import type * as CacheInvalidationModule from '../flows/cache-invalidation/index.js';
import type * as NotificationsModule from '../flows/notifications/index.js';
import type * as PaymentsModule from '../flows/payments/index.js';
import type * as ApplicationsModule from '../flows/applications/index.js';
import type * as RecurringPaymentsModule from '../flows/recurring-payments/index.js';
import type * as TimelineModule from '../flows/timeline/index.js';
import { startMocks, type MockId, type RunningMocks } from '../mocks/index.js';
import { createHub, type Component, type Hub, type HubFlowModules } from './app.js';
import { ConfigError, type HubConfig } from './config.js';
import { loadHubModules, trustedModuleKeys } from './modules/index.js';
import { createMetrics } from './observability/metrics.js';

export interface ComposeOptions {
  readonly config: HubConfig;
  readonly logger: Logger;
  readonly production?: boolean;
}

const BACK_OFFICES: readonly BackOfficeId[] = ['core-banking', 'cards', 'crm'];

export async function composeHub(options: ComposeOptions): Promise<Hub> {
  const { logger } = options;
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const keyFiles = options.config.moduleKeys?.split(',').map((file) => file.trim()).filter((file) => file !== '') ?? [];
  const keys = trustedModuleKeys({ keyFiles, production });
  const modules = await loadHubModules(keys);
  logger.info({ modules: [...modules.keys()] }, 'signed modules verified');
  const flows: HubFlowModules = {
    cacheInvalidation: modules.get('flows/cache-invalidation') as typeof CacheInvalidationModule,
    timeline: modules.get('flows/timeline') as typeof TimelineModule,
    notifications: modules.get('flows/notifications') as typeof NotificationsModule,
    payments: modules.get('flows/payments') as typeof PaymentsModule,
    applications: modules.get('flows/applications') as typeof ApplicationsModule,
    recurringPayments: modules.get('flows/recurring-payments') as typeof RecurringPaymentsModule,
  };
  const backOfficesModule = modules.get('connectors/back-offices') as typeof BackOfficesModule;
  const shared = modules.get('connectors/shared') as typeof SharedConnectorsModule | undefined;

  const configured = connectorSettings(options.config, shared);
  const missing = BACK_OFFICES.filter((id) => configured[id] === undefined);
  let config = options.config;
  let mocks: RunningMocks | undefined;
  if (missing.length > 0 && config.embeddedMocks === 'auto') {
    if (production) throw new ConfigError(`${missing.map(urlVariable).join(', ')} must be set when NODE_ENV=production (embedded mock back offices are for development)`);
    // The mocks push to this hub, so its port must be known before it listens.
    if (config.httpPort === 0) config = Object.freeze({ ...config, httpPort: await freePort(config.httpHost) });
    mocks = await startMocks({
      clients: config.embeddedMockClients,
      host: '127.0.0.1',
      push: { endpoint: `http://${connectHost(config.httpHost)}:${config.httpPort}/soap/CacheControl`, onDeliveryError: (error, attempt) => logger.debug({ err: error, attempt }, 'embedded mock: push not delivered yet') },
    });
    for (const id of missing) configured[id] = { endpoint: mocks.mocks[id as MockId].endpoint };
    logger.warn({ backOffices: missing, endpoints: Object.fromEntries(missing.map((id) => [id, mocks!.mocks[id as MockId].endpoint])) }, 'embedded mock back offices serve the back offices without an endpoint (development only)');
  } else if (missing.length > 0) {
    logger.warn({ backOffices: missing }, 'back offices without an endpoint are not called (EMBEDDED_MOCKS=off)');
  }

  const metrics = createMetrics({ onCollectError: (error, metric) => logger.warn({ err: error, metric }, 'metric not collected') });
  const backOffices = backOfficesModule.createBackOffices({ settings: configured, registry: metrics.registry, logger: logger.child({ component: 'connector' }) });
  const components: Component[] = [
    ...(mocks ? [{ name: 'embedded-mocks', start: async () => undefined, stop: () => mocks.stop() }] : []),
    { name: 'connectors', start: () => backOffices.start(), stop: () => backOffices.stop() },
  ];
  return createHub({ config, logger, production, flows, loader: backOffices.loader, clients: backOffices.clients, components, metrics, backOfficeHealth: () => backOffices.health() });
}

function urlVariable(id: BackOfficeId): string {
  return { 'core-banking': 'CORE_BANKING_URL', cards: 'CARDS_URL', crm: 'CRM_URL' }[id];
}

/** Settings per back office: CONNECTORS_FILE, with the endpoint from it or from the *_URL option. */
function connectorSettings(config: HubConfig, shared: typeof SharedConnectorsModule | undefined): Partial<Record<BackOfficeId, ConnectorSettingsInput>> {
  let file: Record<string, unknown> = {};
  if (config.connectorsFile) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(config.connectorsFile, 'utf8'));
    } catch (error) {
      throw new ConfigError(`CONNECTORS_FILE=${config.connectorsFile} cannot be read as JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`CONNECTORS_FILE=${config.connectorsFile} must hold a JSON object keyed by back office`);
    for (const key of Object.keys(parsed)) {
      if (!BACK_OFFICES.includes(key as BackOfficeId)) throw new ConfigError(`CONNECTORS_FILE=${config.connectorsFile}: unknown back office ${key} (expected ${BACK_OFFICES.join(', ')})`);
    }
    file = parsed as Record<string, unknown>;
  }
  const urls: Record<BackOfficeId, string | undefined> = { 'core-banking': config.coreBankingUrl, cards: config.cardsUrl, crm: config.crmUrl };
  const result: Partial<Record<BackOfficeId, ConnectorSettingsInput>> = {};
  for (const id of BACK_OFFICES) {
    const fromFile = (file[id] ?? {}) as Record<string, unknown>;
    const endpoint = (fromFile.endpoint as string | undefined) ?? urls[id];
    if (endpoint === undefined) continue;
    const settings = { ...fromFile, endpoint };
    try {
      shared?.parseConnectorSettings(settings, id);
    } catch (error) {
      throw new ConfigError(`${config.connectorsFile ? `CONNECTORS_FILE=${config.connectorsFile}` : urlVariable(id)}: ${(error as Error).message}`);
    }
    result[id] = settings as ConnectorSettingsInput;
  }
  return result;
}

function connectHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
