/**
 * The composition root of the hub process: builds every component from the frozen
 * configuration, starts them in order and stops them in reverse, every stop running
 * even if another fails.
 */
import { hostname } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { BackOfficeClients } from '../connectors/back-offices/index.js';
import { BUS_ADMIN_ROUTES, createBus, createBusAdmin, createDeadLetters, createOutboxRelay } from './bus/index.js';
import type { ProductLoader } from './read-through/loader.js';
import { createPassThrough } from './read-through/pass-through.js';
import { createResyncWorker } from './read-through/resync-worker.js';
import { findContract } from '../common/contracts/catalog.js';
import { loadCredentials } from './cache-control/credentials.js';
import { createCacheControlHandlers } from './cache-control/service.js';
import type { HubConfig } from './config.js';
import { createDocsHandler } from './docs/http.js';
import { wireFlows, type HubFlowModules } from './flows.js';
import { createHubHttp, type HubHttp } from './http/server.js';
import type { RequestContext } from './observability/http.js';
import { createSoapIngress, type PasswordTextPolicy } from './ingress/index.js';
import { createMetrics, type HubMetrics } from './observability/metrics.js';
import { createPlatformApi, PLATFORM_ROUTES } from './platform/index.js';
import type { CacheChange } from './platform/cache.js';
import { loadPlatformKeys } from './platform/keys.js';
import { createReadThrough } from './read-through/read-through.js';
import { createStore, type Store } from './store/index.js';

export interface HubOptions {
  readonly config: HubConfig;
  readonly logger: Logger;
  /** Register the Node process metrics (off in tests that build many hubs). */
  readonly processMetrics?: boolean;
  /** Whether this is a production process (refuses development credentials); default NODE_ENV=production. */
  readonly production?: boolean;
  /** The flows, as loaded (and verified) by the caller; a flow not given does not run. */
  readonly flows?: HubFlowModules;
  /** Reads the back offices on a cache miss and for resyncs; without it the store is the only source. */
  readonly loader?: ProductLoader;
  /** The back offices' typed clients, for the flows that call them (payments, applications). */
  readonly clients?: BackOfficeClients;
  /** Parts the caller built around the hub (connectors, embedded mocks), started before and stopped after it. */
  readonly components?: readonly Component[];
  /** Metrics built by the caller (so that its parts register on the same registry); default a new set. */
  readonly metrics?: HubMetrics;
  /** The back offices' connector health, for /health/ready (an open circuit degrades, the store still serves). */
  readonly backOfficeHealth?: () => readonly { readonly backOffice: string; readonly status: string; readonly circuit: string }[];
}

export type { HubFlowModules } from './flows.js';

export interface Hub {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly url: string | undefined;
  readonly metrics: HubMetrics;
  readonly store: Store;
}

export interface Component {
  readonly name: string;
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

export function createHub(options: HubOptions): Hub {
  const { config, logger } = options;
  const metrics =
    options.metrics ??
    createMetrics({
      defaultMetrics: options.processMetrics ?? true,
      onCollectError: (error, metric) => logger.warn({ err: error, metric }, 'metric not collected'),
    });
  const credentials = loadCredentials(config.credentialsFile, options.production ?? process.env.NODE_ENV === 'production');
  const store = createStore({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), logger });
  const platformKeys = loadPlatformKeys(config.platformJwtSecret, config.platformJwtKeysFile);
  const invalidation: { apply?: (change: CacheChange) => void } = {};
  const readThrough = createReadThrough({
    store,
    logger,
    ...(options.loader ? { loader: options.loader } : {}),
    onChanged: (change) => invalidation.apply?.(change),
    onLoad: (type, outcome) => metrics.readThrough(type, outcome),
  });
  const passThrough = config.platformReadMode === 'pass-through' && options.loader ? createPassThrough(options.loader) : undefined;
  if (config.platformReadMode === 'pass-through') {
    if (passThrough) logger.warn('PLATFORM_READ_MODE=pass-through: every Platform API read goes to the back office');
    else logger.warn('PLATFORM_READ_MODE=pass-through needs back offices; reading from the store');
  }
  const instanceId = `${hostname()}-${process.pid}`;
  // Commands and the scheduler commit outbox rows outside CacheControl: the relay is told after each.
  const relayHolder: { notify?: () => void } = {};
  const flows = wireFlows({ modules: options.flows ?? {}, clients: options.clients ?? {}, store, config, logger, instanceId, onCommitted: () => relayHolder.notify?.() });
  const platform =
    platformKeys.length > 0
      ? createPlatformApi({
          store: passThrough ?? store,
          reader: passThrough?.reader ?? readThrough,
          cacheReads: passThrough === undefined,
          metrics,
          logger,
          auth: { keys: platformKeys },
          cacheSize: config.platformCacheSize,
          ...(flows.timeline ? { timeline: flows.timeline } : {}),
          documents: flows.documents,
          commands: flows.commands,
        })
      : undefined;
  if (platform) invalidation.apply = (change) => platform.invalidate(change);
  if (!platform) logger.warn('no Platform API keys configured (PLATFORM_JWT_SECRET or PLATFORM_JWT_KEYS_FILE): the Platform API is off');

