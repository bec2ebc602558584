/**
 * The RabbitMQ topology of the bus, declared at every (re)connection; declaring is
 * idempotent, so hub instances and restarts declare the same things side by side:
 *
 * - `dbp.events`: the durable topic exchange every message is published to;
 * - `dbp.flow.<name>`: one durable quorum queue per flow, bound to dbp.events with the
 *   flow's patterns; single active consumer for flows ordered per aggregate, so that one
 *   instance at a time handles them (the others take over when it goes away);
 * - `dbp.flow.<name>.retry.<delay>`: classic durable queues whose messages expire after
 *   the delay and are dead-lettered back to the flow's queue (delayed retry);
 * - `dbp.flow.<name>.dlq`: the flow's dead letters (quorum), headers keeping why;
 * - `dbp.instance.<name>.<instance>`: a fanout consumer's own queue in one instance,
 *   exclusive and deleted with its connection.
 *
 * Every name takes a prefix, so that test runs (or tenants) on one broker stay apart.
 */
import type { Channel } from 'amqplib';
import type { FlowDefinition, InstanceFlowDefinition } from './flow.js';

export interface TopologyNames {
  readonly exchange: string;
  queue(flow: string): string;
  retryQueue(flow: string, delayMs: number): string;
  deadLetterQueue(flow: string): string;
  instanceQueue(flow: string, instanceId: string): string;
}

export function topologyNames(prefix = ''): TopologyNames {
  return {
    exchange: `${prefix}dbp.events`,
    queue: (flow) => `${prefix}dbp.flow.${flow}`,
    retryQueue: (flow, delayMs) => `${prefix}dbp.flow.${flow}.retry.${formatDelay(delayMs)}`,
    deadLetterQueue: (flow) => `${prefix}dbp.flow.${flow}.dlq`,
    instanceQueue: (flow, instanceId) => `${prefix}dbp.instance.${flow}.${instanceId}`,
  };
}

/** '1s', '10s', '60s', '250ms'. */
export function formatDelay(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export async function declareExchange(channel: Channel, names: TopologyNames): Promise<void> {
  await channel.assertExchange(names.exchange, 'topic', { durable: true });
}

export async function declareFlow(channel: Channel, names: TopologyNames, flow: FlowDefinition, retryDelaysMs: readonly number[]): Promise<void> {
  const queue = names.queue(flow.name);
  await channel.assertQueue(queue, {
    durable: true,
    arguments: { 'x-queue-type': 'quorum', ...(flow.ordering === 'per-aggregate' ? { 'x-single-active-consumer': true } : {}) },
  });
  for (const pattern of flow.bindings) await channel.bindQueue(queue, names.exchange, pattern);
  for (const delay of new Set(retryDelaysMs)) {
    await channel.assertQueue(names.retryQueue(flow.name, delay), {
      durable: true,
      arguments: { 'x-message-ttl': delay, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queue },
    });
  }
  await channel.assertQueue(names.deadLetterQueue(flow.name), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
}

/** A fanout consumer's queue in this instance; answers its name. */
export async function declareInstanceQueue(channel: Channel, names: TopologyNames, flow: InstanceFlowDefinition, instanceId: string): Promise<string> {
  const queue = names.instanceQueue(flow.name, instanceId);
  await channel.assertQueue(queue, { durable: false, exclusive: true, autoDelete: true });
  for (const pattern of flow.bindings) await channel.bindQueue(queue, names.exchange, pattern);
  return queue;
}

/** Every queue of these flows, for tools and tests that remove a topology. */
export function flowQueues(names: TopologyNames, flow: string, retryDelaysMs: readonly number[]): string[] {
  return [names.queue(flow), ...[...new Set(retryDelaysMs)].map((delay) => names.retryQueue(flow, delay)), names.deadLetterQueue(flow)];
}
