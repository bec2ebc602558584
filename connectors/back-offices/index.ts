/**
 * The back offices as the hub uses them: one resilient caller per configured back office
 * (connectors/shared), its typed client, and the ProductLoader the read-through loads
 * through. The composition root builds them from the configuration and starts them
 * before the hub; a back office that is not configured is simply absent.
 */
import type { Registry } from 'prom-client';
import type { ProductLoader } from '../../hub/read-through/loader.js';
import { CardsClient } from '../cards/index.js';
import { CoreBankingClient } from '../core-banking/index.js';
import { CrmClient } from '../crm/index.js';
import { createConnectorMetrics, createOperationCaller, type BackOfficeId, type ConnectorHealth, type ConnectorLogger, type ConnectorSettingsInput, type ManagedOperationCaller } from '../shared/index.js';
import { createProductLoader, type BackOfficeClients, type ProductLoaderOptions } from './loader.js';

export { createProductLoader, type BackOfficeClients, type ProductLoaderOptions } from './loader.js';

export interface BackOfficesOptions {
  /** Settings per configured back office (at least an endpoint); see docs/connectors.md. */
  readonly settings: Partial<Readonly<Record<BackOfficeId, ConnectorSettingsInput>>>;
  /** The hub's metrics registry: the connectors' metrics are registered on it once. */
  readonly registry?: Registry;
  readonly logger?: ConnectorLogger;
  readonly loader?: ProductLoaderOptions;
}

export interface BackOffices {
  readonly clients: BackOfficeClients;
  readonly loader: ProductLoader;
  /** Started before the hub, stopped after it. */
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): readonly ConnectorHealth[];
}

export function createBackOffices(options: BackOfficesOptions): BackOffices {
  const metrics = options.registry ? createConnectorMetrics(options.registry) : undefined;
  const callers = new Map<BackOfficeId, ManagedOperationCaller>();
  for (const [backOffice, settings] of Object.entries(options.settings) as [BackOfficeId, ConnectorSettingsInput | undefined][]) {
    if (settings === undefined) continue;
    callers.set(backOffice, createOperationCaller({ backOffice, settings, ...(metrics ? { metrics } : {}), ...(options.logger ? { logger: options.logger } : {}) }));
  }
  const caller = (id: BackOfficeId) => callers.get(id);
  const clients: BackOfficeClients = {
    ...(caller('core-banking') ? { coreBanking: new CoreBankingClient(caller('core-banking')!) } : {}),
    ...(caller('cards') ? { cards: new CardsClient(caller('cards')!) } : {}),
    ...(caller('crm') ? { crm: new CrmClient(caller('crm')!) } : {}),
  };
  return {
    clients,
    loader: createProductLoader(clients, options.loader),
    async start() {
      for (const each of callers.values()) await each.start();
    },
    async stop() {
      const results = await Promise.allSettled([...callers.values()].map((each) => each.stop()));
      const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
    health: () => [...callers.values()].map((each) => each.health()),
  };
}