  const bus = createBus({
    store,
    logger,
    metrics,
    instanceId,
    ...(config.amqpUrl ? { amqpUrl: config.amqpUrl } : {}),
    ...(config.busPrefix ? { prefix: config.busPrefix } : {}),
    onEmitted: () => relayHolder.notify?.(),
  });
  const relay = createOutboxRelay({
    store,
    bus,
    logger,
    relayId: instanceId,
    onPublished: (count) => metrics.relayPublished(count),
    onFailed: (count) => metrics.relayFailed(count),
  });
  relayHolder.notify = () => relay.notify();
  const deadLetters = createDeadLetters({ store, bus });
  const busAdmin = createBusAdmin({ deadLetters, store, bus, logger, ...(config.adminToken ? { token: config.adminToken } : {}) });
  const resync = createResyncWorker({ store, readThrough, logger, intervalMs: config.resyncIntervalMs, onResult: (outcome) => metrics.resyncResult(outcome) });
  const cacheControl = createSoapIngress({
    contract: findContract('cache-control')!,
    handlers: createCacheControlHandlers({
      store,
      metrics,
      ...(platform ? { onApplied: (change) => platform.invalidate(change) } : {}),
      onCommitted: () => relay.notify(),
      onResyncMarked: () => resync.wake(),
    }),
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
      (req, res, context) => busAdmin.handler(req, res, context),
      (req, res) => docs(req, res),
    ],
    readiness: [
      { name: 'store', check: () => store.health() },
      { name: 'bus', check: () => bus.health() },
      ...(options.backOfficeHealth
        ? [
            {
              name: 'back-offices',
              check: async () => {
                const unwell = options.backOfficeHealth!().filter((each) => each.status !== 'up');
                return unwell.length === 0 ? { status: 'up' as const } : { status: 'degraded' as const, detail: unwell.map((each) => `${each.backOffice}: ${each.status} (circuit ${each.circuit})`).join('; ') };
              },
            },
          ]
        : []),
    ],
    routes: ['/soap/:service', '/wsdl/*', '/docs', '/docs/*', ...Object.values(PLATFORM_ROUTES), ...(platform?.routes ?? []), ...Object.values(BUS_ADMIN_ROUTES)],
  });

  // Stopped in reverse: HTTP first (in-flight requests finish), then the ingress, the workers,
  // the consumers and the bus, the store, and last what the caller built around the hub.
  const components: Component[] = [
    ...(options.components ?? []),
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
    {
      name: 'bus',
      start: async () => {
        await flows.consume(bus, platform);
        await bus.start();
        metrics.setFlowDepthSource(() => bus.depths());
        metrics.setDeadLetterSource(() => deadLetters.counts());
      },
      stop: async () => {
        metrics.setFlowDepthSource(undefined);
        metrics.setDeadLetterSource(undefined);
        await bus.stop();
      },
    },
    { name: 'relay', start: () => relay.start(), stop: () => relay.stop() },
    { name: 'resync', start: () => resync.start(), stop: () => resync.stop() },
    ...flows.workers,
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
