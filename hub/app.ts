/**
 * The composition root of the hub process: builds every component from the frozen
 * configuration, starts them in order and stops them in reverse, every stop running
 * even if another fails.
 */
import type { Logger } from 'pino';
import { findContract } from '../common/contracts/catalog.js';
import { createContractHandler } from '../common/contracts/http.js';
import type { HubConfig } from './config.js';
import { createDocsHandler } from './docs/http.js';
import { createHubHttp, type HubHttp } from './http/server.js';
import { createMetrics, type HubMetrics } from './observability/metrics.js';

export interface HubOptions {
  readonly config: HubConfig;
  readonly logger: Logger;
  /** Register the Node process metrics (off in tests that build many hubs). */
  readonly processMetrics?: boolean;
}

export interface Hub {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly url: string | undefined;
  readonly metrics: HubMetrics;
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
  const cacheControl = findContract('cache-control')!;
  const contracts = createContractHandler({ contracts: [cacheControl], ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}) });
  const docs = createDocsHandler('/docs');
  const http: HubHttp = createHubHttp({
    host: config.httpHost,
    port: config.httpPort,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    logger,
    metrics,
    handlers: [(req, res) => contracts(req, res), (req, res) => docs(req, res)],
    routes: ['/soap/:service', '/wsdl/*', '/docs', '/docs/*'],
  });

  const components: Component[] = [{ name: 'http', start: () => http.start(), stop: () => http.stop() }];
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
