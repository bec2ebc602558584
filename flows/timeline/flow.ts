/**
 * The timeline flow: consumes account entries, card, application, loan and deposit changes
 * and payment status events from dbp.events and keeps each client's timeline
 * (timeline_entry) in the bus's transaction. It emits nothing.
 *
 * Balance changes and client data changes are not bound: a balance is a state that the
 * account view shows, and the entry that moved it is on the timeline already; client data
 * is not an event of the client's money or products.
 *
 * Messages that wait at the same time are handled as one batch (handleBatch) with the
 * effect of handling each in order; any problem in a batch makes it throw, and the bus
 * then handles each message on its own, so that errors stay per message.
 */
import { FlowError, type FlowContext, type FlowDefinition, type FlowMessage } from '../../hub/bus/flow.js';
import { recordChange, recordChanges, type RecordOutcome } from './entries.js';
import { unreadable, writeFailure } from './errors.js';
import { timelineChange, type TimelineChange } from './mapping.js';
import { CHANGE_KINDS, PAYMENT_ROUTING_KEYS, readMessage } from './messages.js';

export const TIMELINE_FLOW = 'timeline';

export const TIMELINE_BINDINGS: readonly string[] = [...CHANGE_KINDS.map((kind) => kind.routingKey), ...Object.keys(PAYMENT_ROUTING_KEYS)];

/** What one message means for the timeline; a permanent FlowError when it cannot be read. */
export function changeOf(message: FlowMessage): TimelineChange {
  try {
    return timelineChange(readMessage(message), message.messageId);
  } catch (error) {
    if (error instanceof FlowError) throw error;
    throw new FlowError('SCHEMA_VIOLATION', `the ${message.routingKey} message ${message.messageId} could not be read`, false, { cause: error });
  }
}

/** A message whose id fits the entry's source column, read; a permanent FlowError otherwise. */
function readChange(message: FlowMessage): TimelineChange {
  if (message.messageId.length === 0 || message.messageId.length > 64) {
    throw unreadable('SCHEMA_VIOLATION', `the message id must be 1 to 64 characters, got ${message.messageId.length}`);
  }
  return changeOf(message);
}

/** Handles one message on the flow's transaction; answers what it did to the timeline. */
export async function handleTimelineMessage(message: FlowMessage, context: Pick<FlowContext, 'ex'>): Promise<RecordOutcome> {
  const change = readChange(message);
  try {
    return await recordChange(context.ex, change, message.messageId);
  } catch (error) {
    throw writeFailure(error);
  }
}

/**
 * Handles messages on one transaction with the effect of handleTimelineMessage on each in
 * order, and answers each one's outcome; throws as soon as any of them cannot be read or
 * written, when the transaction must be rolled back.
 */
export async function handleTimelineBatch(messages: readonly FlowMessage[], context: Pick<FlowContext, 'ex'>): Promise<RecordOutcome[]> {
  const items = messages.map((message) => ({ change: readChange(message), messageId: message.messageId }));
  try {
    return await recordChanges(context.ex, items);
  } catch (error) {
    throw writeFailure(error);
  }
}

export function createTimelineFlow(): FlowDefinition {
  return {
    name: TIMELINE_FLOW,
    bindings: TIMELINE_BINDINGS,
    // A pending entry and its booking, or a card's statuses, are handled in the order they happened.
    ordering: 'per-aggregate',
    handle: async (message, context) => {
      await handleTimelineMessage(message, context);
    },
    handleBatch: async (messages, context) => {
      await handleTimelineBatch(messages, context);
    },
  };
}
