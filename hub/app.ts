/**
 * The composition root of the hub process: builds every component from the frozen
 * configuration, starts them in order and stops them in reverse, every stop running
 * even if another fails.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { findContract } from '../common/contracts/catalog.js';
import { loadCredentials } from './cache-control/credentials.js';
import { createCacheControlHandlers } from './cache-control/service.js';
import type { HubConfig } from './config.js';
import { createDocsHandler } from './docs/http.js';
import { createHubHttp, type HubHttp } from './http/server.js';
import type { RequestContext } from './observability/http.js';
import { createSoapIngress, type PasswordTextPolicy } from './ingress/index.js';
import { createMetrics, type HubMetrics } from './observability/metrics.js';
import { createPlatformApi, PLATFORM_ROUTES } from './platform/index.js';
import { loadPlatformKeys } from './platform/keys.js';
import { createStore, type Store } from './store/index.js';

export interface HubOptions {
  readonly config: HubConfig;
  readonly logger: Logger;
  /** Register the Node process metrics (off in tests that build many hubs). */
  readonly processMetrics?: boolean;
  /** Whether this is a production process (refuses development credentials); default NODE_ENV=production. */
  readonly production?: boolean;
}

export interface Hub {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly url: string | undefined;
  readonly metrics: HubMetrics;
  readonly store: Store;
}

interface Component {
  readonly name: string;
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

export function createHub(options: HubOptions): Hub {
  const { config, logger } = options;
  const metrics = createMetrics({
    defaultMetrics: options.processMetrics ?? true,
    onCollectError: (error, metric) => logger.warn({ err: error, metric }, 'metric not collected'),
  });
  const credentials = loadCredentials(config.credentialsFile, options.production ?? process.env.NODE_ENV === 'production');
  const store = createStore({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), logger });
  const platformKeys = loadPlatformKeys(config.platformJwtSecret, config.platformJwtKeysFile);
  const platform =
    platformKeys.length > 0
      ? createPlatformApi({ store, metrics, logger, auth: { keys: platformKeys }, cacheSize: config.platformCacheSize })
      : undefined;
  if (!platform) logger.warn('no Platform API keys configured (PLATFORM_JWT_SECRET or PLATFORM_JWT_KEYS_FILE): the Platform API is off');
  const cacheControl = createSoapIngress({
    contract: findContract('cache-control')!,
    handlers: createCacheControlHandlers({ store, metrics, ...(platform ? { onApplied: (change) => platform.invalidate(change) } : {}) }),
    security: {
      credentials: credentials.usernames,
      certificates: credentials.certificates,
      freshnessWindowMs: config.tokenWindowSeconds * 1000,
      passwordText: config.wssePasswordText as PasswordTextPolicy,
    },
    limits: {
      maxBodyBytes: config.soapMaxBodyBytes,
      maxDepth: config.soapMaxDepth,
      maxElements: config.soapMaxElements,
      maxAttributesPerElement: config.soapMaxAttributes,
      maxNameLength: config.soapMaxNameLength,
    },
    logger,
    wsdl: config.publicUrl ? { publicUrl: config.publicUrl } : {},
  });
  const docs = createDocsHandler('/docs');
  const http: HubHttp = createHubHttp({
    host: config.httpHost,
    port: config.httpPort,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    logger,
    metrics,
    handlers: [
      (req, res) => cacheControl(req, res),
      ...(platform ? [(req: IncomingMessage, res: ServerResponse, context: RequestContext) => platform.handler(req, res, context)] : []),
      (req, res) => docs(req, res),
    ],
    readiness: [{ name: 'store', check: () => store.health() }],
    routes: ['/soap/:service', '/wsdl/*', '/docs', '/docs/*', ...Object.values(PLATFORM_ROUTES)],
  });

  // Stopped in reverse: HTTP first (in-flight requests finish), then the ingress, then the store.
  const components: Component[] = [
    {
      name: 'store',
      start: async () => {
        await store.start();
        metrics.setOutboxDepthSource(() => store.outboxDepth());
      },
      stop: async () => {
        metrics.setOutboxDepthSource(undefined);
        await store.stop();
      },
    },
    { name: 'cache-control', start: async () => undefined, stop: async () => cacheControl.dispose() },
    { name: 'http', start: () => http.start(), stop: () => http.stop() },
  ];
  const started: Component[] = [];
  let stopping: Promise<void> | undefined;

  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const component of [...started].reverse()) {
        try {
          await component.stop();
        } catch (error) {
          logger.error({ err: error, component: component.name }, 'component did not stop cleanly');
        }
      }
    })());

  return {
    metrics,
    store,
    get url() {
      return http.url;
    },
    start: async () => {
      for (const component of components) {
        try {
          await component.start();
          started.push(component);
        } catch (error) {
          logger.error({ err: error, component: component.name }, 'component did not start');
          await stop();
          throw error;
        }
      }
    },
    stop,
  };
}
