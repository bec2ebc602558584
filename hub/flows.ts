/**
 * Which flows run in this hub and what they add to it: their consumers on the bus, their
 * Platform API routes (the timeline, notification preferences, the commands of payments,
 * applications and standing orders) and their workers (the notification sender, the
 * standing-order scheduler). The flow modules come in already verified and imported
 * (hub/compose.ts); only their types are imported here.
 *
 * A command is offered only where its flow can carry it out: payments need core banking,
 * applications the CRM, standing orders the payments flow.
 *
 * With FLOW_WORK=off this process does none of the flow work: it consumes no flow queue
 * and runs no flow worker, and only keeps its L1 cache fresh; hub processes with
 * FLOW_WORK=on on the same database and broker do the work. Routes and commands stay: a
 * command is a row and an outbox message, which any instance may write.
 */
import type { Logger } from 'pino';
import type { BackOfficeClients } from '../connectors/back-offices/index.js';
import type * as ApplicationsModule from '../flows/applications/index.js';
import type * as CacheInvalidationModule from '../flows/cache-invalidation/index.js';
import type * as NotificationsModule from '../flows/notifications/index.js';
import type * as PaymentsModule from '../flows/payments/index.js';
import type * as RecurringPaymentsModule from '../flows/recurring-payments/index.js';
import type * as TimelineModule from '../flows/timeline/index.js';
import type { Bus } from './bus/index.js';
import type { HubConfig } from './config.js';
import type { CacheChange } from './platform/cache.js';
import type { ClientDocument, MountedCommand, OpenApiFragment, PlatformExtension } from './platform/index.js';
import type { Store } from './store/index.js';

/** The flow modules the hub can run, by their folder under flows/. */
export interface HubFlowModules {
  readonly cacheInvalidation?: typeof CacheInvalidationModule;
  readonly timeline?: typeof TimelineModule;
  readonly notifications?: typeof NotificationsModule;
  readonly payments?: typeof PaymentsModule;
  readonly applications?: typeof ApplicationsModule;
  readonly recurringPayments?: typeof RecurringPaymentsModule;
}

export interface FlowWiringOptions {
  readonly modules: HubFlowModules;
  readonly clients: BackOfficeClients;
  readonly store: Store;
  readonly config: HubConfig;
  readonly logger: Logger;
  readonly instanceId: string;
  /** Told after a command or the scheduler committed outbox rows (wake the relay). */
  readonly onCommitted: () => void;
}

export interface Worker {
  readonly name: string;
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

export interface FlowWiring {
  readonly timeline?: { readonly endpoint: PlatformExtension; readonly openapi: OpenApiFragment };
  readonly documents: readonly (ClientDocument & { readonly openapi?: OpenApiFragment })[];
  readonly commands: readonly (MountedCommand & { readonly openapi?: OpenApiFragment })[];
  readonly workers: readonly Worker[];
  /** Registers the consumers on the bus (before it starts); `cache` is the L1 cache of the Platform API, if it runs. */
  consume(bus: Bus, cache: { invalidate(change: CacheChange): void; invalidateAll(): void } | undefined): Promise<void>;
}

export function wireFlows(options: FlowWiringOptions): FlowWiring {
  const { modules, clients, store, config, logger, onCommitted } = options;
  const notifications = modules.notifications?.createNotifications({
    store,
    logger,
    timeZone: config.notifyTimeZone,
    ...(config.smtpUrl ? { smtp: { url: config.smtpUrl, from: config.notifyFrom } } : {}),
    ...(config.smsProviderUrl ? { sms: { url: config.smsProviderUrl, ...(config.smsProviderToken ? { token: config.smsProviderToken } : {}) } } : {}),
    ...(config.pushProviderUrl ? { push: { url: config.pushProviderUrl, ...(config.pushProviderToken ? { token: config.pushProviderToken } : {}) } } : {}),
  });
  const payments = modules.payments && clients.coreBanking ? { module: modules.payments, coreBanking: clients.coreBanking } : undefined;
  const applications = modules.applications && clients.crm ? { module: modules.applications, crm: clients.crm } : undefined;
  const recurring = modules.recurringPayments && payments ? modules.recurringPayments : undefined;
  const scheduler = recurring?.createRecurringPayments({ store, logger, instanceId: options.instanceId, onCommitted });
  const working = config.flowWork === 'on';

  return {
    ...(modules.timeline ? { timeline: { endpoint: modules.timeline.createTimelineEndpoint({ store }), openapi: modules.timeline.TIMELINE_OPENAPI } } : {}),
    documents:
      notifications && modules.notifications
        ? [
            {
              path: modules.notifications.PREFERENCES_PATH,
              openapi: modules.notifications.PREFERENCES_OPENAPI,
              read: (clientId) => notifications.preferences(clientId),
              replace: (clientId, body) => notifications.setPreferences(clientId, body as Parameters<typeof notifications.setPreferences>[1]),
            },
          ]
        : [],
    commands: [
      ...(payments ? [{ path: payments.module.PAYMENTS_PATH, command: payments.module.createPaymentsCommand({ store, onCommitted }), openapi: payments.module.PAYMENTS_OPENAPI }] : []),
      ...(applications
        ? [{ path: applications.module.APPLICATIONS_PATH, command: applications.module.createApplicationsCommand({ store, onCommitted }), openapi: applications.module.APPLICATIONS_OPENAPI }]
        : []),
      ...(recurring ? [{ path: recurring.STANDING_ORDERS_PATH, command: recurring.createStandingOrdersCommand({ store }), openapi: recurring.STANDING_ORDERS_OPENAPI }] : []),
    ],
    workers: working
      ? [
          ...(notifications ? [{ name: 'notification-sender', start: () => notifications.sender.start(), stop: () => notifications.sender.stop() }] : []),
          ...(scheduler ? [{ name: 'recurring-payments', start: () => scheduler.start(), stop: () => scheduler.stop() }] : []),
        ]
      : [],
    async consume(bus, cache) {
      if (modules.cacheInvalidation && cache) {
        await bus.consumeOnEveryInstance(modules.cacheInvalidation.createCacheInvalidationFlow({ invalidate: (change) => cache.invalidate(change), invalidateAll: () => cache.invalidateAll() }));
      }
      if (!working) return;
      if (modules.timeline) await bus.consume(modules.timeline.createTimelineFlow());
      if (notifications) await bus.consume(notifications.flow);
      if (payments) await bus.consume(payments.module.createPaymentsFlow({ coreBanking: payments.coreBanking }));
      if (applications) await bus.consume(applications.module.createApplicationsFlow({ crm: applications.crm }));
    },
  };
}
